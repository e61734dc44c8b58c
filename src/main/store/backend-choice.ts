// Which storage backend the app uses: the STORAGE_BACKEND environment variable, then the --storage-backend flag,
// then the setting chosen in the app (settings.json in the data folder), else sqlite.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { STORAGE_BACKENDS, type StorageBackend } from '../../shared/types'
import { writeFileAtomic } from '../fs/atomic-write'
import { isPlainObject } from './record-codec'

export const SETTINGS_FILE = 'settings.json'
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

function readSettings(dataDir: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8'))
    return isPlainObject(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

/** The backend chosen in the app, or null (an unreadable settings file counts as no choice). */
export function readBackendSetting(dataDir: string): StorageBackend | null {
  const value = readSettings(dataDir).storageBackend
  return isStorageBackend(value) ? value : null
}

export function writeBackendSetting(dataDir: string, backend: StorageBackend): void {
  const settings = { ...readSettings(dataDir), storageBackend: backend }
  writeFileAtomic(join(dataDir, SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`)
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
