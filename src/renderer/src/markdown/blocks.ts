// A reply's markdown cut into its top-level blocks (paragraphs, lists, tables, code blocks…), so a streaming reply
// re-renders only the block still being written; link definitions go with every block, so `[text][ref]` still
// finds its URL. A very long paragraph is cut at line ends into pieces, and a streaming reply is cut again only
// from its last block on, so each chunk costs the same however long the reply has grown.
import { Lexer } from 'marked'

/** A paragraph is cut at the first line end after each this many characters (a longer single line stays whole). */
const PIECE = 2_000

/** The pieces of a long paragraph; each boundary depends only on the text before it. */
function pieces(raw: string): string[] {
  const out: string[] = []
  let start = 0
  while (raw.length - start > PIECE) {
    const end = raw.indexOf('\n', start + PIECE)
    if (end === -1 || end === raw.length - 1) break
    out.push(raw.slice(start, end + 1))
    start = end + 1
  }
  out.push(raw.slice(start))
  return out
}

function cut(text: string): { blocks: string[]; definitions: string } {
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
    else if (token.type === 'paragraph') blocks.push(...pieces(token.raw))
    else if (token.type !== 'space') blocks.push(token.raw)
  }
  return {
    blocks: definitions === '' ? blocks : blocks.map((block) => `${block.trimEnd()}\n\n${definitions}\n`),
    definitions
  }
}

export function markdownBlocks(text: string): string[] {
  return cut(text).blocks
}

/** The blocks of a reply as it streams, with what the next cut starts from. */
export interface StreamedBlocks {
  text: string
  blocks: string[]
  definitions: boolean
}

/**
 * The blocks of `text`, cut again only from the last block of `previous` on when `text` extends its text (the
 * blocks before it are finished); the whole text is cut when it does not, or when link definitions are involved.
 */
export function streamedBlocks(text: string, previous: StreamedBlocks | null): StreamedBlocks {
  if (previous && !previous.definitions && previous.blocks.length > 1 && text.startsWith(previous.text)) {
    const finished = previous.blocks.slice(0, -1)
    const resume = finished.reduce((length, block) => length + block.length, 0)
    if (text.slice(0, resume) === finished.join('')) {
      const tail = cut(text.slice(resume))
      if (tail.definitions === '') return { text, blocks: [...finished, ...tail.blocks], definitions: false }
    }
  }
  const whole = cut(text)
  return { text, blocks: whole.blocks, definitions: whole.definitions !== '' }
}
