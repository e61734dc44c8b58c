// Which storage backend the app uses: the STORAGE_BACKEND environment variable, then the --storage-backend flag,
// then the setting chosen in the app (settings.json in the data folder), else sqlite.
import { UserError } from '../../shared/errors'
import { STORAGE_BACKENDS, type MigrationStateName, type StorageBackend } from '../../shared/types'
import { readSettings, writeSettings } from './settings-file'

export type BackendSource = 'environment' | 'flag' | 'setting' | 'default'

export interface BackendChoice {
  backend: StorageBackend
  source: BackendSource
}

export function isStorageBackend(value: unknown): value is StorageBackend {
  return typeof value === 'string' && (STORAGE_BACKENDS as readonly string[]).includes(value)
}

/** The backend named by `value`, or a one-line USAGE error naming where the value came from. */
export function parseBackend(value: string, where: string): StorageBackend {
  if (isStorageBackend(value)) return value
  throw new UserError(
    'USAGE',
    `${where} is "${value}", which is not a storage backend; use ${STORAGE_BACKENDS.join(', ')}.`
  )
}

/** The backend chosen in the app, or null (an unreadable settings file counts as no choice). */
export function readBackendSetting(dataDir: string): StorageBackend | null {
  const value = readSettings(dataDir).storageBackend
  return isStorageBackend(value) ? value : null
}

export function writeBackendSetting(dataDir: string, backend: StorageBackend): void {
  writeSettings(dataDir, { storageBackend: backend })
}

export function chooseBackend(
  dataDir: string,
  flag: string | null = null,
  env: NodeJS.ProcessEnv = process.env
): BackendChoice {
  const fromEnv = env.STORAGE_BACKEND
  if (fromEnv !== undefined && fromEnv !== '')
    return { backend: parseBackend(fromEnv, 'STORAGE_BACKEND'), source: 'environment' }
  if (flag !== null) return { backend: parseBackend(flag, '--storage-backend'), source: 'flag' }
  const setting = readBackendSetting(dataDir)
  return setting ? { backend: setting, source: 'setting' } : { backend: 'sqlite', source: 'default' }
}

export interface LaunchPlan {
  /** Whether launching migrates the folder first (legacy data, an interrupted run, or an explicit request). */
  migrateFirst: boolean
  /** The backend opened without migrating, or null when there is none until a migration runs. */
  opens: StorageBackend | null
}

/**
 * What a launch does for a data folder in `state` with `choice`. A rolled-back folder is migrated only when the
 * environment variable or the flag asks for a SQLite backend: a setting left from before the rollback never
 * undoes it.
 */
export function launchPlan(state: MigrationStateName, choice: BackendChoice): LaunchPlan {
  const explicit = choice.source === 'environment' || choice.source === 'flag'
  switch (state) {
    case 'migrated':
      return { migrateFirst: false, opens: choice.backend }
    case 'rolled-back':
      return { migrateFirst: explicit && choice.backend !== 'json', opens: 'json' }
    case 'legacy':
    case 'fresh':
      return choice.backend === 'json'
        ? { migrateFirst: false, opens: 'json' }
        : { migrateFirst: true, opens: null }
    case 'interrupted':
      return { migrateFirst: true, opens: null }
    default:
      return { migrateFirst: false, opens: null }
  }
}

/** The backend the app ends up on after launching: the choice once a migration ran, else the one it opens. */
export function launchedBackend(state: MigrationStateName, choice: BackendChoice): StorageBackend {
  const plan = launchPlan(state, choice)
  return plan.migrateFirst || plan.opens === null ? choice.backend : plan.opens
}
