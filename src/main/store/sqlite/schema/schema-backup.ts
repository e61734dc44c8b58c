// Consistent copy of the database (VACUUM INTO) taken before a schema change, with a sha256 manifest beside it.
import fs from 'node:fs'
import path from 'node:path'
import { UserError } from '../../../../shared/errors'
import { hashFile } from '../../../fs/atomic-write'
import type { Db } from '../database'

export interface BackupManifest {
  appVersion: string
  fromVersion: number
  createdAt: string
  /** The database the copy was made from. */
  source: string
  files: { name: string; size: number; sha256: string }[]
}

export interface SchemaBackupOptions {
  dbPath: string
  fromVersion: number
  appVersion: string
  /** The exact folder to write into; default `<dir of db>/backups/schema/<UTC timestamp>-v<from>/`. */
  backupDir?: string
}

/** Writes the backup and its manifest.json (folder 0700, files 0600) and returns the folder. */
export function backupBeforeSchemaChange(db: Db, options: SchemaBackupOptions): string {
  const createdAt = new Date()
  const dir = options.backupDir ?? defaultBackupDir(options.dbPath, options.fromVersion, createdAt)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)

  const name = path.basename(options.dbPath)
  const file = path.join(dir, name)
  if (fs.existsSync(file)) {
    throw new UserError(
      'INVALID_INPUT',
      `The backup folder ${dir} already holds ${name}; choose an empty folder.`
    )
  }
  db.prepare('VACUUM INTO ?').run(file)
  fs.chmodSync(file, 0o600)
  fsyncFile(file)

  const manifest: BackupManifest = {
    appVersion: options.appVersion,
    fromVersion: options.fromVersion,
    createdAt: createdAt.toISOString(),
    source: path.resolve(options.dbPath),
    // Hashed in 1 MB reads: a large database is never held in memory whole.
    files: [{ name, ...hashFile(file) }]
  }
  const manifestPath = path.join(dir, 'manifest.json')
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 })
  fs.chmodSync(manifestPath, 0o600)
  fsyncFile(manifestPath)
  return dir
}

/** A fresh folder under backups/schema; a numeric suffix keeps two backups in the same millisecond apart. */
function defaultBackupDir(dbPath: string, fromVersion: number, at: Date): string {
  const parent = path.join(path.dirname(dbPath), 'backups', 'schema')
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 })
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  for (let n = 1; ; n++) {
    const dir = path.join(parent, `${stamp}-v${fromVersion}${n === 1 ? '' : `-${n}`}`)
    try {
      fs.mkdirSync(dir, { mode: 0o700 })
      return dir
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}
