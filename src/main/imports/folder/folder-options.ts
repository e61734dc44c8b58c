// The options of a folder import, analysis and validation, with the seed's defaults.
export interface FolderOptions {
  dryRun?: boolean
  incremental?: boolean
  /** Notes written per transaction. */
  batchSize?: number
  /** Parsing threads; 1 (the default) parses on the writing thread. */
  workers?: number
  maxFileSize?: number
  /** Import the rest when files are over maxFileSize (they are reported); without it such a run is refused. */
  skipLargeFiles?: boolean
}

export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
export const DEFAULT_BATCH_SIZE = 100

/** One thread: with notes of a few kilobytes the writer is the bottleneck, and handing files to parsing threads
 * costs more than it saves (docs/benchmarks.md, `npm run bench:search`). `--workers N` parses on N threads. */
export const DEFAULT_WORKERS = 1

export interface ResolvedOptions {
  dryRun: boolean
  incremental: boolean
  batchSize: number
  workers: number
  maxFileSize: number
  skipLargeFiles: boolean
}

export function resolveOptions(options: FolderOptions): ResolvedOptions {
  return {
    dryRun: options.dryRun === true,
    incremental: options.incremental === true,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    workers: options.workers ?? DEFAULT_WORKERS,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    skipLargeFiles: options.skipLargeFiles === true
  }
}
