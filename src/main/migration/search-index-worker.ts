// Worker-thread entry that builds the full-text index of the committed store on its own core, then runs SQLite's
// integrity and foreign-key checks over the finished file, while the store is already usable.
import { parentPort, workerData } from 'node:worker_threads'
import { faultAt } from '../base/fault-injection'
import { openDatabase } from '../store/sqlite/database'
import { buildSearchIndex } from '../store/sqlite/staging/bulk-load'
import type { IndexWorkerData, IndexWorkerMessage } from './search-index'
import { sqliteChecks } from './verify'

/**
 * The page cache of the index build and the checks: they read the messages in order, so a small cache costs them
 * no time (the same 2.8 s index and 1.7 s checks at 200 MB as with 16 MB) and keeps the run's peak memory down.
 */
const INDEX_CACHE_KIB = 4 * 1024

const { dbPath, triggers } = workerData as IndexWorkerData
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message)

function fail(error: unknown): void {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
}

try {
  const db = openDatabase(dbPath)
  try {
    // The store is committed: WAL with NORMAL sync never corrupts it, whatever stops the machine.
    db.pragma('synchronous = NORMAL')
    // One checkpoint at the end, not one per 1000 pages.
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`cache_size = -${INDEX_CACHE_KIB}`)
    if (triggers) {
      let first = true
      buildSearchIndex(db, triggers, (share) => {
        // The first report comes from inside the index's transaction.
        if (first) faultAt('mid-index')
        first = false
        post({ type: 'progress', share })
      })
    }
    post({ type: 'indexed' })
    faultAt('before-checks')
    const problems = sqliteChecks(db)
    faultAt('after-checks')
    post({ type: 'done', problems })
  } catch (error) {
    db.close()
    throw error
  }
  // Fold the WAL into the database file here, on this core, so the store opens with next to nothing to replay.
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
