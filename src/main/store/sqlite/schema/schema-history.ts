// The schema_history table: one row per applied migration (checksum, time taken), or per failed attempt (error set).
import type { Db } from '../database'

export interface HistoryRow {
  version: number
  name: string
  checksum: string
  appliedAt: string
  executionMs: number
  /** Set when the last attempt at this version failed and was rolled back; the version is then not applied. */
  error: string | null
}

interface RawRow {
  version: number
  name: string
  checksum: string
  applied_at: string
  execution_ms: number
  error: string | null
}

export function ensureHistoryTable(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_history (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  execution_ms INTEGER NOT NULL,
  error TEXT
)`)
}

/** All history rows by version; empty when the table does not exist yet (safe on a read-only connection). */
export function readHistory(db: Db): HistoryRow[] {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_history'")
    .get()
  if (!table) return []
  const rows = db.prepare('SELECT * FROM schema_history ORDER BY version').all() as RawRow[]
  return rows.map((r) => ({
    version: r.version,
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.applied_at,
    executionMs: r.execution_ms,
    error: r.error
  }))
}

/** Records a success (error null) or a failed attempt; a later success replaces the failure row. */
export function writeHistory(db: Db, row: HistoryRow): void {
  db.prepare(
    `INSERT OR REPLACE INTO schema_history (version, name, checksum, applied_at, execution_ms, error)
     VALUES (@version, @name, @checksum, @appliedAt, @executionMs, @error)`
  ).run(row)
}

export function deleteHistory(db: Db, version: number): void {
  db.prepare('DELETE FROM schema_history WHERE version = ?').run(version)
}
