// `backups export` and `backups import`: a pre-migration backup out to one passphrase-protected file, and such a
// file back in as a backup of this data folder (a new data key in the keychain, every file checked by its hash).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { encryptToFile } from '../backups/backup-cipher'
import { exportBackup, ExportReader } from '../backups/backup-export'
import {
  CIPHER_NAME,
  ENCRYPTED_SUFFIX,
  filePath,
  folderKey,
  stagingFolder,
  writeFolderManifest,
  type FolderManifest
} from '../backups/backup-folder'
import { backupKeyPath, ensureBackupKey, forgetBackupKey } from '../backups/backup-keys'
import type { DataPaths } from '../base/data-paths'
import { fsyncDir } from '../fs/atomic-write'
import type { SecretStore } from '../secrets/secret-store'
import { recorded } from '../history/recorded'
import { findBackup, migrationBackupRef } from './backup'

export interface ExportResult {
  id: string
  out: string
  files: number
  bytes: number
}

export async function exportMigrationBackup(
  paths: DataPaths,
  id: string,
  passphrase: string,
  out: string,
  secrets: SecretStore
): Promise<ExportResult> {
  return recorded(
    paths.dataDir,
    'backup-export',
    async () => {
      const backup = findBackup(paths, id)
      const ref = migrationBackupRef(backup)
      const manifest = backup.manifest as unknown as Record<string, unknown> & FolderManifest
      const key = await folderKey(secrets, ref, manifest)
      const written = exportBackup(ref, manifest, key, passphrase, out)
      return { id: backup.id, out, files: manifest.files.length, bytes: written.size }
    },
    (result) => ({
      counts: { records: { files: result.files } },
      detail: `backup ${result.id} saved as a passphrase-protected copy (${result.bytes} bytes)`
    }),
    { ref: id }
  )
}

/** A free folder name for the imported backup: its own id, or `<id>-imported[-n]` when that is taken. */
function freeId(paths: DataPaths, id: string): string {
  if (!existsSync(join(paths.backups, id))) return id
  for (let n = 1; ; n++) {
    const candidate = `${id}-imported${n === 1 ? '' : `-${n}`}`
    if (!existsSync(join(paths.backups, candidate))) return candidate
  }
}

export async function importMigrationBackup(
  paths: DataPaths,
  file: string,
  passphrase: string,
  secrets: SecretStore
): Promise<{ id: string; files: number }> {
  return recorded(
    paths.dataDir,
    'backup-import',
    () => importInto(paths, file, passphrase, secrets),
    (result) => ({
      counts: { records: { files: result.files } },
      detail: `backup ${result.id} added from a passphrase-protected copy`,
      ref: result.id
    })
  )
}

async function importInto(
  paths: DataPaths,
  file: string,
  passphrase: string,
  secrets: SecretStore
): Promise<{ id: string; files: number }> {
  const reader = new ExportReader(file, passphrase)
  const { bundle } = reader
  if (bundle.kind !== 'migration' || !/^[\w.-]+$/.test(bundle.id))
    throw new UserError(
      'INVALID_INPUT',
      `${file} holds a ${bundle.kind} backup; only pre-migration backups import.`
    )
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 })
  const id = freeId(paths, bundle.id)
  const ref = { kind: 'migration' as const, id, dir: join(paths.backups, id) }
  // Written under a temporary name and renamed at the end: a half-imported backup never shows in the list.
  const staging = stagingFolder(paths.backups, id)
  try {
    const key = await ensureBackupKey(secrets, ref)
    for (const entry of bundle.manifest.files) {
      if (entry.name.split('/').some((part) => part === '..' || part === '' || part.startsWith('.')))
        throw new UserError('INVALID_INPUT', `${file} lists a file outside its backup (${entry.name}).`)
      const target = filePath(staging, entry.name) + ENCRYPTED_SUFFIX
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
      const written = encryptToFile(reader.file(entry, file), target, { key })
      if (written.sha256 !== entry.sha256 || written.size !== entry.size)
        throw new UserError(
          'BACKUP_MISMATCH',
          `${entry.name} in ${file} does not match its checksum; nothing was imported.`
        )
    }
    reader.finish(file)
    const manifest: FolderManifest = {
      ...bundle.manifest,
      encryption: { cipher: CIPHER_NAME, version: 1, keyAccount: secrets.account(backupKeyPath(ref)) }
    }
    writeFolderManifest(staging, manifest)
    renameSync(staging, ref.dir)
    fsyncDir(paths.backups)
    return { id, files: manifest.files.length }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    await forgetBackupKey(secrets, ref).catch(() => false)
    throw error
  }
}
