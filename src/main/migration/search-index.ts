// Builds the committed store's full-text index, and runs SQLite's checks on the result, in a worker thread, so
// both run after the commit, while the store is already usable, and never block the thread that started them.
import { Worker } from 'node:worker_threads'
import { workerEntry } from '../base/worker-entry'
import type { SearchTriggers } from '../store/sqlite/staging/bulk-load'

/** What the index worker is started with. */
export interface IndexWorkerData {
  dbPath: string
  /** The triggers to put back with the index; null: the index is built already, only the checks run. */
  triggers: SearchTriggers | null
}

export type IndexWorkerMessage =
  | { type: 'progress'; share: number }
  | { type: 'indexed' }
  | { type: 'done'; problems: string[] }
  | { type: 'checkpointed' }
  | { type: 'error'; message: string }

export interface IndexBuild {
  /** The index is built (and committed); the checks run next. */
  indexed: Promise<void>
  /** The problems SQLite's checks found in the finished file, once the index is complete. */
  done: Promise<string[]>
  /** Asks the worker to fold the WAL into the database file (once no one reads), then to finish. */
  checkpoint(): Promise<void>
  /** Stops the worker (after a failure elsewhere); the staging database is discarded anyway. */
  stop(): Promise<void>
}

export function startSearchIndex(
  dbPath: string,
  triggers: SearchTriggers | null,
  onShare: (share: number) => void
): IndexBuild {
  const { file, execArgv } = workerEntry('search-index-worker', __dirname)
  const data: IndexWorkerData = { dbPath, triggers }
  const worker = new Worker(file, {
    workerData: data,
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: 4 }
  })
  let checkpointed: (() => void) | null = null
  let exited = false
  worker.on('exit', () => {
    exited = true
    checkpointed?.()
  })
  let markIndexed = (): void => {}
  const indexed = new Promise<void>((resolve) => (markIndexed = resolve))
  const done = new Promise<string[]>((resolve, reject) => {
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'progress') onShare(message.share)
      else if (message.type === 'indexed') markIndexed()
      else if (message.type === 'done') resolve(message.problems)
      else if (message.type === 'checkpointed') checkpointed?.()
      else reject(new Error(`the search index could not be built: ${message.message}`))
    })
    worker.on('error', reject)
    worker.on('exit', (code) => reject(new Error(`the search index worker exited with code ${code}`)))
  })
  // A rejection nobody awaits yet (the caller waits on `indexed` first) must not count as unhandled.
  done.catch(() => {})
  // A failure before the index is built settles `indexed` too: `done` says what went wrong.
  void done.then(markIndexed, markIndexed)
  return {
    indexed,
    done,
    checkpoint: async () => {
      if (exited) return
      // Ends when the worker reports the checkpoint, or when it is gone (it exits after either).
      const finished = new Promise<void>((resolve) => (checkpointed = resolve))
      worker.postMessage('checkpoint')
      await finished
    },
    stop: async () => {
      await worker.terminate()
    }
  }
}
