// Owns the app host's lifetime for a transport (Electron IPC or the `serve` web bridge): starts it, lets requests
// wait while the launch migration runs, and starts it again when "Retry" follows a failed start.
import type { IpcChannel, IpcResponse } from '../../shared/ipc'
import { validateIpcRequest } from '../../shared/ipc-schema'
import type { MigrationProgress } from '../../shared/types'
import { logFilePath, logger } from '../logging/logger'
import { startAppHost, type AppHost, type AppHostOptions } from './app-host'
import { migrateInWorker } from '../migration/run-in-worker'
import { callHandler } from './ipc-envelope'
import type { IpcDispatcher } from './ipc-registration'

/** What a transport adds to the host: its other events, its file choosers, and how it opens a file, if it can. */
export interface TransportExtras extends Pick<AppHostOptions, 'emit' | 'choosePath' | 'chooseBackupFile'> {
  /** Shows a file to the user (Electron's shell); throws a UserError when it cannot. */
  openPath?: (path: string) => Promise<void>
}

export class HostController implements IpcDispatcher {
  private current: Promise<AppHost> | null = null
  private ready: AppHost | null = null
  private failed = false
  /** The launch migration's latest progress, until the host is ready (a window that opens late starts from it). */
  private latest: MigrationProgress | null = null

  constructor(
    private readonly dataDir: string,
    private readonly emitProgress: (progress: MigrationProgress) => void,
    /** The --storage-backend flag, or null. */
    private readonly storageBackend: string | null = null,
    private readonly extras: TransportExtras = {}
  ) {}

  /** The running host, or null while it is starting (or failed to). */
  get host(): AppHost | null {
    return this.ready
  }

  /** Starts the host; `salvage` migrates what can be read of a damaged legacy file ("Migrate what can be read"). */
  start(salvage = false): Promise<AppHost> {
    this.failed = false
    const started = startAppHost({
      salvage,
      dataDir: this.dataDir,
      onProgress: (progress) => {
        this.latest = progress
        this.emitProgress(progress)
      },
      storageBackend: this.storageBackend,
      emit: this.extras.emit,
      choosePath: this.extras.choosePath,
      chooseBackupFile: this.extras.chooseBackupFile
    })
    started.then(
      (host) => {
        this.ready = host
        this.latest = null
      },
      (error: unknown) => {
        this.failed = true
        this.latest = null
        logger.error('The app host failed to start', error)
      }
    )
    this.current = started
    return started
  }

  /** Answers one request; requests made during the launch migration wait for it. */
  async dispatch(channel: IpcChannel, req: unknown): Promise<unknown> {
    // Before anything else (retry, waiting for the host): unknown channels and payloads that do not match the
    // channel's schema are refused with INVALID_INPUT, so no handler ever sees them.
    const valid = validateIpcRequest(channel, req)
    if (channel === 'logs:open') return this.openLog()
    if (channel === 'migration:current') return this.ready ? null : this.latest
    if (channel === 'migration:previewSalvage') return this.previewSalvage()
    const salvage = channel === 'migration:runSalvage'
    if ((channel === 'migration:run' || salvage) && (this.failed || this.current === null)) {
      // "Retry" (or "Migrate what can be read") after a failed start: starting again resumes or restarts it.
      const status = await (await this.start(salvage)).status()
      if (status.state === 'migrated' && status.lastReport) return status.lastReport
    }
    const host = await (this.current ?? this.start())
    return callHandler(host.handlers, channel, valid)
  }

  /** The salvage's dry run, in the migration worker: it reads the legacy files and writes nothing. */
  private async previewSalvage(): Promise<IpcResponse<'migration:previewSalvage'>> {
    const outcome = await migrateInWorker(this.dataDir, () => undefined, { dryRun: true, salvage: true })
    return { files: outcome.salvaged, counts: outcome.counts, warnings: outcome.warnings }
  }

  /** "Open log" never waits for a migration in progress: the log file's place is known without the host. */
  private async openLog(): Promise<IpcResponse<'logs:open'>> {
    const path = logFilePath(this.dataDir)
    await this.extras.openPath?.(path)
    return { path }
  }

  async dispose(): Promise<void> {
    const host = this.ready
    this.ready = null
    await host?.dispose()
  }
}
