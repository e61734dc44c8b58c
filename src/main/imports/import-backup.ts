// The copies an import takes before it writes: a snapshot of the database (SQLite's online backup) and, when the
// source is one file, a copy of it; both with sha256, recorded in import_backups and read back before the run goes on.
import { chmodSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { copyFileDurable, hashFile } from '../fs/atomic-write'
import type { Db } from '../store/sqlite/database'

export interface ImportBackup {
  kind: 'database' | 'source'
  path: string
  sha256: string
  sizeBytes: number
}

export function importBackupsDir(dataDir: string): string {
  return join(dataDir, 'import_backups')
}

export async function backupBeforeImport(
  db: Db,
  dataDir: string,
  runId: string,
  sourceFile: string | null
): Promise<ImportBackup[]> {
  const dir = join(importBackupsDir(dataDir), runId)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const backups: ImportBackup[] = []
  const dbCopy = join(dir, 'personal-agent.db')
  await db.backup(dbCopy)
  chmodSync(dbCopy, 0o600)
  const dbHash = hashFile(dbCopy)
  backups.push({ kind: 'database', path: dbCopy, sha256: dbHash.sha256, sizeBytes: dbHash.size })
  if (sourceFile !== null) {
    const copy = join(dir, `source-${basename(sourceFile)}`)
    const copied = copyFileDurable(sourceFile, copy)
    const check = hashFile(copy)
    if (check.sha256 !== copied.sha256)
      throw new UserError(
        'BACKUP_MISMATCH',
        `The copy of ${sourceFile} in ${dir} does not match the original; nothing was imported. Check the disk, then try again.`
      )
    chmodSync(copy, 0o600)
    backups.push({ kind: 'source', path: copy, sha256: check.sha256, sizeBytes: check.size })
  }
  const insert = db.prepare(
    'INSERT INTO import_backups(run_id, kind, path, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const b of backups) insert.run(runId, b.kind, b.path, b.sha256, b.sizeBytes, now)
  })()
  return backups
}
