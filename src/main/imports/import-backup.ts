// The copies an import takes before it writes: a snapshot of the database (SQLite's online backup) and, when the
// source is one file, a copy of it; both encrypted (backups/backup-folder: X.enc, key in the keychain), with the
// plaintext's sha256 in the folder's manifest and in import_backups, read back before the run goes on.
import { chmodSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { encryptToFile, hashEncryptedFile, readPieces } from '../backups/backup-cipher'
import {
  ENCRYPTED_SUFFIX,
  cipherLabel,
  sealFolder,
  writeFolderManifest,
  type BackupFileEntry
} from '../backups/backup-folder'
import { ensureBackupKey, type BackupRef } from '../backups/backup-keys'
import { hashFile } from '../fs/atomic-write'
import type { SecretStore } from '../secrets/secret-store'
import type { Db } from '../store/sqlite/database'

export interface ImportBackup {
  kind: 'database' | 'source'
  /** The encrypted file (`<name>.enc`); sha256 and size are those of its plaintext. */
  path: string
  sha256: string
  sizeBytes: number
}

export function importBackupsDir(dataDir: string): string {
  return join(dataDir, 'import_backups')
}

export async function backupBeforeImport(
  store: { db: Db; secrets: SecretStore; dataDir: string },
  runId: string,
  sourceFile: string | null
): Promise<ImportBackup[]> {
  const { db, secrets } = store
  const dir = join(importBackupsDir(store.dataDir), runId)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const ref: BackupRef = { kind: 'import', id: runId, dir }
  const files: BackupFileEntry[] = []
  const backups: ImportBackup[] = []
  const record = (kind: ImportBackup['kind'], entry: BackupFileEntry): void => {
    files.push(entry)
    const path = join(dir, entry.name + ENCRYPTED_SUFFIX)
    backups.push({ kind, path, sha256: entry.sha256, sizeBytes: entry.size })
  }
  const dbCopy = join(dir, 'personal-agent.db')
  await db.backup(dbCopy)
  chmodSync(dbCopy, 0o600)
  record('database', { name: 'personal-agent.db', ...hashFile(dbCopy) })
  if (sourceFile !== null) {
    // The source (a web-version dump holds API keys) never touches the disk in plain text.
    const name = `source-${basename(sourceFile)}`
    const target = join(dir, name + ENCRYPTED_SUFFIX)
    const key = await ensureBackupKey(secrets, ref)
    const copied = encryptToFile(readPieces(sourceFile), target, { key })
    const check = hashEncryptedFile(target, key, cipherLabel(ref, target))
    if (check.sha256 !== copied.sha256 || check.sha256 !== hashFile(sourceFile).sha256)
      throw new UserError(
        'BACKUP_MISMATCH',
        `The copy of ${sourceFile} in ${dir} does not match the original; nothing was imported. Check the disk, then try again.`
      )
    record('source', { name, ...copied })
  }
  writeFolderManifest(dir, { files })
  // Encrypts the snapshot, checks it against the manifest, then removes the plain copy.
  await sealFolder(ref, secrets)
  const insert = db.prepare(
    'INSERT INTO import_backups(run_id, kind, path, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const b of backups) insert.run(runId, b.kind, b.path, b.sha256, b.sizeBytes, now)
  })()
  return backups
}
