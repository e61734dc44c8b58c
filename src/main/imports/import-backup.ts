// The copies an import takes before it writes: a snapshot of the database (SQLite's online backup) and, when the
// source is one file, a copy of it; both encrypted (backups/backup-folder: X.enc, key in the keychain), with the
// plaintext's sha256 in the folder's manifest and in import_backups, read back before the run goes on. The folder
// appears only once complete (staging name, then rename), so the start-up seal sweep never races it for the key.
import { chmodSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { encryptToFile, hashEncryptedFile, readPieces } from '../backups/backup-cipher'
import {
  ENCRYPTED_SUFFIX,
  cipherLabel,
  sealFolder,
  stagingFolder,
  writeFolderManifest,
  type BackupFileEntry
} from '../backups/backup-folder'
import { ensureBackupKey, forgetBackupKey, type BackupRef } from '../backups/backup-keys'
import { faultAt } from '../base/fault-injection'
import { fsyncDir, hashFile } from '../fs/atomic-write'
import type { SecretStore } from '../secrets/secret-store'
import type { Db } from '../store/sqlite/database'
import { copyDatabase } from '../store/sqlite/database-copy'

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
  const root = importBackupsDir(store.dataDir)
  const dir = join(root, runId)
  // Written in a staging folder the seal sweep of another process never opens, and renamed into place only once its
  // files are encrypted and its manifest says so: so this process alone ever makes the backup's key.
  const staging = stagingFolder(root, runId)
  const ref: BackupRef = { kind: 'import', id: runId, dir: staging }
  const files: BackupFileEntry[] = []
  const backups: ImportBackup[] = []
  const record = (kind: ImportBackup['kind'], entry: BackupFileEntry): void => {
    files.push(entry)
    const path = join(dir, entry.name + ENCRYPTED_SUFFIX)
    backups.push({ kind, path, sha256: entry.sha256, sizeBytes: entry.size })
  }
  try {
    const dbCopy = join(staging, 'personal-agent.db')
    await copyDatabase(db, dbCopy)
    chmodSync(dbCopy, 0o600)
    record('database', { name: 'personal-agent.db', ...hashFile(dbCopy) })
    if (sourceFile !== null) {
      // The source (a web-version dump holds API keys) never touches the disk in plain text.
      const name = `source-${basename(sourceFile)}`
      const target = join(staging, name + ENCRYPTED_SUFFIX)
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
    writeFolderManifest(staging, { files })
    faultAt('import-backup-staged')
    // Encrypts the snapshot, checks it against the manifest, then removes the plain copy.
    await sealFolder(ref, secrets)
    renameSync(staging, dir)
    fsyncDir(root)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    await forgetBackupKey(secrets, ref).catch(() => undefined)
    throw error
  }
  const insert = db.prepare(
    'INSERT INTO import_backups(run_id, kind, path, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const b of backups) insert.run(runId, b.kind, b.path, b.sha256, b.sizeBytes, now)
  }).immediate()
  return backups
}
