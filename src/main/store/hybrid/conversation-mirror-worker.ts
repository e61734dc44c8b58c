// Worker-thread entry that writes the hybrid mirror's conversations.json from one snapshot of the database, so a
// long history is rewritten on another core while the app's main thread keeps answering.
import { parentPort, workerData } from 'node:worker_threads'
import { CONVERSATIONS_FILE } from '../../legacy/legacy-files'
import { exportLegacyFiles } from '../../migration/legacy-export'
import { SecretStore } from '../../secrets/secret-store'
import { openDatabase } from '../sqlite/database'
import type { MirrorWorkerMessage } from './mirror-in-worker'

const { dbPath, dataDir } = workerData as { dbPath: string; dataDir: string }
const post = (message: MirrorWorkerMessage): void => parentPort?.postMessage(message)
// Conversations hold no keys: this worker never touches the keychain.
const noKeychain = new SecretStore(dataDir, () =>
  Promise.reject(new Error('no keychain in the mirror worker'))
)

async function run(): Promise<void> {
  const db = openDatabase(dbPath, { readonly: true, withoutVec: true })
  try {
    db.exec('BEGIN')
    const written = await exportLegacyFiles(db, noKeychain, dataDir, [CONVERSATIONS_FILE])
    db.exec('COMMIT')
    post({ type: 'done', written: written.length > 0 })
  } finally {
    db.close()
  }
}

run().catch((error: unknown) =>
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
)
