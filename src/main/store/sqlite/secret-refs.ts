// Keychain bookkeeping shared by the profile and MCP repositories: secret_refs rows, a change that writes the keychain
// then the database (undoing the keychain when either fails, forgetting entries no longer referred to after the
// commit), one change at a time, and the base class both repositories stand on.
import type { Db } from './database'
import type { SecretStore } from '../../secrets/secret-store'
import { logger } from '../../logging/logger'
import { stmt } from './store-changes'

/** Whose secret a ref is (the schema's comment predates agents and preferences, imported from the web version). */
export type SecretOwnerKind = 'profile' | 'mcp_server' | 'quarantine' | 'agent' | 'preference'

export interface SecretRefRow {
  account: string
  json_pointer: string
}

export function refsOf(db: Db, ownerKind: SecretOwnerKind, ownerId: number): SecretRefRow[] {
  return stmt(
    db,
    'SELECT account, json_pointer FROM secret_refs WHERE owner_kind = ? AND owner_id = ? ORDER BY account'
  ).all(ownerKind, ownerId) as SecretRefRow[]
}

/** Deletes the owner's refs (all, or those at `pointer`) and returns their accounts for the keychain clean-up. */
export function dropRefs(db: Db, ownerKind: SecretOwnerKind, ownerId: number, pointer?: string): string[] {
  const refs = refsOf(db, ownerKind, ownerId).filter(
    (ref) => pointer === undefined || ref.json_pointer === pointer
  )
  for (const ref of refs) stmt(db, 'DELETE FROM secret_refs WHERE account = ?').run(ref.account)
  return refs.map((ref) => ref.account)
}

/**
 * Points `pointer` of the owner at `account` (a user's own key: run_id NULL). Any other ref the owner had at that
 * pointer is dropped; its account is returned for the keychain clean-up.
 */
export function putRef(
  db: Db,
  ownerKind: SecretOwnerKind,
  ownerId: number,
  pointer: string,
  account: string
): string[] {
  const stale = dropRefs(db, ownerKind, ownerId, pointer).filter((a) => a !== account)
  stmt(
    db,
    `INSERT INTO secret_refs(account, owner_kind, owner_id, json_pointer, run_id) VALUES (?, ?, ?, ?, NULL)
     ON CONFLICT(account) DO UPDATE SET owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,
       json_pointer = excluded.json_pointer, run_id = NULL`
  ).run(account, ownerKind, ownerId, pointer)
  return stale
}

/** A keychain value to write before the database write that points at it. */
export interface SecretValue {
  account: string
  value: string
}

/** A keychain write made before the database write, with what to put back if the database write fails. */
export interface KeychainWrite extends SecretValue {
  previous: string | null
}

async function writeSecret(secrets: SecretStore, account: string, value: string): Promise<KeychainWrite> {
  const previous = await secrets.get(account)
  await secrets.set(account, value)
  return { account, value, previous }
}

/** Puts the keychain back as it was before `writes` (best effort: the database error is the one to report). */
async function undoSecretWrites(secrets: SecretStore, writes: readonly KeychainWrite[]): Promise<void> {
  for (const write of writes) {
    try {
      if (write.previous === null) await secrets.delete(write.account)
      else await secrets.set(write.account, write.previous)
    } catch (error) {
      logger.warn('Could not undo a keychain write after a failed database write', error)
    }
  }
}

/**
 * Writes `values` to the keychain, then runs `write`: the database write that points at them, returning the accounts
 * it no longer refers to. If a keychain write or the database write fails, the keychain is put back as it was and
 * the error goes on. After the commit the accounts no longer referred to (other than those just written) are
 * forgotten.
 */
export async function writeWithSecrets(
  secrets: SecretStore,
  values: readonly SecretValue[],
  write: () => readonly string[]
): Promise<void> {
  const writes: KeychainWrite[] = []
  let stale: readonly string[]
  try {
    for (const { account, value } of values) writes.push(await writeSecret(secrets, account, value))
    stale = write()
  } catch (error) {
    await undoSecretWrites(secrets, writes)
    throw error
  }
  const written = new Set(values.map((v) => v.account))
  await forgetSecrets(
    secrets,
    stale.filter((account) => !written.has(account))
  )
}

/**
 * Deletes keychain entries whose refs are gone (after the database commit). A failure leaves an orphaned entry,
 * which is logged rather than reported: the user's change is already saved.
 */
export async function forgetSecrets(secrets: SecretStore, accounts: readonly string[]): Promise<void> {
  for (const account of accounts) {
    try {
      await secrets.delete(account)
    } catch (error) {
      logger.warn('Could not delete a keychain entry that is no longer used', error)
    }
  }
}

/** Runs async writes one at a time, so a keychain await never interleaves two writes of the same service. */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/**
 * What the profile and MCP repositories share: the database and the keychain, changes made one at a time, and the
 * keychain-then-database write of writeWithSecrets.
 */
export abstract class SecretOwnerRepository {
  private readonly queue = new WriteQueue()

  constructor(
    protected readonly db: Db,
    protected readonly secrets: SecretStore
  ) {}

  /** Runs a change after the ones before it, so keychain awaits of two changes never interleave. */
  protected queued<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task)
  }

  /** See writeWithSecrets. */
  protected writeWithSecrets(values: readonly SecretValue[], write: () => readonly string[]): Promise<void> {
    return writeWithSecrets(this.secrets, values, write)
  }

  /** Every row of the table in position order (profiles and servers are few), each turned into its view in turn. */
  protected async viewsInOrder<Row, View>(
    table: 'profiles' | 'mcp_servers',
    columns: string,
    view: (row: Row) => Promise<View>
  ): Promise<View[]> {
    const rows = stmt(this.db, `SELECT ${columns} FROM ${table} ORDER BY position, id`).all() as Row[]
    const views: View[] = []
    for (const row of rows) views.push(await view(row))
    return views
  }
}
