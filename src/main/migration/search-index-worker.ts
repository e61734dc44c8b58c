// Worker-thread entry that builds the full-text index of a staging database on its own core, then runs SQLite's
// integrity and foreign-key checks over the finished file, while the migration verifies the records on another.
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../store/sqlite/database'
import { BULK_CACHE_KIB, buildSearchIndex } from './bulk-load'
import type { IndexWorkerMessage } from './search-index'
import { sqliteChecks } from './verify'

const { dbPath } = workerData as { dbPath: string }
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message)

try {
  const db = openDatabase(dbPath)
  try {
    db.pragma('synchronous = OFF')
    // One checkpoint when the migration closes the file, not one per 1000 pages against a busy reader.
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`cache_size = -${BULK_CACHE_KIB}`)
    buildSearchIndex(db, (share) => post({ type: 'progress', share }))
    const problems = sqliteChecks(db)
    // Fold the index into the database file here, on this core, rather than when the migration closes it.
    db.pragma('wal_checkpoint(PASSIVE)')
    post({ type: 'done', problems })
  } finally {
    db.close()
  }
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
}
