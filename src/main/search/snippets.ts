// Snippets as parts the renderer shows as text with the matched words marked (never HTML): from FTS5's snippet()
// and highlight() with control-character markers, and, for a match found by meaning, from the best chunk's text.
import type { SnippetPart } from '../../shared/search-types'
import { words } from './offline-embedder'

/** Start and end markers passed to snippet()/highlight(): characters user text does not contain in practice. */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'
/** The marks as the two SQL string literals FTS5's snippet() and highlight() take. */
export const SQL_MARKS = `'${MARK_START}', '${MARK_END}'`

export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  const push = (text: string, match: boolean): void => {
    if (text !== '') parts.push({ text, match })
  }
  let rest = marked
  for (;;) {
    const start = rest.indexOf(MARK_START)
    if (start < 0) break
    const end = rest.indexOf(MARK_END, start + 1)
    if (end < 0) break
    push(rest.slice(0, start), false)
    push(rest.slice(start + 1, end), true)
    rest = rest.slice(end + 1)
  }
  push(rest.replaceAll(MARK_START, '').replaceAll(MARK_END, ''), false)
  return parts
}

const WINDOW = 180

/** A window of `text` around the first word of the query it contains (else its start), those words marked. */
export function windowSnippet(text: string, query: string): SnippetPart[] {
  const wanted = new Set(words(query))
  const tokens = [...text.matchAll(/[\p{L}\p{N}_]+/gu)]
  const isWanted = (token: string): boolean => wanted.has(words(token)[0] ?? '')
  const first = tokens.find((token) => isWanted(token[0]))
  const from = Math.max(0, (first?.index ?? 0) - 60)
  const to = Math.min(text.length, from + WINDOW)
  const parts: SnippetPart[] = []
  let at = from
  for (const token of tokens) {
    const start = token.index
    const end = start + token[0].length
    if (start < from || end > to || !isWanted(token[0])) continue
    if (start > at) parts.push({ text: text.slice(at, start), match: false })
    parts.push({ text: token[0], match: true })
    at = end
  }
  if (at < to) parts.push({ text: text.slice(at, to), match: false })
  if (from > 0) parts.unshift({ text: '…', match: false })
  if (to < text.length) parts.push({ text: '…', match: false })
  return parts
}
