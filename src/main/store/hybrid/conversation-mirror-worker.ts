// Worker-thread entry that writes the hybrid mirror's conversations (conversations.json and any conversation
// folder files) from one snapshot of the database, so a
// long history is rewritten on another core while the app's main thread keeps answering.
import { parentPort, workerData } from 'node:worker_threads'
import { CONVERSATIONS_FILE, type LegacySourceFile } from '../../legacy/legacy-files'
import { exportLegacyFiles } from '../sqlite/legacy-export'
import { storedFolderFiles } from '../sqlite/legacy-rebuild'
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
    // conversations.json, and the conversation folders' files of conversations migrated from them.
    const files: LegacySourceFile[] = [CONVERSATIONS_FILE, ...storedFolderFiles(db)]
    const written = await exportLegacyFiles(db, noKeychain, dataDir, files)
    db.exec('COMMIT')
    post({ type: 'done', written: written.includes(CONVERSATIONS_FILE) })
  } finally {
    db.close()
  }
}

run().catch((error: unknown) =>
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
)
