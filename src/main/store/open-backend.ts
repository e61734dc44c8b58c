// Opens the store of a data folder on the chosen backend.
import type { StorageBackend } from '../../shared/types'
import { dataPaths } from '../base/data-paths'
import type { SecretStore } from '../secrets/secret-store'
import { openHybridStore } from './hybrid/hybrid-store'
import { openJsonStore } from './json/json-store'
import { openSqliteParts, sqliteStore } from './sqlite/sqlite-store'
import { StoreStats } from './store-stats'
import type { Store } from './store'

export interface OpenBackendOptions {
  dataDir: string
  backend: StorageBackend
  secrets: SecretStore
  /** The hybrid mirror's debounce (tests shorten it). */
  mirrorDebounceMs?: number
}

export async function openBackend(options: OpenBackendOptions): Promise<Store> {
  const { dataDir, backend, secrets } = options
  const stats = new StoreStats(dataDir)
  const dbPath = dataPaths(dataDir).db
  if (backend === 'json') return openJsonStore(dataDir, stats)
  if (backend === 'sqlite') return sqliteStore(await openSqliteParts(dbPath, secrets), stats)
  return openHybridStore({ dataDir, dbPath, secrets, stats, mirrorDebounceMs: options.mirrorDebounceMs })
}
