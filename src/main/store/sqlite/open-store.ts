// Opens the store of a data folder: brings its schema up to date (with a backup first) and returns the connection.
import { chmodSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { APP_VERSION } from '../../base/app-version'
import { openDatabase, type Db } from './database'
import { SCHEMA_MIGRATIONS } from './schema'
import { upgradeSchema } from './schema/schema-runner'

export async function openStore(dbPath: string): Promise<Db> {
  mkdirSync(dirname(dbPath), { recursive: true })
  await upgradeSchema(dbPath, SCHEMA_MIGRATIONS, { appVersion: APP_VERSION })
  // Conversations are private: the database (and the WAL files SQLite creates with its mode) is owner-only.
  chmodSync(dbPath, 0o600)
  return openDatabase(dbPath)
}

/**
 * Closes a connection after folding the WAL back into the main file, so the file stands alone. The checkpoint does not
 * wait: a TRUNCATE checkpoint that waits for another process's readers holds the write lock all the while (up to the
 * busy timeout), and every writer of the other processes would wait with it. With no one else on the file it folds
 * the whole WAL; otherwise it folds what it can now, and the last connection to close folds the rest.
 */
export function closeStore(db: Db): void {
  db.pragma('busy_timeout = 0')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}
