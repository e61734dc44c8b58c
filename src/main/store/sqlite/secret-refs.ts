// Keychain bookkeeping shared by the profile and MCP services: secret_refs rows, JSON pointers, undoing keychain
// writes when the database write fails, and one-at-a-time async writes.
import type { Db } from './database'
import type { SecretStore } from '../../secrets/secret-store'
import { logger } from '../../logging/logger'
import { stmt } from './store-changes'

export type SecretOwnerKind = 'profile' | 'mcp_server' | 'quarantine'

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

/** A keychain write made before the database write, with what to put back if the database write fails. */
export interface KeychainWrite {
  account: string
  value: string
  previous: string | null
}

export async function writeSecret(
  secrets: SecretStore,
  account: string,
  value: string
): Promise<KeychainWrite> {
  const previous = await secrets.get(account)
  await secrets.set(account, value)
  return { account, value, previous }
}

/** Puts the keychain back as it was before `writes` (best effort: the database error is the one to report). */
export async function undoSecretWrites(
  secrets: SecretStore,
  writes: readonly KeychainWrite[]
): Promise<void> {
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
 * Runs `write` (the database write that refers to keychain entries in `writes`, or the loop that makes them); if it
 * fails, the keychain is put back as it was and the error goes on.
 */
export async function undoingSecretWrites<T>(
  secrets: SecretStore,
  writes: readonly KeychainWrite[],
  write: () => T | Promise<T>
): Promise<T> {
  try {
    return await write()
  } catch (error) {
    await undoSecretWrites(secrets, writes)
    throw error
  }
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
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task)
    this.tail = result.catch(() => undefined)
    return result
  }
}
