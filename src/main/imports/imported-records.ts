// What every importer shares before its records are written (store/sqlite/import-writes/imported-rows.ts writes
// them): a workspace per source tenant, recorded against the run, and a profile or MCP server whose secrets go to
// the keychain first. To the migration imported records are records made after it (origin 'app'): verification does
// not count them as legacy, and a rollback writes them into the restored files with their keys, as it does for
// records the user created.
import { randomUUID } from 'node:crypto'
import { pointerOf } from '../base/json-pointer'
import { liftSecrets, type LiftedSecret } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import { isSecretTemplate } from '../../shared/secret-policy'
import { isPlainObject, type JsonObject, type JsonValue } from '../base/record-codec'
import type { Db } from '../store/sqlite/database'
import {
  insertWorkspace,
  type ConfigRecordRows,
  type ConfigTable,
  type RecordRef
} from '../store/sqlite/import-writes/imported-rows'
import type { ImportRun } from './import-run'

/**
 * The workspace for `source` (e.g. `localstorage:<tenant>`), created and recorded against the run the first time.
 * Call inside the run's transaction.
 */
export function ensureWorkspace(db: Db, run: ImportRun, source: string, name: string): RecordRef {
  const found = db.prepare('SELECT id, uid FROM workspaces WHERE source = ?').get(source) as
    RecordRef | undefined
  if (found) return found
  const uid = randomUUID()
  const id = insertWorkspace(db, { uid, name, source, createdAt: new Date().toISOString() })
  run.record({ sourcePath: source, action: 'created', targetKind: 'workspace', targetUid: uid })
  return { id, uid }
}

/** A profile or MCP server with its secrets lifted out and already in the keychain, ready to write. */
export interface PreparedConfigRecord extends ConfigRecordRows {
  secrets: (LiftedSecret & { account: string })[]
}

/** A record of any kind with its secrets lifted out and already in the keychain. */
export interface PreparedSecrets {
  uid: string
  stripped: JsonValue
  secrets: (LiftedSecret & { account: string })[]
}

/** Who owns the keychain entries: the first segment of their accounts (`profile/<uid>/api_key`, `agent/<uid>/…`). */
export type SecretOwner = 'profile' | 'mcp_server' | 'agent' | 'preference'

/** A member of an object, or an item of a list by its index (`inputs/0/default`); null when there is none. */
function childOf(parent: JsonValue, segment: string): JsonValue {
  if (Array.isArray(parent)) return /^\d+$/.test(segment) ? (parent[Number(segment)] ?? null) : null
  return isPlainObject(parent) ? (parent[segment] ?? null) : null
}

/**
 * Lifts the secrets of any record by the one rule (secret-policy; `${input:…}` and `${env:…}` references stay) and
 * writes them to the keychain under `<owner>/<uid><pointer>`. `alsoSecret` names further fields to treat as secrets:
 * a top-level key (e.g. `endpoint`) or a path (e.g. `['headers', 'Authorization']`, `['inputs', '0', 'default']`). If the database write then fails,
 * call discardSecrets.
 */
export async function prepareSecrets(
  secrets: SecretStore,
  owner: SecretOwner,
  record: JsonValue,
  alsoSecret: readonly (string | readonly string[])[] = []
): Promise<PreparedSecrets> {
  const uid = randomUUID()
  const { stripped, secrets: lifted } = liftSecrets(record)
  const result = isPlainObject(stripped) ? { ...stripped } : stripped
  for (const path of alsoSecret) {
    const segments = typeof path === 'string' ? [path] : path
    const last = segments[segments.length - 1]!
    let parent: JsonValue = result
    for (const segment of segments.slice(0, -1)) parent = childOf(parent, segment)
    const value = childOf(parent, last)
    const pointer = pointerOf(segments)
    // Lifted already (a URL with credentials), or a reference: left as it is.
    if (lifted.some((secret) => secret.pointer === pointer) || isSecretTemplate(value)) continue
    if (typeof value === 'string' && value !== '' && isPlainObject(parent)) {
      lifted.push({ pointer, value })
      delete parent[last]
    }
  }
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
  return { uid, stripped: result, secrets: withAccounts }
}

/**
 * A legacy-shaped profile (`name`, `provider`, `model`, `base_url`, `api_key`, …) or MCP server (`name`, `command`,
 * `args`, `env`, `headers`, `url`, …) with its secrets in the keychain (prepareSecrets), ready for writeConfigRecord.
 */
export async function prepareConfigRecord(
  secrets: SecretStore,
  table: ConfigTable,
  record: JsonObject,
  alsoSecret: readonly (string | readonly string[])[] = []
): Promise<PreparedConfigRecord> {
  const prepared = await prepareSecrets(
    secrets,
    table === 'profiles' ? 'profile' : 'mcp_server',
    record,
    alsoSecret
  )
  const stripped = isPlainObject(prepared.stripped) ? prepared.stripped : {}
  return { table, uid: prepared.uid, stripped, secrets: prepared.secrets }
}

async function discardAccounts(secrets: SecretStore, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) await secrets.delete(account).catch(() => false)
}

/** Removes the keychain entries of a prepared record whose database write did not happen. */
export async function discardSecrets(
  secrets: SecretStore,
  prepared: Pick<PreparedSecrets, 'secrets'>
): Promise<void> {
  await discardAccounts(
    secrets,
    prepared.secrets.map((s) => s.account)
  )
}
