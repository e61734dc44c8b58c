// Parses a folder's files on N worker threads (or on this thread when N is 1) and hands the results back in file
// order, a bounded number ahead, so memory stays flat however large the folder is.
import { Worker } from 'node:worker_threads'
import { parseJsonText } from '../../base/json-text'
import { workerEntry } from '../../base/worker-entry'
import type { NoteFile } from './note-files'
import type { ParseRequest } from './note-parse-worker'
import { readNoteFile, type ReadResult } from './read-note-file'

/** How many files may be parsed ahead of the writer, per worker. */
const AHEAD_PER_WORKER = 4

export async function* parseFiles(
  files: readonly NoteFile[],
  workers: number
): AsyncGenerator<[NoteFile, ReadResult]> {
  if (workers <= 1 || files.length <= 1) {
    for (const file of files) {
      yield [file, readNoteFile(file)]
      // Let progress events and other requests through between files.
      await new Promise((resolve) => setImmediate(resolve))
    }
    return
  }
  const { file: entry, execArgv } = workerEntry('note-parse-worker', __dirname)
  const pool = Array.from({ length: Math.min(workers, files.length) }, () => new Worker(entry, { execArgv }))
  const waiting = new Map<number, (result: ReadResult) => void>()
  const done = new Map<number, ReadResult>()
  let failure: Error | null = null
  let failed: (() => void) | null = null
  for (const worker of pool) {
    worker.on('message', (message: { index: number; result: string }) => {
      const result = parseJsonText(message.result) as unknown as ReadResult
      const resolve = waiting.get(message.index)
      if (resolve) {
        waiting.delete(message.index)
        resolve(result)
      } else done.set(message.index, result)
    })
    worker.on('error', (error) => {
      failure = error
      failed?.()
    })
  }
  let sent = 0
  const send = (): void => {
    const request: ParseRequest = { index: sent, file: files[sent]! }
    pool[sent % pool.length]!.postMessage(request)
    sent++
  }
  try {
    while (sent < Math.min(files.length, pool.length * AHEAD_PER_WORKER)) send()
    for (let index = 0; index < files.length; index++) {
      const ready = done.get(index)
      const result =
        ready ??
        (await new Promise<ReadResult>((resolve, reject) => {
          waiting.set(index, resolve)
          failed = () => reject(failure ?? new Error('a parsing worker stopped'))
          if (failure) failed()
        }))
      done.delete(index)
      if (sent < files.length) send()
      yield [files[index]!, result]
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()))
  }
}
