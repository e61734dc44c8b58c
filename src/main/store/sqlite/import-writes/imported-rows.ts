// The rows of imported workspaces, conversations, profiles, MCP servers, agents and preferences.
import { randomUUID } from 'node:crypto'
import { parseTimestamp } from '../../../legacy/record-checks'
import { splitRecord, type JsonObject, type JsonValue, type SqlValue } from '../../../base/record-codec'
import type { Db } from '../database'
import { CONVERSATION_FIELDS, MCP_LIST_FIELDS, MESSAGE_FIELDS, PROFILE_FIELDS } from '../record-specs'
import { putRef } from '../secret-refs'
import { nextMessagePosition, nextPosition, stmt } from '../store-changes'

/* Records are written in the legacy record shape (typed columns + extra), with origin 'app', so export, rollback to
 * legacy files and the hybrid mirror carry them like records the user made. */

export interface RecordRef {
  id: number
  uid: string
}

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

type ImportedTable = 'workspaces' | 'conversations' | 'messages' | 'profiles' | 'mcp_servers'

/** Inserts a row; `table` and the column names are this module's own, never user input. */
function insert(db: Db, table: ImportedTable, row: Record<string, SqlValue>): number {
  const columns = Object.keys(row)
  return Number(
    stmt(
      db,
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
    ).run(row).lastInsertRowid
  )
}

export interface WorkspaceRow {
  uid: string
  name: string
  /** Where its records came from, e.g. `localstorage:<tenant>`. */
  source: string
  createdAt: string
}

/** Adds a workspace; returns its row id. */
export function insertWorkspace(db: Db, workspace: WorkspaceRow): number {
  return insert(db, 'workspaces', {
    uid: workspace.uid,
    name: workspace.name,
    source: workspace.source,
    created_at: workspace.createdAt
  })
}

/**
 * A conversation in the legacy shape: `title`, `created_at`, `updated_at` (ISO strings or epoch numbers, kept as
 * given), any other fields (kept in extra), and `messages`, each with `role`, `content` (a string) and `created_at`.
 */
export interface ImportedConversation {
  record: JsonObject
  messages: JsonObject[]
  workspaceId: number | null
}

function insertMessage(db: Db, conversationId: number, position: number, message: JsonObject): void {
  const split = splitRecord({ ...message, id: message['id'] ?? randomUUID() }, MESSAGE_FIELDS)
  insert(db, 'messages', {
    ...split.columns,
    conversation_id: conversationId,
    position,
    created_ms: ms(message['created_at']),
    extra: split.extra
  })
}

/** Inserts a conversation and its messages in their order; returns its new uid. Call inside a transaction. */
export function insertConversation(db: Db, input: ImportedConversation): RecordRef {
  const uid = randomUUID()
  const { columns, extra } = splitRecord({ ...input.record, id: uid }, CONVERSATION_FIELDS)
  const createdMs = ms(input.record['created_at'])
  const updatedMs = ms(input.record['updated_at'])
  let lastMessageMs: number | null = null
  for (const message of input.messages) {
    const at = ms(message['created_at'])
    if (at !== null) lastMessageMs = Math.max(lastMessageMs ?? at, at)
  }
  const id = insert(db, 'conversations', {
    ...columns,
    position: nextPosition(db, 'conversations'),
    created_ms: createdMs,
    updated_ms: updatedMs,
    sort_ms: updatedMs ?? lastMessageMs ?? createdMs ?? Date.now(),
    messages_shape: 'array',
    message_count: input.messages.length,
    extra,
    origin: 'app',
    changed: 0,
    workspace_id: input.workspaceId
  })
  input.messages.forEach((message, index) => insertMessage(db, id, index, message))
  return { id, uid }
}

/** Appends messages to an imported conversation (a re-import that found new ones). Call inside a transaction. */
export function appendMessages(db: Db, conversation: RecordRef, messages: JsonObject[]): void {
  let position = nextMessagePosition(db, conversation.id)
  for (const message of messages) insertMessage(db, conversation.id, position++, message)
  stmt(db, 'UPDATE conversations SET message_count = message_count + ? WHERE id = ?').run(
    messages.length,
    conversation.id
  )
}

export type ConfigTable = 'profiles' | 'mcp_servers'

/** A profile or MCP server with its secrets already in the keychain: the record without them, and where each was. */
export interface ConfigRecordRows {
  table: ConfigTable
  uid: string
  stripped: JsonObject
  secrets: readonly { pointer: string; account: string }[]
}

export interface ConfigPlacement {
  workspaceId: number | null
  /** Where an MCP server came from (ignored for profiles). */
  source?: string | null
}

/** Writes a profile or MCP server with its keychain references. Call inside a transaction. */
export function writeConfigRecord(db: Db, record: ConfigRecordRows, placement: ConfigPlacement): RecordRef {
  const fields = record.table === 'profiles' ? PROFILE_FIELDS : MCP_LIST_FIELDS
  const { columns, extra } = splitRecord({ ...record.stripped, id: record.uid }, fields)
  const row: Record<string, SqlValue> = {
    ...columns,
    position: nextPosition(db, record.table),
    extra,
    origin: 'app',
    changed: 0,
    workspace_id: placement.workspaceId
  }
  if (record.table === 'mcp_servers') row['source'] = placement.source ?? null
  const id = insert(db, record.table, row)
  const ownerKind = record.table === 'profiles' ? 'profile' : 'mcp_server'
  for (const secret of record.secrets) putRef(db, ownerKind, id, secret.pointer, secret.account)
  return { id, uid: record.uid }
}

/** Puts an imported server's settings on the MCP server `uid` (its row id and place kept); its old keychain
 * references are dropped (the entries stay, so a rollback can point at them again). Call inside a transaction. */
export function replaceMcpServer(
  db: Db,
  uid: string,
  record: Pick<ConfigRecordRows, 'stripped' | 'secrets'>,
  source: string
): void {
  const { columns, extra } = splitRecord(
    { ...record.stripped },
    MCP_LIST_FIELDS.filter((f) => f.column !== 'uid')
  )
  const row = stmt(db, 'SELECT id FROM mcp_servers WHERE uid = ?').get(uid) as { id: number }
  const values = { ...columns, extra, source, changed: 1, id: row.id }
  stmt(
    db,
    `UPDATE mcp_servers SET ${Object.keys(values)
      .filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE id = @id`
  ).run(values)
  stmt(db, "DELETE FROM secret_refs WHERE owner_kind = 'mcp_server' AND owner_id = ?").run(row.id)
  for (const secret of record.secrets) putRef(db, 'mcp_server', row.id, secret.pointer, secret.account)
}

export interface AgentRow {
  uid: string
  workspaceId: number | null
  name: string
  systemPrompt: string | null
  /** The row id of its profile, or null when it has none (or it was not found). */
  profileId: number | null
  /** The agent as its source had it, as JSON text. */
  extra: string
  createdAt: string | null
  updatedAt: string | null
}

/** Adds an agent and its links to MCP servers (by row id; a server named twice is linked once); returns its row id. */
export function insertAgent(db: Db, agent: AgentRow, mcpServerIds: readonly number[]): number {
  const id = Number(
    stmt(
      db,
      `INSERT INTO agents(uid, workspace_id, name, system_prompt, profile_id, extra, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      agent.uid,
      agent.workspaceId,
      agent.name,
      agent.systemPrompt,
      agent.profileId,
      agent.extra,
      agent.createdAt,
      agent.updatedAt
    ).lastInsertRowid
  )
  for (const server of mcpServerIds)
    stmt(db, 'INSERT OR IGNORE INTO agent_mcp_servers(agent_id, mcp_server_id) VALUES (?, ?)').run(id, server)
  return id
}

/** Adds a preference (`value` as JSON text); returns its row id. */
export function insertPreference(
  db: Db,
  workspaceId: number | null,
  key: string,
  value: string,
  updatedAt: string
): number {
  return Number(
    stmt(db, 'INSERT INTO preferences(workspace_id, key, value, updated_at) VALUES (?, ?, ?, ?)').run(
      workspaceId,
      key,
      value,
      updatedAt
    ).lastInsertRowid
  )
}

/** Sets the value (JSON text) of the preference with row id `id`. */
export function updatePreference(db: Db, id: number, value: string, updatedAt: string): void {
  stmt(db, 'UPDATE preferences SET value = ?, updated_at = ? WHERE id = ?').run(value, updatedAt, id)
}
