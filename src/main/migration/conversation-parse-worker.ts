// Worker-thread entry that reads conversations.json (or a conversation folder's file) from the backup, from where the writing thread's scan found the
// records, and prepares their rows batch by batch for the thread that writes them: parsing and writing run on two
// cores. At most a few batches are in flight (the writer hands back a credit for each one it takes), so memory
// stays bounded however large the file is.
import { parentPort, workerData } from 'node:worker_threads'
import { isUserError } from '../../shared/errors'
import { recordsAt } from '../legacy/legacy-document'
import type { RecordSource } from '../legacy/legacy-files'
import { preparedBatches } from './conversation-rows'
import type { ParseWorkerMessage, ParseWorkerRequest } from './parse-in-worker'

const request = workerData as ParseWorkerRequest
const credits = new Int32Array(request.credits)
const post = (message: ParseWorkerMessage): void => parentPort?.postMessage(message)

function takeCredit(): void {
  while (Atomics.load(credits, 0) <= 0) Atomics.wait(credits, 0, Atomics.load(credits, 0))
  Atomics.sub(credits, 0, 1)
}

try {
  const { dir, file, shape, listKey, listStart } = request
  const doc: RecordSource = { file, shape, listKey, records: recordsAt(dir, file, shape, listStart) }
  for (const batch of preparedBatches(doc, request.batchSize, request.batchBytes)) {
    takeCredit()
    post({ type: 'batch', batch })
  }
  post({ type: 'done' })
} catch (error) {
  post({
    type: 'error',
    code: isUserError(error) ? error.code : 'INTERNAL',
    message: error instanceof Error ? error.message : String(error)
  })
}
