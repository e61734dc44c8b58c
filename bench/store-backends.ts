// Opens a data folder's store with one backend, as the app would: the SQLite store, or the legacy JSON files.
import { join } from 'node:path'
import { DB_FILE } from '../src/main/base/data-paths'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openJsonStore } from '../src/main/store/json/json-store'
import { openSqliteParts, sqliteStore } from '../src/main/store/sqlite/sqlite-store'
import { StoreStats } from '../src/main/store/store-stats'
import type { Store } from '../src/main/store/store'

export const BACKENDS = ['json', 'sqlite'] as const
export type BackendName = (typeof BACKENDS)[number]

export interface OpenedBackend {
  store: Store
  /** How the backend makes a write durable, for the report. */
  durability: string
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA']

export async function openBackend(backend: BackendName, dataDir: string): Promise<OpenedBackend> {
  const stats = new StoreStats(dataDir)
  if (backend === 'json')
    return {
      store: openJsonStore(dataDir, stats),
      durability: 'whole file: temp file, fsync, rename, fsync of the folder'
    }
  const store = sqliteStore(await openSqliteParts(join(dataDir, DB_FILE), new SecretStore(dataDir)), stats)
  const journal = String(store.db.pragma('journal_mode', { simple: true }))
  const synchronous = Number(store.db.pragma('synchronous', { simple: true }))
  return {
    store,
    durability: `journal_mode ${journal}, synchronous ${SYNCHRONOUS[synchronous] ?? synchronous}`
  }
}
