// Owns the app host's lifetime for a transport (Electron IPC or the `serve` web bridge): starts it, lets requests
// wait while the launch migration runs, and starts it again when "Retry" follows a failed start.
import type { IpcChannel } from '../../shared/ipc'
import { validateIpcRequest } from '../../shared/ipc-schema'
import type { MigrationProgress } from '../../shared/types'
import { logger } from '../logging/logger'
import { startAppHost, type AppHost, type AppHostOptions } from './app-host'
import { callHandler } from './ipc-envelope'

export class HostController {
  private current: Promise<AppHost> | null = null
  private ready: AppHost | null = null
  private failed = false

  constructor(
    private readonly dataDir: string,
    private readonly onProgress: (progress: MigrationProgress) => void,
    /** The --storage-backend flag, or null. */
    private readonly storageBackend: string | null = null,
    /** The transport's other events and its file chooser, if it has one. */
    private readonly extras: Pick<AppHostOptions, 'emit' | 'choosePath'> = {}
  ) {}

  /** The running host, or null while it is starting (or failed to). */
  get host(): AppHost | null {
    return this.ready
  }

  start(): Promise<AppHost> {
    this.failed = false
    const started = startAppHost({
      dataDir: this.dataDir,
      onProgress: this.onProgress,
      storageBackend: this.storageBackend,
      ...this.extras
    })
    started.then(
      (host) => (this.ready = host),
      (error: unknown) => {
        this.failed = true
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
    if (channel === 'migration:run' && (this.failed || this.current === null)) {
      // "Retry" after a failed start: starting again resumes or restarts the migration.
      const status = await (await this.start()).status()
      if (status.state === 'migrated' && status.lastReport) return status.lastReport
    }
    const host = await (this.current ?? this.start())
    return callHandler(host.handlers, channel, valid)
  }

  async dispose(): Promise<void> {
    const host = this.ready
    this.ready = null
    await host?.dispose()
  }
}
