// App and migration state: startup, live migration progress, the report, the migration offer, navigation.
import { create } from 'zustand'
import type { AppStatus, MigrationProgress, MigrationReport } from '../../../shared/types'
import type { ErrorPayload } from '../../../shared/errors'
import { call, errorCode, errorMessage, subscribe } from '../api'
import { notify } from './notices'

export type Screen = 'conversations' | 'search' | 'import' | 'agents' | 'profiles' | 'mcp' | 'settings'

/**
 * starting:  waiting for the first status (the main process may be migrating; no progress seen yet)
 * migrating: a migration is running and progress events arrive
 * offer:     old data was found and the migration is offered, not automatic
 * report:    a migration just finished; its report is shown until "Continue"
 * failed:    startup or the migration failed; the error is shown with "Retry" and "Open log"
 * ready:     the normal app
 */
export type Phase = 'starting' | 'migrating' | 'offer' | 'report' | 'failed' | 'ready'

const SEEN_REPORT_KEY = 'personal-agent.seen-report'

function seenReportId(): string | null {
  try {
    return window.localStorage.getItem(SEEN_REPORT_KEY)
  } catch {
    return null
  }
}

function markReportSeen(runId: string): void {
  try {
    window.localStorage.setItem(SEEN_REPORT_KEY, runId)
  } catch {
    // Storage unavailable: the report may show once more next time, which is harmless.
  }
}

interface AppState {
  phase: Phase
  status: AppStatus | null
  progress: MigrationProgress | null
  report: MigrationReport | null
  error: ErrorPayload | null
  screen: Screen
  /** Bumped when the data under the app changes wholesale (migration, restore) so that screens reload. */
  dataEpoch: number
  init(): Promise<void>
  refreshStatus(): Promise<AppStatus | null>
  /** Runs (or retries) the migration; `salvage` migrates what can be read of a damaged legacy file. */
  runMigration(options?: { salvage?: boolean }): Promise<void>
  continueAfterReport(): void
  skipMigration(): void
  openLog(): Promise<void>
  navigate(screen: Screen): void
  dataChanged(): void
}

let initialised = false

function phaseFor(status: AppStatus): {
  phase: Phase
  report: MigrationReport | null
  error: ErrorPayload | null
} {
  const failed = (error: ErrorPayload) => ({ phase: 'failed' as const, report: null, error })
  if (status.state === 'newer-schema') {
    return failed({
      code: 'NEWER_SCHEMA',
      message:
        `This data folder was written by a newer version of Personal Agent (schema ${status.schemaVersion}; ` +
        `this version understands up to ${status.latestSchemaVersion}). Install the latest version to open it.`
    })
  }
  if (status.state === 'interrupted') {
    return failed({
      code: 'WRONG_STATE',
      message:
        'The last data migration did not finish. Retry to complete it; your old files are still in place.'
    })
  }
  if (status.state === 'legacy' || status.state === 'rolled-back')
    return { phase: 'offer', report: null, error: null }
  const report = status.lastReport
  if (status.state === 'migrated' && report && report.runId !== seenReportId()) {
    return { phase: 'report', report, error: null }
  }
  return { phase: 'ready', report: null, error: null }
}

export const useAppStore = create<AppState>()((set, get) => ({
  phase: 'starting',
  status: null,
  progress: null,
  report: null,
  error: null,
  screen: 'conversations',
  dataEpoch: 0,

  async init() {
    if (initialised) return
    initialised = true
    subscribe('migration:progress', (progress) => {
      const { phase } = get()
      set({ progress, phase: phase === 'starting' ? 'migrating' : phase })
    })
    // A window that opens after the launch migration began starts from its latest progress, not a bare spinner.
    void call('migration:current').then(
      (progress) => {
        if (progress && get().phase === 'starting' && get().progress === null)
          set({ progress, phase: 'migrating' })
      },
      () => undefined
    )
    try {
      const status = await call('app:status')
      set({ status, ...phaseFor(status) })
    } catch (error) {
      set({ phase: 'failed', error: { code: errorCode(error), message: errorMessage(error) } })
    }
  },

  async refreshStatus() {
    try {
      const status = await call('app:status')
      set({ status })
      return status
    } catch (error) {
      notify(errorMessage(error), 'error')
      return null
    }
  },

  async runMigration(options = {}) {
    set({ phase: 'migrating', progress: null, error: null, report: null })
    try {
      const report = await call(options.salvage ? 'migration:runSalvage' : 'migration:run')
      const status = await call('app:status').catch(() => get().status)
      set({ phase: 'report', report, status, dataEpoch: get().dataEpoch + 1 })
    } catch (error) {
      // "Nothing to migrate" after a retry that already brought the data up: carry on with the current status.
      if (errorCode(error) === 'WRONG_STATE') {
        const status = await call('app:status').catch(() => null)
        if (status?.state === 'migrated') {
          set({ status, ...phaseFor(status), dataEpoch: get().dataEpoch + 1 })
          return
        }
      }
      set({ phase: 'failed', error: { code: errorCode(error), message: errorMessage(error) } })
    }
  },

  continueAfterReport() {
    const { report } = get()
    if (report) markReportSeen(report.runId)
    set({ phase: 'ready', progress: null })
  },

  skipMigration() {
    set({ phase: 'ready' })
  },

  async openLog() {
    try {
      await call('logs:open')
    } catch (error) {
      notify(errorMessage(error), 'error')
    }
  },

  navigate(screen) {
    set({ screen })
  },

  dataChanged() {
    set({ dataEpoch: get().dataEpoch + 1 })
  }
}))
