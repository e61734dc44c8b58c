// Worker-thread entry that runs the migration engine off the main thread and posts progress back.
import { parentPort, workerData } from 'node:worker_threads'
import { isUserError } from '../../shared/errors'
import { fsUserError } from '../fs/fs-errors'
import { configureLogging, logger } from '../logging/logger'
import { auditedSecrets } from '../history/recorded'
import { migrate } from './engine'
import type { WorkerMessage, WorkerRequest } from './migration-worker-protocol'
import { keychainProxy } from './worker-keychain'

const request = workerData as WorkerRequest
const post = (message: WorkerMessage): void => parentPort?.postMessage(message)

configureLogging(request.dataDir)
const keychain = parentPort ? keychainProxy(parentPort) : null
const secrets = keychain ? auditedSecrets(request.dataDir, async () => keychain) : undefined
migrate(request.dataDir, {
  secrets,
  salvage: request.salvage,
  dryRun: request.dryRun,
  onProgress: (progress) => post({ type: 'progress', progress })
}).then(
  (outcome) => {
    post({ type: 'done', outcome })
    parentPort?.close()
  },
  (caught: unknown) => {
    logger.error('migration worker failed', caught)
    const error = fsUserError(caught, request.dataDir)
    post({
      type: 'error',
      code: isUserError(error) ? error.code : 'INTERNAL',
      message: isUserError(error)
        ? error.message
        : 'The migration stopped on an unexpected error; details are in the log. Your legacy files were not changed.'
    })
    parentPort?.close()
  }
)
