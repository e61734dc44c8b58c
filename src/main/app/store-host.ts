// The open store of the app and its backend: which one the environment, flag or setting asks for, what the data
// folder's state allows, switching between them safely, and the consistency check and counters Settings shows.
import { UserError } from '../../shared/errors'
import type { ConsistencyReport, StorageBackend, StoreCounters } from '../../shared/types'
import { logger } from '../logging/logger'
import { detectState } from '../migration/detect-state'
import type { SecretStore } from '../secrets/secret-store'
import { chooseBackend, launchPlan, writeBackendSetting, type BackendChoice } from '../store/backend-choice'
import { checkFolderConsistency } from '../store/consistency-check'
import { stripMirrorSecrets } from '../store/hybrid/mirror-secrets'
import { handOverToJson } from './json-handover'
import { openBackend } from '../store/open-backend'
import { readCounters, StoreStats } from '../store/store-stats'
import type { Store } from '../store/store'

export interface StoreHostOptions {
  dataDir: string
  secrets: SecretStore
  /** The --storage-backend flag, or null. */
  backendFlag: string | null
  /** Told about every store opened (null: none could be), so search can follow it. */
  onOpened?: (store: Store | null) => void
  /** Called before the store closes (a switch, a rollback, quitting): whatever reads the database lets go first. */
  beforeClose?: () => Promise<void>
}

export interface BackendStatus {
  storageBackend: StorageBackend
  requestedBackend: StorageBackend
  backendNotice: string | null
  counters: StoreCounters
}

export function hybridWarning(dataDir: string): string {
  return `Hybrid mode writes your API keys and secret MCP env values in plain text to models.json and mcp_config.json in ${dataDir}, so that an older Personal Agent can use them. Switch back to sqlite to remove them from there.`
}

const SOURCE_NAME = { environment: 'STORAGE_BACKEND', flag: '--storage-backend' } as const

export class StoreHost {
  private current: Store | null = null
  private notice: string | null = null

  constructor(private readonly options: StoreHostOptions) {}

  get store(): Store | null {
    return this.current
  }

  choice(): BackendChoice {
    return chooseBackend(this.options.dataDir, this.options.backendFlag)
  }

  /** Whether launching should migrate first (see `launchPlan`). */
  wantsMigration(): boolean {
    return launchPlan(detectState(this.options.dataDir).state, this.choice()).migrateFirst
  }

  /** Opens the store the state and the choice give (none while the folder is interrupted or newer). */
  async open(): Promise<void> {
    await this.close()
    const { dataDir, secrets } = this.options
    const state = detectState(dataDir).state
    const choice = this.choice()
    this.notice = null
    const backend = launchPlan(state, choice).opens
    try {
      if (backend !== null) {
        if (state === 'migrated' && backend === 'json') await handOverToJson(dataDir, secrets)
        this.current = await openBackend({ dataDir, secrets, backend })
      }
      if (state === 'rolled-back' && choice.backend !== 'json')
        this.notice = `Your data is in the legacy JSON files after a rollback; choose "Migrate now" to move it to ${choice.backend}.`
    } catch (error) {
      this.notice = error instanceof Error ? error.message : String(error)
      logger.error(`could not open the ${choice.backend} store in ${dataDir}`, error)
    }
    if (this.current) logger.info(`store open on the ${this.current.backend} backend (${choice.source})`)
    this.options.onOpened?.(this.current)
  }

  async close(): Promise<void> {
    await this.options.beforeClose?.()
    const store = this.current
    this.current = null
    await store?.close()
  }

  status(): BackendStatus {
    const requested = this.choice().backend
    return {
      storageBackend: this.current?.backend ?? 'json',
      requestedBackend: requested,
      backendNotice: this.notice,
      counters: this.current?.counters() ?? readCounters(this.options.dataDir)
    }
  }

  /** Refuses a change the environment variable or the flag overrides (it would not take effect). */
  assertChoosable(target: StorageBackend): void {
    const choice = this.choice()
    if ((choice.source === 'environment' || choice.source === 'flag') && choice.backend !== target)
      throw new UserError(
        'USAGE',
        `The storage backend is set to ${choice.backend} by ${SOURCE_NAME[choice.source]}, which comes before the setting; change or remove it to use ${target}.`
      )
  }

  /**
   * Switches between backends that need no migration: to json (the store is written out as the legacy files
   * first), and between sqlite and hybrid (leaving hybrid takes the plain-text keys out of the mirror). A switch
   * from json to a SQLite backend is a migration; the caller runs it after `chooseForMigration`.
   */
  async switchTo(target: StorageBackend): Promise<{ warning: string | null }> {
    this.assertChoosable(target)
    const { dataDir } = this.options
    const from = this.current?.backend ?? null
    if (from === target) return { warning: target === 'hybrid' ? hybridWarning(dataDir) : null }
    await this.close()
    if (from === 'hybrid') stripMirrorSecrets(dataDir, new StoreStats(dataDir))
    writeBackendSetting(dataDir, target)
    await this.open()
    // The hybrid store writes its mirror as it opens: the switch is done once the files are there.
    await this.current?.flush()
    return { warning: target === 'hybrid' ? hybridWarning(dataDir) : null }
  }

  /** Records the backend a "Migrate now" leads to (sqlite, unless hybrid was asked for). */
  chooseForMigration(target: StorageBackend = 'sqlite'): void {
    this.assertChoosable(target)
    writeBackendSetting(this.options.dataDir, target)
  }

  /** Writes the hybrid mirror now (and the counters). */
  async flush(options?: { force?: boolean }): Promise<StoreCounters> {
    await this.current?.flush(options)
    return this.status().counters
  }

  /** Compares the legacy JSON files with the SQLite store (the hybrid mirror is flushed first). */
  async consistency(): Promise<ConsistencyReport> {
    await this.current?.flush()
    return checkFolderConsistency(this.options.dataDir, this.options.secrets)
  }
}
