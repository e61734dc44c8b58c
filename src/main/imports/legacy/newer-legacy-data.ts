// Which legacy files the old app wrote again in a migrated folder since they were last imported (status and the app).
import { dataPaths } from '../../base/data-paths'
import type { MigrationStateName, StorageBackend } from '../../../shared/types'
import { presentLegacyFiles } from '../../migration/detect-state'
import { openDatabase } from '../../store/sqlite/database'
import { newerLegacyFiles } from './legacy-reimport'

/**
 * The reappeared legacy files not yet imported as they are now, read-only. Only a migrated folder off the hybrid
 * backend counts: before the migration the files are the data, and on hybrid they are the store's own mirror.
 */
export function newerLegacyData(
  dataDir: string,
  state: MigrationStateName,
  backend: StorageBackend
): string[] {
  if (state !== 'migrated' || backend === 'hybrid' || presentLegacyFiles(dataDir).length === 0) return []
  const db = openDatabase(dataPaths(dataDir).db, { readonly: true, withoutVec: true })
  try {
    const hasMap = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'legacy_id_map'").get() !== undefined
    return hasMap ? newerLegacyFiles(db, dataDir) : []
  } finally {
    db.close()
  }
}
