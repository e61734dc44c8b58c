// Messages between the main thread and the migration worker.
import type { ErrorCode } from '../../shared/errors'
import type { MigrationProgress } from '../../shared/types'
import type { MigrateOutcome } from './engine'

export interface WorkerRequest {
  dataDir: string
}

export type WorkerMessage =
  | { type: 'progress'; progress: MigrationProgress }
  | { type: 'done'; outcome: MigrateOutcome }
  | { type: 'error'; code: ErrorCode; message: string }
