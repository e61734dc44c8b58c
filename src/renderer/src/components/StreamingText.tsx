// A long text that grows at its end (a reply streaming in), split into blocks at line ends: the blocks already
// complete never change, so each chunk lays out only the last block instead of the whole reply.
import { memo } from 'react'

/** A block ends at the first line end after this many characters. */
const BLOCK_CHARS = 2_000

/** Block boundaries depend only on the text before them, so a block, once complete, stays the same as text is added. */
export function textBlocks(text: string): string[] {
  const blocks: string[] = []
  let start = 0
  for (;;) {
    const end = text.indexOf('\n', start + BLOCK_CHARS)
    if (end === -1) break
    blocks.push(text.slice(start, end + 1))
    start = end + 1
  }
  blocks.push(text.slice(start))
  return blocks
}

// The last block is inline, so the streaming cursor follows its text.
const Block = memo(function Block({ text, last }: { text: string; last: boolean }) {
  return <span className={last ? 'text-block text-block-last' : 'text-block'}>{text}</span>
})

export function StreamingText({ text }: { text: string }) {
  const blocks = textBlocks(text)
  return (
    <>
      {blocks.map((block, index) => (
        <Block key={index} text={block} last={index === blocks.length - 1} />
      ))}
    </>
  )
}
