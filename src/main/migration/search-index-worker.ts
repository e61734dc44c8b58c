// Worker-thread entry that builds the full-text index of a staging database on its own core, then runs SQLite's
// integrity and foreign-key checks over the finished file, while the migration verifies the records on another.
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../store/sqlite/database'
import { BULK_CACHE_KIB, buildSearchIndex } from '../store/sqlite/staging/bulk-load'
import type { IndexWorkerData, IndexWorkerMessage } from './search-index'
import { sqliteChecks } from './verify'

const { dbPath, triggers } = workerData as IndexWorkerData
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message)

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
}

try {
  const db = openDatabase(dbPath)
  try {
    db.pragma('synchronous = OFF')
    // One checkpoint at the end, not one per 1000 pages against a busy reader.
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`cache_size = -${BULK_CACHE_KIB}`)
    buildSearchIndex(db, triggers, (share) => post({ type: 'progress', share }))
    post({ type: 'done', problems: sqliteChecks(db) })
  } catch (error) {
    db.close()
    throw error
  }
  // Once verification has stopped reading, fold the WAL into the database file here, on this core, so the
  // migration's own close has next to nothing left to copy and sync.
  parentPort?.once('message', () => {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
      post({ type: 'checkpointed' })
    } catch (error) {
      db.close()
      fail(error)
    }
  })
} catch (error) {
  fail(error)
}
