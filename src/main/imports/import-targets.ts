// The records an import creates, by kind: where each lives, how to copy it (with its child rows) before an update,
// how to put that copy back, and how to remove it, handing back the keychain accounts it owned.
import type { Db } from '../store/sqlite/database'
import type { SqlValue } from '../base/record-codec'
import { dropRefs, type SecretOwnerKind } from '../store/sqlite/secret-refs'
import type { TargetKind } from './import-run'
import type { IdMapping } from './legacy-id-map'

type Row = Record<string, SqlValue>

interface TargetSpec {
  table: string
  /** The column an import item's target_uid matches. */
  key: 'uid' | 'id'
  children: { table: string; fk: string }[]
  secretOwner?: SecretOwnerKind
}

export type TableTarget = Exclude<TargetKind, 'secret'>

export const TARGETS: Record<TableTarget, TargetSpec> = {
  knowledge: { table: 'knowledge_items', key: 'uid', children: [] },
  conversation: {
    table: 'conversations',
    key: 'uid',
    children: [{ table: 'messages', fk: 'conversation_id' }]
  },
  profile: { table: 'profiles', key: 'uid', children: [], secretOwner: 'profile' },
  mcp_server: { table: 'mcp_servers', key: 'uid', children: [], secretOwner: 'mcp_server' },
  agent: { table: 'agents', key: 'uid', children: [{ table: 'agent_mcp_servers', fk: 'agent_id' }] },
  preference: { table: 'preferences', key: 'id', children: [] },
  workspace: { table: 'workspaces', key: 'uid', children: [] }
}

/** A record as it was before an import changed it: its row, its child rows, and the id mapping that pointed at it. */
export interface TargetSnapshot {
  row: Row
  children: Record<string, Row[]>
  /** Its keychain references (profiles and MCP servers): the keychain entries themselves are never touched. */
  refs?: Row[]
  mapping?: IdMapping | null
}

function targetRow(db: Db, kind: TableTarget, uid: string): Row | undefined {
  const spec = TARGETS[kind]
  return db.prepare(`SELECT * FROM ${spec.table} WHERE ${spec.key} = ?`).get(uid) as Row | undefined
}

export function targetExists(db: Db, kind: TableTarget, uid: string): boolean {
  return targetRow(db, kind, uid) !== undefined
}

export function snapshotTarget(db: Db, kind: TableTarget, uid: string): TargetSnapshot | null {
  const row = targetRow(db, kind, uid)
  if (!row) return null
  const children: Record<string, Row[]> = {}
  for (const child of TARGETS[kind].children)
    children[child.table] = db
      .prepare(`SELECT * FROM ${child.table} WHERE ${child.fk} = ? ORDER BY rowid`)
      .all(row['id']) as Row[]
  const owner = TARGETS[kind].secretOwner
  const refs = owner
    ? (db
        .prepare('SELECT * FROM secret_refs WHERE owner_kind = ? AND owner_id = ? ORDER BY account')
        .all(owner, row['id']) as Row[])
    : undefined
  return { row, children, ...(refs ? { refs } : {}) }
}

function insertRow(db: Db, table: string, row: Row): void {
  const columns = Object.keys(row)
  db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  ).run(row)
}

/** Puts a snapshot back in place: the row updated column by column (so full-text triggers see the change), the
 * child rows replaced by the copies. Call inside a transaction. */
export function restoreTarget(db: Db, kind: TableTarget, snapshot: TargetSnapshot): void {
  const spec = TARGETS[kind]
  const columns = Object.keys(snapshot.row).filter((c) => c !== 'id')
  const updated = db
    .prepare(`UPDATE ${spec.table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
    .run(snapshot.row)
  if (updated.changes === 0) insertRow(db, spec.table, snapshot.row)
  for (const child of spec.children) {
    db.prepare(`DELETE FROM ${child.table} WHERE ${child.fk} = ?`).run(snapshot.row['id'])
    for (const row of snapshot.children[child.table] ?? []) insertRow(db, child.table, row)
  }
  if (spec.secretOwner && snapshot.refs) {
    db.prepare('DELETE FROM secret_refs WHERE owner_kind = ? AND owner_id = ?').run(
      spec.secretOwner,
      snapshot.row['id']
    )
    for (const ref of snapshot.refs) insertRow(db, 'secret_refs', ref)
  }
}

/** Removes a record and its child rows; returns the keychain accounts it owned, to delete once the transaction
 * commits. Call inside a transaction. */
export function removeTarget(db: Db, kind: TableTarget, uid: string): string[] {
  const spec = TARGETS[kind]
  const row = targetRow(db, kind, uid)
  if (!row) return []
  const accounts = spec.secretOwner ? dropRefs(db, spec.secretOwner, Number(row['id'])) : []
  for (const child of spec.children)
    db.prepare(`DELETE FROM ${child.table} WHERE ${child.fk} = ?`).run(row['id'])
  db.prepare(`DELETE FROM ${spec.table} WHERE id = ?`).run(row['id'])
  return accounts
}
