// Settings for filling a staging database in bulk, and the full-text index built once after the load. The staging
// file is thrown away if the run stops before its commit, so it needs no on-disk journal or fsync per batch; the
// store's settings are put back (WAL, full sync, foreign keys) and the file fsynced before the commit, and the index
// (with its triggers) is built after it.
import { fsyncFileAsync } from '../../../fs/atomic-write'
import type { Db } from '../database'

/** Page cache during the load, in KiB (SQLite's negative cache_size). */
export const BULK_CACHE_KIB = 16 * 1024
/** Messages indexed per statement, so progress can be reported between them. */
const INDEX_CHUNK = 20_000

/**
 * The CREATE TRIGGER statements of the full-text triggers on messages that a bulk load dropped, as the database
 * itself held them (so a later schema's version of them is what comes back, never an older one).
 */
export type SearchTriggers = readonly string[]

/** Quotes an SQL identifier. */
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** The full-text triggers on messages the database holds now (none while its index is still to be built). */
export function searchTriggerRows(db: Db): { name: string; sql: string }[] {
  return db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages' AND instr(sql, 'messages_fts') > 0 ORDER BY rowid"
    )
    .all() as { name: string; sql: string }[]
}

/**
 * Switches the staging database to bulk settings and drops the triggers that keep messages_fts in step with
 * messages; returns their SQL, which buildSearchIndex runs again once the index is built.
 */
export function beginBulkLoad(db: Db): SearchTriggers {
  db.pragma('journal_mode = MEMORY')
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = OFF')
  db.pragma(`cache_size = -${BULK_CACHE_KIB}`)
  const triggers = searchTriggerRows(db)
  db.transaction(() => {
    for (const { name } of triggers) db.exec(`DROP TRIGGER ${quoted(name)}`)
  })()
  return triggers.map((t) => t.sql)
}

/** FTS5 keeps this many bytes of new terms in memory before it writes a segment (its default is 1 MB). */
const BULK_FTS_HASH_BYTES = 16 * 1024 * 1024
const DEFAULT_FTS_HASH_BYTES = 1024 * 1024

/**
 * Indexes every message for full-text search in one transaction, with a large in-memory term buffer so the index
 * is written in few, large segments, and puts back the triggers beginBulkLoad dropped; `onProgress` gets the share
 * done (0 to 1). The transaction takes the write lock first, so it indexes exactly the messages it sees and the
 * triggers take over from there; a process killed inside it leaves no index and no triggers, to build again.
 */
export function buildSearchIndex(
  db: Db,
  triggers: SearchTriggers,
  onProgress: (share: number) => void
): void {
  const range = db.prepare('SELECT MIN(id) AS low, MAX(id) AS high FROM messages')
  // FTS5 takes its settings as literals only (a bound value is refused).
  const hashSize = (bytes: number): void => {
    db.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES ('hashsize', ${Math.trunc(bytes)})`)
  }
  // A reply still streaming enters the index when it ends (its status leaves 'streaming'), as the triggers do.
  const insert = db.prepare(
    `INSERT INTO messages_fts(rowid, content) SELECT id, content FROM messages
     WHERE id >= ? AND id < ? AND reply_status IS NOT 'streaming'`
  )
  db.transaction(() => {
    const { low, high } = range.get() as { low: number | null; high: number | null }
    hashSize(BULK_FTS_HASH_BYTES)
    if (low !== null && high !== null) {
      for (let from = low; from <= high; from += INDEX_CHUNK) {
        insert.run(from, from + INDEX_CHUNK)
        onProgress((from + INDEX_CHUNK - low) / (high - low + 1))
      }
    }
    hashSize(DEFAULT_FTS_HASH_BYTES)
    for (const sql of triggers) db.exec(sql)
  }).immediate()
  onProgress(1)
}

/**
 * Puts the store's own settings back and makes the file durable before it is renamed into place. The load wrote
 * without syncing, so the bulk of the flush happens first, on the thread pool: the final close then has little
 * left to sync, and the run keeps reporting progress meanwhile.
 */
export async function endBulkLoad(db: Db, file: string): Promise<void> {
  await fsyncFileAsync(file)
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = FULL')
  db.pragma('journal_mode = WAL')
  db.pragma('cache_size = -2000')
  db.close()
  await fsyncFileAsync(file)
}
