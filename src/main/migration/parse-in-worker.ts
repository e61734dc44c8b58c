// Runs the conversation parser in a worker thread and hands its prepared batches to the writer as they come.
import { Worker } from 'node:worker_threads'
import { UserError, type ErrorCode } from '../../shared/errors'
import type { DocumentShape, LegacyDocument, LegacySourceFile } from '../legacy/legacy-files'
import type { PreparedBatch } from './conversation-rows'
import { workerEntry } from '../base/worker-entry'

export interface ParseWorkerRequest {
  /** Where the scan found the records (the worker does not scan again) and how their paths are named. */
  dir: string
  file: LegacySourceFile
  shape: DocumentShape
  listKey: string | null
  listStart: number
  batchSize: number
  batchBytes: number
  /** One Int32: how many more batches the parser may send before it waits. */
  credits: SharedArrayBuffer
}

export type ParseWorkerMessage =
  | { type: 'batch'; batch: PreparedBatch }
  | { type: 'done' }
  | { type: 'error'; code: ErrorCode; message: string }

/** Batches in flight between the two threads. */
const CREDITS = 2

export async function* parsedInWorker(
  doc: LegacyDocument,
  batchSize: number,
  batchBytes: number
): AsyncGenerator<PreparedBatch> {
  if (doc.listStart === null) return
  const credits = new SharedArrayBuffer(4)
  const counter = new Int32Array(credits)
  counter[0] = CREDITS
  const { file, execArgv } = workerEntry('conversation-parse-worker', __dirname)
  const request: ParseWorkerRequest = {
    dir: doc.dir,
    file: doc.file,
    shape: doc.shape,
    listKey: doc.listKey,
    listStart: doc.listStart,
    batchSize,
    batchBytes,
    credits
  }
  const worker = new Worker(file, {
    workerData: request,
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: 8 }
  })
  const queue: ParseWorkerMessage[] = []
  let wake: (() => void) | null = null
  const push = (message: ParseWorkerMessage): void => {
    queue.push(message)
    wake?.()
  }
  worker.on('message', push)
  worker.on('error', (error) => push({ type: 'error', code: 'INTERNAL', message: error.message }))
  worker.on('exit', (code) =>
    push({ type: 'error', code: 'INTERNAL', message: `the parsing worker exited with code ${code}` })
  )
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      wake = null
      const message = queue.shift()!
      if (message.type === 'done') return
      if (message.type === 'error') throw new UserError(message.code, message.message)
      Atomics.add(counter, 0, 1)
      Atomics.notify(counter, 0)
      yield message.batch
    }
  } finally {
    await worker.terminate()
  }
}
