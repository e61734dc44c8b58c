// How many messages hold a word of a query (an FTS5 term like `"word"` or `"word"*`), counted once and kept for ten
// minutes per connection: search uses it to choose how to rank, so an old count only delays that choice.
import type { Db } from '../store/sqlite/database'

const KEEP_MS = 10 * 60_000
const MAX_TERMS = 10_000

const counts = new WeakMap<Db, Map<string, { count: number; at: number }>>()

export function messagesHolding(db: Db, term: string, now = Date.now()): number {
  let known = counts.get(db)
  if (!known) counts.set(db, (known = new Map()))
  const kept = known.get(term)
  if (kept && now - kept.at < KEEP_MS) return kept.count
  const { n } = db.prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get(term) as {
    n: number
  }
  if (known.size >= MAX_TERMS) known.clear()
  known.set(term, { count: n, at: now })
  return n
}
