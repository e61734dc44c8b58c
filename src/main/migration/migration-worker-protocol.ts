// Messages between the main thread and the migration worker.
import type { ErrorCode } from '../../shared/errors'
import type { MigrationProgress } from '../../shared/types'
import type { MigrateOptions, MigrateOutcome } from './engine'

/** How the worker runs the migration: a salvage, a dry run (the salvage's preview). */
export type WorkerRunOptions = Pick<MigrateOptions, 'salvage' | 'dryRun'>

export interface WorkerRequest extends WorkerRunOptions {
  dataDir: string
}

export type WorkerMessage =
  | { type: 'progress'; progress: MigrationProgress }
  | { type: 'done'; outcome: MigrateOutcome }
  | { type: 'error'; code: ErrorCode; message: string }
