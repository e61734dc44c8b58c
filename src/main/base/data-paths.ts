// Where everything lives inside a data folder (see docs/data-folder.md).
import { join } from 'node:path'
import { clockShiftMs } from './fault-injection'

export interface DataPaths {
  dataDir: string
  db: string
  /** The database a migration fills; renamed to `db` only after verification. */
  stagingDb: string
  state: string
  lock: string
  backups: string
  /** Databases moved aside by a rollback. */
  rolledBack: string
  /** One folder per import run: the database before it, and a one-file source. */
  importBackups: string
  /** Copies of the database taken before a schema change. */
  schemaBackups: string
  logs: string
  /** The audit trail (see history/audit-log.ts); never moved by a rollback. */
  history: string
}

export const DB_FILE = 'personal-agent.db'

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    db: join(dataDir, DB_FILE),
    stagingDb: join(dataDir, `${DB_FILE}.migrating`),
    state: join(dataDir, 'state.json'),
    lock: join(dataDir, '.migration.lock'),
    backups: join(dataDir, 'backup_before_migration'),
    rolledBack: join(dataDir, 'rolled_back_databases'),
    importBackups: join(dataDir, 'import_backups'),
    schemaBackups: join(dataDir, 'backups', 'schema'),
    logs: join(dataDir, 'logs'),
    history: join(dataDir, 'history.db')
  }
}

/** SQLite's companion files of a database. */
export function sqliteFiles(db: string): string[] {
  return [db, `${db}-wal`, `${db}-shm`, `${db}-journal`]
}

/** `2026-11-22T03-04-05-123Z`: a UTC timestamp usable as a folder name, sorting in time order. */
export function utcStamp(date = new Date(Date.now() + clockShiftMs())): string {
  return date.toISOString().replace(/[:.]/g, '-')
}
