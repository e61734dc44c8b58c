// Typo tolerance for conversation titles: "window functons" finds "SQL window functions". Every word of the query
// must match a word of the title exactly, as its start, or within a small edit distance (1 for words of 4–5
// letters, 2 from 6 letters; shorter words never by a typo). One pass over the titles with a bounded Levenshtein
// that gives up as soon as the bound is passed, so it stays cheap on large libraries.
import type { SnippetPart } from '../../shared/search-types'
import type { Db } from '../store/sqlite/database'
import type { RankedHit } from './search-lists'

const WORD = /[\p{L}\p{N}_]+/gu

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? []
}

/** How many typos a query word may carry. */
export function typoBudget(word: string): number {
  return word.length >= 6 ? 2 : word.length >= 4 ? 1 : 0
}

/** The Levenshtein distance between `a` and `b` when it is at most `max`, otherwise null. */
export function boundedDistance(a: string, b: string, max: number): number | null {
  if (Math.abs(a.length - b.length) > max) return null
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > max) return null
    previous = current
  }
  const distance = previous[b.length] ?? max + 1
  return distance <= max ? distance : null
}

/** How far `word` is from its closest title word (0 for an exact or prefix match), or null when none is close. */
function closest(word: string, titleWords: readonly string[]): number | null {
  let best: number | null = null
  for (const candidate of titleWords) {
    if (candidate.startsWith(word)) return 0
    const distance = boundedDistance(word, candidate, typoBudget(word))
    if (distance !== null && (best === null || distance < best)) best = distance
  }
  return best
}

/** The title with the words that matched the query marked. */
function markedTitle(title: string, query: readonly string[]): SnippetPart[] {
  const parts: SnippetPart[] = []
  let at = 0
  for (const found of title.matchAll(WORD)) {
    const index = found.index
    if (index > at) parts.push({ text: title.slice(at, index), match: false })
    const word = found[0]
    parts.push({ text: word, match: query.some((q) => closest(q, [word.toLowerCase()]) !== null) })
    at = index + word.length
  }
  if (at < title.length) parts.push({ text: title.slice(at), match: false })
  return parts
}

/** Lowercase with accents removed, as the titles' full-text index folds its terms. */
function folded(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** The titles that can match: each query word has a term of the titles' index within its typo budget (or a term it
 * begins). The typos are counted on these alone, not on every title (50,000 conversations took 90 ms a query). Folding
 * only shortens distances, so every title the full count would keep is among them. */
function candidateTitles(
  db: Db,
  queryWords: readonly string[]
): { id: number; uid: string; title: string }[] {
  db.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.conversation_title_terms USING fts5vocab(main, conversation_titles_fts, row)'
  )
  const terms = (
    db.prepare('SELECT term FROM temp.conversation_title_terms').all() as { term: string }[]
  ).map((row) => row.term)
  const groups: string[] = []
  for (const word of queryWords) {
    const near = terms.filter((term) => closest(folded(word), [term]) !== null)
    if (near.length === 0) return []
    groups.push(`(${near.map((term) => `"${term.replace(/"/g, '""')}"`).join(' OR ')})`)
  }
  return db
    .prepare(
      `SELECT c.id, c.uid, c.title FROM conversation_titles_fts JOIN conversations c ON c.id = conversation_titles_fts.rowid
       WHERE conversation_titles_fts MATCH ? AND c.title IS NOT NULL AND c.title != ''`
    )
    .all(groups.join(' AND ')) as { id: number; uid: string; title: string }[]
}

/** Conversations whose title matches every query word with at least one typo, fewest typos first. */
export function fuzzyTitleList(db: Db, query: string, limit: number): RankedHit[] {
  const queryWords = words(query)
  // Without a word long enough to carry a typo, the words search has found everything there is.
  if (!queryWords.some((word) => typoBudget(word) > 0)) return []
  const rows = candidateTitles(db, queryWords)
  const found: { row: (typeof rows)[number]; typos: number }[] = []
  for (const row of rows) {
    const titleWords = words(row.title)
    let typos = 0
    for (const word of queryWords) {
      const distance = closest(word, titleWords)
      if (distance === null) {
        typos = -1
        break
      }
      typos += distance
    }
    // Without a typo the words search finds it already.
    if (typos > 0) found.push({ row, typos })
  }
  return found
    .sort((a, b) => a.typos - b.typos)
    .slice(0, limit)
    .map(({ row }) => ({
      key: `conversation:${row.id}`,
      item: {
        kind: 'conversation',
        conversationId: row.uid,
        title: row.title,
        snippet: markedTitle(row.title, queryWords),
        sources: [],
        score: 0
      }
    }))
}
