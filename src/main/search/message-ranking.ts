// How the messages list of words search picks and orders its results at any size: bm25 over the newest matches, or
// the newest first when a word is too common for bm25 to count quickly; snippets made for the results only.
import type { Db } from '../store/sqlite/database'
import { SQL_MARKS } from './snippets'
import { messagesHolding } from './term-counts'

/** How the messages list ranks. bm25 counts, for each word of a query, every message holding it (about 100 ms for a
 * word in 230,000 messages of a million), and scores every match it ranks. So a query with a word held by more than
 * `bm25MaxDocuments` messages lists its newest matches first; any other ranks by bm25 its newest `window` matches
 * (all of them when there are fewer, as before). */
export interface MessageRanking {
  window: number
  bm25MaxDocuments: number
}

export const MESSAGE_RANKING: MessageRanking = { window: 4000, bm25MaxDocuments: 20_000 }

const SNIPPET = `snippet(messages_fts, 0, ${SQL_MARKS}, '…', 16)`

/** The best `limit` messages matching, in order, with their snippets (computed for those only). */
export function bestMessageMatches(
  db: Db,
  match: string,
  limit: number,
  ranking: MessageRanking
): { id: number; marked: string }[] {
  // ftsQuery's terms are quoted words, one space apart.
  const common = match.split(' ').some((term) => messagesHolding(db, term) > ranking.bm25MaxDocuments)
  if (common)
    return db
      .prepare(
        `SELECT rowid AS id, ${SNIPPET} AS marked FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
      )
      .all(match, limit) as { id: number; marked: string }[]
  const best = db
    .prepare(
      `WITH newest AS (
         SELECT rowid AS id, bm25(messages_fts) AS score FROM messages_fts WHERE messages_fts MATCH ?
         ORDER BY rowid DESC LIMIT ?
       )
       SELECT id FROM newest ORDER BY score, id DESC LIMIT ?`
    )
    .all(match, ranking.window, limit) as { id: number }[]
  if (best.length === 0) return []
  // Snippets on the walk over the newest matches, for the chosen ones only: FTS5 finds one row by id through every
  // segment of the index (5 to 10 ms a row at a million messages), where the walk takes a millisecond or two.
  const marked = new Map(
    (
      db
        .prepare(
          `SELECT rowid AS id, CASE WHEN rowid IN (SELECT value FROM json_each(?)) THEN ${SNIPPET} END AS marked
           FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
        )
        .all(JSON.stringify(best.map(({ id }) => id)), match, ranking.window) as {
        id: number
        marked: string | null
      }[]
    ).flatMap((row) => (row.marked === null ? [] : [[row.id, row.marked] as const]))
  )
  return best.flatMap(({ id }) => {
    const snippet = marked.get(id)
    return snippet === undefined ? [] : [{ id, marked: snippet }]
  })
}
