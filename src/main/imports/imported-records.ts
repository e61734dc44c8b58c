// Writers every importer shares: a workspace per source tenant, a conversation with its messages and original
// timestamps, and a profile or MCP server whose secrets go to the keychain first. Records are written in the legacy
// record shape (typed columns + extra), so export, rollback to legacy files and the hybrid mirror carry them as well.
// To the migration they are records made after it (origin 'app'): verification does not count them as legacy, and a
// rollback writes them into the restored files with their keys, as it does for records the user created.
import { randomUUID } from 'node:crypto'
import { pointerOf } from '../base/json-pointer'
import { parseTimestamp } from '../legacy/record-checks'
import { liftSecrets, placeSecret, type LiftedSecret } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import { putRef } from '../store/sqlite/secret-refs'
import { nextMessagePosition, nextPosition } from '../store/sqlite/store-changes'
import { isPlainObject, splitRecord, type JsonObject, type JsonValue } from '../base/record-codec'
import type { Db } from '../store/sqlite/database'
import {
  CONVERSATION_FIELDS,
  MCP_LIST_FIELDS,
  MESSAGE_FIELDS,
  PROFILE_FIELDS
} from '../store/sqlite/record-specs'
import type { ImportRun } from './import-run'

export interface RecordRef {
  id: number
  uid: string
}

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

function insert(db: Db, table: string, row: Record<string, unknown>): number {
  const columns = Object.keys(row)
  return Number(
    db
      .prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
      )
      .run(row).lastInsertRowid
  )
}

/**
 * The workspace for `source` (e.g. `localstorage:<tenant>`), created and recorded against the run the first time.
 * Call inside the run's transaction.
 */
export function ensureWorkspace(db: Db, run: ImportRun, source: string, name: string): RecordRef {
  const found = db.prepare('SELECT id, uid FROM workspaces WHERE source = ?').get(source) as
    RecordRef | undefined
  if (found) return found
  const uid = randomUUID()
  const id = insert(db, 'workspaces', { uid, name, source, created_at: new Date().toISOString() })
  run.record({ sourcePath: source, action: 'created', targetKind: 'workspace', targetUid: uid })
  return { id, uid }
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
  input.messages.forEach((message, index) => {
    const split = splitRecord({ ...message, id: message['id'] ?? randomUUID() }, MESSAGE_FIELDS)
    insert(db, 'messages', {
      ...split.columns,
      conversation_id: id,
      position: index,
      created_ms: ms(message['created_at']),
      extra: split.extra
    })
  })
  return { id, uid }
}

/** Appends messages to an imported conversation (a re-import that found new ones). Call inside a transaction. */
export function appendMessages(db: Db, conversation: RecordRef, messages: JsonObject[]): void {
  let position = nextMessagePosition(db, conversation.id)
  for (const message of messages) {
    const split = splitRecord({ ...message, id: message['id'] ?? randomUUID() }, MESSAGE_FIELDS)
    insert(db, 'messages', {
      ...split.columns,
      conversation_id: conversation.id,
      position: position++,
      created_ms: ms(message['created_at']),
      extra: split.extra
    })
  }
  db.prepare('UPDATE conversations SET message_count = message_count + ? WHERE id = ?').run(
    messages.length,
    conversation.id
  )
}

export type ConfigTable = 'profiles' | 'mcp_servers'

/** A profile or MCP server with its secrets lifted out and already in the keychain, ready to write. */
export interface PreparedConfigRecord {
  table: ConfigTable
  uid: string
  stripped: JsonObject
  secrets: (LiftedSecret & { account: string })[]
}

/**
 * Lifts the secret values of a legacy-shaped profile (`name`, `provider`, `model`, `base_url`, `api_key`, …) or MCP
 * server (`name`, `command`, `args`, `env`, …) and writes them to the keychain. `alsoSecret` names further fields to
 * treat as secrets: a top-level key (e.g. `endpoint`) or a path (e.g. `['headers', 'Authorization']`). If the
 * database write then fails, call discardSecrets.
 */
const INPUT_REFERENCE = /^\$\{input:[^}]+\}$/

/** VS Code's `${input:id}`: a value the user types when the server starts, named here, not stored. */
export function isInputReference(value: unknown): boolean {
  return typeof value === 'string' && INPUT_REFERENCE.test(value)
}

export async function prepareConfigRecord(
  secrets: SecretStore,
  table: ConfigTable,
  record: JsonObject,
  alsoSecret: readonly (string | readonly string[])[] = []
): Promise<PreparedConfigRecord> {
  const uid = randomUUID()
  const { stripped, secrets: found } = liftSecrets(record)
  const object = isPlainObject(stripped) ? { ...stripped } : {}
  // `${input:id}` (VS Code) names a value typed when the server starts: a reference, not a secret, so it stays.
  const lifted = found.filter((secret) => {
    if (!isInputReference(secret.value)) return true
    placeSecret(object, secret.pointer, secret.value)
    return false
  })
  for (const path of alsoSecret) {
    const segments = typeof path === 'string' ? [path] : path
    const last = segments[segments.length - 1]!
    let parent: JsonValue = object
    for (const segment of segments.slice(0, -1))
      parent = isPlainObject(parent) ? (parent[segment] ?? null) : null
    if (!isPlainObject(parent)) continue
    const value = parent[last]
    if (typeof value === 'string' && value !== '') {
      lifted.push({
        pointer: pointerOf(segments),
        value
      })
      delete parent[last]
    }
  }
  const owner = table === 'profiles' ? 'profile' : 'mcp_server'
  const withAccounts = lifted.map((s) => ({ ...s, account: secrets.account(`${owner}/${uid}${s.pointer}`) }))
  const written: string[] = []
  try {
    for (const secret of withAccounts) {
      await secrets.set(secret.account, secret.value)
      written.push(secret.account)
    }
  } catch (error) {
    await discardAccounts(secrets, written)
    throw error
  }
  return { table, uid, stripped: object, secrets: withAccounts }
}

async function discardAccounts(secrets: SecretStore, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) await secrets.delete(account).catch(() => false)
}

/** Removes the keychain entries of a prepared record whose database write did not happen. */
export async function discardSecrets(secrets: SecretStore, prepared: PreparedConfigRecord): Promise<void> {
  await discardAccounts(
    secrets,
    prepared.secrets.map((s) => s.account)
  )
}

export interface ConfigPlacement {
  workspaceId: number | null
  /** Where an MCP server came from (ignored for profiles). */
  source?: string | null
}

/** Writes a prepared profile or MCP server with its keychain references. Call inside a transaction. */
export function writeConfigRecord(
  db: Db,
  prepared: PreparedConfigRecord,
  placement: ConfigPlacement
): RecordRef {
  const fields = prepared.table === 'profiles' ? PROFILE_FIELDS : MCP_LIST_FIELDS
  const { columns, extra } = splitRecord({ ...prepared.stripped, id: prepared.uid }, fields)
  const row: Record<string, unknown> = {
    ...columns,
    position: nextPosition(db, prepared.table),
    extra,
    origin: 'app',
    changed: 0,
    workspace_id: placement.workspaceId
  }
  if (prepared.table === 'mcp_servers') row['source'] = placement.source ?? null
  const id = insert(db, prepared.table, row)
  const ownerKind = prepared.table === 'profiles' ? 'profile' : 'mcp_server'
  for (const secret of prepared.secrets) putRef(db, ownerKind, id, secret.pointer, secret.account)
  return { id, uid: prepared.uid }
}
