// The options of a folder import, analysis and validation, with the seed's defaults.
import { cpus } from 'node:os'

export interface FolderOptions {
  dryRun?: boolean
  incremental?: boolean
  /** Notes written per transaction. */
  batchSize?: number
  /** Parsing threads; 1 parses on the writing thread. */
  workers?: number
  maxFileSize?: number
  /** Import the rest when files are over maxFileSize (they are reported); without it such a run is refused. */
  skipLargeFiles?: boolean
}

export const DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
export const DEFAULT_BATCH_SIZE = 100

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, cpus().length))
}

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
    workers: options.workers ?? defaultWorkers(),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    skipLargeFiles: options.skipLargeFiles === true
  }
}
