// One random 32-byte data key per backup, kept in the keychain (account `<ns>/backup/<kind>/<id>`); a lost key is
// said in one line that points at the passphrase-protected export.
import { randomBytes } from 'node:crypto'
import { UserError } from '../../shared/errors'
import type { SecretStore } from '../secrets/secret-store'

export type BackupKind = 'migration' | 'import' | 'schema' | 'rolled-back'

export interface BackupRef {
  kind: BackupKind
  /** The backup folder's name (the import run id for an import backup). */
  id: string
  dir: string
}

export function backupKeyPath(ref: Pick<BackupRef, 'kind' | 'id'>): string {
  return `backup/${ref.kind}/${ref.id}`
}

/** The backup's key, made and stored the first time it is asked for. */
export async function ensureBackupKey(secrets: SecretStore, ref: BackupRef): Promise<Buffer> {
  const account = secrets.account(backupKeyPath(ref))
  const existing = await secrets.get(account)
  if (existing !== null) return Buffer.from(existing, 'base64')
  const key = randomBytes(32)
  await secrets.set(account, key.toString('base64'))
  return key
}

export function lostKeyError(ref: Pick<BackupRef, 'kind' | 'id'>): UserError {
  return new UserError(
    'BACKUP_MISMATCH',
    `The keychain no longer holds the key of ${ref.kind} backup ${ref.id}, so its encrypted files cannot be read; keep backups safe with a passphrase-protected export ("personal-agent backups export ID --out FILE").`
  )
}

/** The key of an encrypted backup; a UserError naming the backup when the keychain has lost it. */
export async function backupKey(secrets: SecretStore, ref: BackupRef): Promise<Buffer> {
  const value = await secrets.get(secrets.account(backupKeyPath(ref)))
  if (value === null) throw lostKeyError(ref)
  return Buffer.from(value, 'base64')
}

/** Forgets the key of a backup that was deleted (an entry without its backup is clutter). */
export async function forgetBackupKey(
  secrets: SecretStore,
  ref: Pick<BackupRef, 'kind' | 'id'>
): Promise<void> {
  await secrets.delete(secrets.account(backupKeyPath(ref)))
}
