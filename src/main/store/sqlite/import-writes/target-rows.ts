// Each kind of record an import creates: its table, a copy of its rows before an update, put back, or removed.
import type { SqlValue } from '../../../base/record-codec'
import type { Db } from '../database'
import { dropRefs, type SecretOwnerKind } from '../secret-refs'
import { stmt } from '../store-changes'

/** The kinds of record an import writes to a table (its keychain entries are not rows: see secret refs). */
export type TableTarget =
  'knowledge' | 'conversation' | 'profile' | 'mcp_server' | 'agent' | 'preference' | 'workspace'

export type TargetRow = Record<string, SqlValue>

interface TargetSpec {
  table: string
  /** The column an import item's target_uid matches. */
  key: 'uid' | 'id'
  children: { table: string; fk: string }[]
  secretOwner?: SecretOwnerKind
}

const TARGETS: Record<TableTarget, TargetSpec> = {
  knowledge: { table: 'knowledge_items', key: 'uid', children: [] },
  conversation: {
    table: 'conversations',
    key: 'uid',
    children: [{ table: 'messages', fk: 'conversation_id' }]
  },
  profile: { table: 'profiles', key: 'uid', children: [], secretOwner: 'profile' },
  mcp_server: { table: 'mcp_servers', key: 'uid', children: [], secretOwner: 'mcp_server' },
  agent: {
    table: 'agents',
    key: 'uid',
    children: [{ table: 'agent_mcp_servers', fk: 'agent_id' }],
    secretOwner: 'agent'
  },
  preference: { table: 'preferences', key: 'id', children: [], secretOwner: 'preference' },
  workspace: { table: 'workspaces', key: 'uid', children: [] }
}

/** A record as it was before an import changed it: its row and its child rows. */
export interface TargetSnapshot {
  row: TargetRow
  children: Record<string, TargetRow[]>
  /** Its keychain references (profiles, MCP servers, agents, preferences): the entries themselves stay. */
  refs?: TargetRow[]
}

function targetRow(db: Db, kind: TableTarget, uid: string): TargetRow | undefined {
  const spec = TARGETS[kind]
  return stmt(db, `SELECT * FROM ${spec.table} WHERE ${spec.key} = ?`).get(uid) as TargetRow | undefined
}

export function targetExists(db: Db, kind: TableTarget, uid: string): boolean {
  return targetRow(db, kind, uid) !== undefined
}

export function snapshotTarget(db: Db, kind: TableTarget, uid: string): TargetSnapshot | null {
  const row = targetRow(db, kind, uid)
  if (!row) return null
  const children: Record<string, TargetRow[]> = {}
  for (const child of TARGETS[kind].children)
    children[child.table] = stmt(db, `SELECT * FROM ${child.table} WHERE ${child.fk} = ? ORDER BY rowid`).all(
      row['id']
    ) as TargetRow[]
  const owner = TARGETS[kind].secretOwner
  const refs = owner
    ? (stmt(db, 'SELECT * FROM secret_refs WHERE owner_kind = ? AND owner_id = ? ORDER BY account').all(
        owner,
        row['id']
      ) as TargetRow[])
    : undefined
  return { row, children, ...(refs ? { refs } : {}) }
}

/** Inserts a copied row as it was. `table` is one of TARGETS' own, never user input. */
function insertRow(db: Db, table: string, row: TargetRow): void {
  const columns = Object.keys(row)
  stmt(
    db,
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  ).run(row)
}

/** Puts a snapshot back in place: the row updated column by column (so full-text triggers see the change), the
 * child rows and keychain references replaced by the copies. Returns the keychain accounts only the replaced references
 * pointed at, to delete once the transaction commits. Call inside a transaction. */
export function restoreTarget(db: Db, kind: TableTarget, snapshot: TargetSnapshot): string[] {
  const spec = TARGETS[kind]
  const columns = Object.keys(snapshot.row).filter((c) => c !== 'id')
  const updated = stmt(
    db,
    `UPDATE ${spec.table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`
  ).run(snapshot.row)
  if (updated.changes === 0) insertRow(db, spec.table, snapshot.row)
  for (const child of spec.children) {
    stmt(db, `DELETE FROM ${child.table} WHERE ${child.fk} = ?`).run(snapshot.row['id'])
    for (const row of snapshot.children[child.table] ?? []) insertRow(db, child.table, row)
  }
  if (!spec.secretOwner || !snapshot.refs) return []
  const kept = new Set(snapshot.refs.map((ref) => ref['account']))
  const replaced = dropRefs(db, spec.secretOwner, Number(snapshot.row['id']))
  for (const ref of snapshot.refs) insertRow(db, 'secret_refs', ref)
  return replaced.filter((account) => !kept.has(account))
}

/** Removes a record and its child rows; returns the keychain accounts it owned, to delete once the transaction
 * commits. Call inside a transaction. */
export function removeTarget(db: Db, kind: TableTarget, uid: string): string[] {
  const spec = TARGETS[kind]
  const row = targetRow(db, kind, uid)
  if (!row) return []
  const accounts = spec.secretOwner ? dropRefs(db, spec.secretOwner, Number(row['id'])) : []
  for (const child of spec.children)
    stmt(db, `DELETE FROM ${child.table} WHERE ${child.fk} = ?`).run(row['id'])
  stmt(db, `DELETE FROM ${spec.table} WHERE id = ?`).run(row['id'])
  return accounts
}

/** Removes the keychain reference held under `account` (the entry itself is the caller's to delete). */
export function removeSecretRef(db: Db, account: string): void {
  stmt(db, 'DELETE FROM secret_refs WHERE account = ?').run(account)
}
