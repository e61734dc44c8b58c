// A reply's markdown cut into its top-level blocks (paragraphs, lists, tables, code blocks…), so a streaming reply
// re-renders only the block still being written; link definitions go with every block, so `[text][ref]` still
// finds its URL.
import { Lexer } from 'marked'

export function markdownBlocks(text: string): string[] {
  const tokens = new Lexer({ gfm: true }).lex(text)
  const definitions = tokens
    .filter((token) => token.type === 'def')
    .map((token) => token.raw.trim())
    .join('\n')
  const blocks: string[] = []
  for (const token of tokens) {
    if (token.type === 'def') continue
    // Blank lines belong to the block before them (they never start one).
    if (token.type === 'space' && blocks.length > 0) blocks[blocks.length - 1] += token.raw
    else if (token.type !== 'space') blocks.push(token.raw)
  }
  return definitions === '' ? blocks : blocks.map((block) => `${block.trimEnd()}\n\n${definitions}\n`)
}
