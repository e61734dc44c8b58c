// Write helpers shared by the services: one transaction per write that bumps the mutation counter, app
// timestamps, export positions after legacy and quarantined records, and column edits of legacy rows.
import { parseJsonText } from '../../base/json-text'
import type Database from 'better-sqlite3'
import type { Db } from './database'
import { isPlainObject, type JsonObject, type SqlValue } from '../../base/record-codec'
import { CONVERSATIONS_FILE, MCP_FILE, MODELS_FILE } from '../../legacy/legacy-files'

const statements = new WeakMap<Db, Map<string, Database.Statement>>()

/** A prepared statement, compiled once per database connection. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}

const BUMP_MUTATIONS = `INSERT INTO meta(key, value) VALUES('mutations', '1')
  ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`

/** Counts a user change, so rollback can tell whether anything changed since the migration. */
export function recordMutation(db: Db): void {
  stmt(db, BUMP_MUTATIONS).run()
}

/**
 * Runs `fn` in one transaction (a savepoint when nested) and counts it as one user change. BEGIN IMMEDIATE: the write
 * lock is taken first, waiting out other writers (busy timeout), because a deferred transaction that reads and then
 * writes fails at once with SQLITE_BUSY (or SQLITE_BUSY_SNAPSHOT) when another process wrote in between.
 */
export function mutate<T>(db: Db, fn: () => T): T {
  return db
    .transaction(() => {
      const result = fn()
      recordMutation(db)
      return result
    })
    .immediate()
}

/** Records that a migrated record was deleted on purpose, so verification and export do not count it as lost. */
export function recordDeletion(
  db: Db,
  kind: 'conversation' | 'profile' | 'mcp_server',
  row: { origin: string; uid: string }
): void {
  if (row.origin !== 'legacy') return
  stmt(db, 'INSERT OR REPLACE INTO deletions(kind, uid, deleted_at) VALUES (?, ?, ?)').run(
    kind,
    row.uid,
    appTimestamp().iso
  )
}

export interface AppTimestamp {
  iso: string
  /** The ISO string as JSON text, the form timestamp columns hold. */
  json: string
  ms: number
}

export function appTimestamp(now: Date = new Date()): AppTimestamp {
  const iso = now.toISOString()
  return { iso, json: JSON.stringify(iso), ms: now.getTime() }
}

export type RecordTable = 'conversations' | 'profiles' | 'mcp_servers'

const TABLE_FILES: Record<RecordTable, string> = {
  conversations: CONVERSATIONS_FILE,
  profiles: MODELS_FILE,
  mcp_servers: MCP_FILE
}

/** 1 + the highest position among the table's rows and its file's top-level quarantined records (0 when empty). */
export function nextPosition(db: Db, table: RecordTable): number {
  const row = stmt(
    db,
    `SELECT MAX(p) AS p FROM (
       SELECT MAX(position) AS p FROM ${table}
       UNION ALL SELECT MAX(position) FROM quarantine WHERE file = ? AND conversation_id IS NULL)`
  ).get(TABLE_FILES[table]) as { p: number | null }
  return row.p === null ? 0 : row.p + 1
}

/** 1 + the highest position among the conversation's messages and its quarantined messages. */
export function nextMessagePosition(db: Db, conversationId: number): number {
  const row = stmt(
    db,
    `SELECT MAX(p) AS p FROM (
       SELECT MAX(position) AS p FROM messages WHERE conversation_id = ?
       UNION ALL SELECT MAX(position) FROM quarantine WHERE file = ? AND conversation_id = ?)`
  ).get(conversationId, CONVERSATIONS_FILE, conversationId) as { p: number | null }
  return row.p === null ? 0 : row.p + 1
}

/** `extra` without the given keys, or null when it has none of them (so an untouched extra is never rewritten). */
export function extraWithout(extra: string, keys: readonly string[]): string | null {
  const parsed: unknown = parseJsonText(extra)
  if (!isPlainObject(parsed)) return null
  const object: JsonObject = parsed
  if (!keys.some((key) => Object.hasOwn(object, key))) return null
  return JSON.stringify(Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key))))
}

export interface ColumnEdit {
  column: string
  /** The legacy field the column holds; removed from extra when the column gets a value. */
  key: string
  value: SqlValue
}

export interface ColumnPlan {
  sets: string[]
  values: SqlValue[]
}

/**
 * The UPDATE for the edits whose value differs from the row, dropping their legacy keys from extra where the
 * column now holds the field, and marking the row changed; null when nothing differs.
 */
export function planColumnEdits(row: { extra: string }, edits: readonly ColumnEdit[]): ColumnPlan | null {
  const columns = row as unknown as Record<string, unknown>
  const differing = edits.filter((edit) => columns[edit.column] !== edit.value)
  const extra = extraWithout(
    row.extra,
    edits.filter((edit) => edit.value !== null).map((edit) => edit.key)
  )
  if (differing.length === 0 && extra === null) return null
  const sets = differing.map((edit) => `${edit.column} = ?`)
  const values: SqlValue[] = differing.map((edit) => edit.value)
  if (extra !== null) {
    sets.push('extra = ?')
    values.push(extra)
  }
  sets.push('changed = 1')
  return { sets, values }
}

/** Applies a plan. `table` and the column names are the services' own constants, never user input. */
export function writeColumnPlan(db: Db, table: RecordTable, id: number, plan: ColumnPlan): void {
  stmt(db, `UPDATE ${table} SET ${plan.sets.join(', ')} WHERE id = ?`).run(...plan.values, id)
}
