// Runs the launch migration in a worker thread so the app's main thread (and its window) never waits on it.
import { Worker } from 'node:worker_threads'
import { UserError } from '../../shared/errors'
import type { MigrationProgress } from '../../shared/types'
import type { MigrateOutcome } from './engine'
import type { WorkerMessage, WorkerRequest, WorkerRunOptions } from './migration-worker-protocol'
import { keytarBackend } from '../secrets/secret-store'
import { answerKeychain, type KeychainRequest } from './worker-keychain'
import { workerEntry } from '../base/worker-entry'

export function migrateInWorker(
  dataDir: string,
  onProgress: (progress: MigrationProgress) => void,
  options: WorkerRunOptions = {}
): Promise<MigrateOutcome> {
  const { file, execArgv } = workerEntry('migration-worker', __dirname)
  const request: WorkerRequest = { dataDir, ...options }
  const worker = new Worker(file, { workerData: request, execArgv })
  return new Promise((resolve, reject) => {
    let settled = false
    worker.on('message', (message: WorkerMessage | KeychainRequest) => {
      if (message.type === 'keychain') {
        void keytarBackend()
          .then((backend) => answerKeychain(backend, message))
          .catch((error: unknown) => ({
            type: 'keychain-reply' as const,
            id: message.id,
            ok: false,
            error: String(error)
          }))
          .then((reply) => worker.postMessage(reply))
      } else if (message.type === 'progress') onProgress(message.progress)
      else if (message.type === 'done') {
        settled = true
        resolve(message.outcome)
      } else {
        settled = true
        reject(new UserError(message.code, message.message))
      }
    })
    worker.on('error', (error) => {
      settled = true
      reject(error)
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the migration worker exited with code ${code}`))
    })
  })
}
