// Startup orchestration shared by the Electron shell and `personal-agent serve`: detect, migrate, open services, build the IPC table.
import type { IpcHandlers } from '../../shared/ipc'
import type { AppStatus, MigrationProgress } from '../../shared/types'

export interface AppHostOptions {
  dataDir: string
  /** Receives live migration progress (the window's "Data migration" screen). */
  onProgress: (progress: MigrationProgress) => void
}

export interface AppHost {
  handlers: IpcHandlers
  status(): Promise<AppStatus>
  /** Absolute path of the current log file (for "Open log"). */
  logFile: string
  dispose(): Promise<void>
}

export async function startAppHost(_options: AppHostOptions): Promise<AppHost> {
  throw new Error('not implemented yet')
}
