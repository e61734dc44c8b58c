// Runs the conversations part of a hybrid mirror write in a worker thread (see conversation-mirror-worker.ts).
import { Worker } from 'node:worker_threads'
import { workerEntry } from '../../base/worker-entry'

export type MirrorWorkerMessage = { type: 'done'; written: boolean } | { type: 'error'; message: string }

/** A database at least this large has its conversations mirrored off the main thread. */
export function mirrorWorkerMinBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PERSONAL_AGENT_MIRROR_WORKER_MIN_BYTES)
  return Number.isFinite(value) && value >= 0 ? value : 16 * 1024 * 1024
}

/** Writes conversations.json from the store; resolves whether the store had any to write. */
export function mirrorConversationsInWorker(dbPath: string, dataDir: string): Promise<boolean> {
  const { file, execArgv } = workerEntry('conversation-mirror-worker', __dirname)
  const worker = new Worker(file, { workerData: { dbPath, dataDir }, execArgv })
  return new Promise<boolean>((resolve, reject) => {
    worker.once('message', (message: MirrorWorkerMessage) => {
      if (message.type === 'done') resolve(message.written)
      else reject(new Error(message.message))
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the mirror worker stopped (exit code ${code})`)))
  })
}
