// Worker-thread entry that builds the full-text index of a staging database on its own core while the migration
// verifies the records on another.
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../store/sqlite/database'
import { BULK_CACHE_KIB, buildSearchIndex } from './bulk-load'
import type { IndexWorkerMessage } from './search-index'

const { dbPath } = workerData as { dbPath: string }
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message)

try {
  const db = openDatabase(dbPath)
  try {
    db.pragma('synchronous = OFF')
    db.pragma(`cache_size = -${BULK_CACHE_KIB}`)
    buildSearchIndex(db, (share) => post({ type: 'progress', share }))
  } finally {
    db.close()
  }
  post({ type: 'done' })
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
}
