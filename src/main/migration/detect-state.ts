// Works out the migration state of a data folder from state.json, the database and the legacy files present.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { MigrationStateName } from '../../shared/types'
import { LEGACY_FILES, type LegacyFileName } from '../legacy/legacy-files'
import { openDatabase, userVersion } from '../store/sqlite/database'
import { LATEST_SCHEMA_VERSION } from '../store/sqlite/schema'
import { dataPaths } from './data-paths'
import { readStateFile, type StateFile } from './state-file'

export interface DetectedState {
  state: MigrationStateName
  legacyFiles: LegacyFileName[]
  stateFile: StateFile | null
  schemaVersion: number | null
}

export function presentLegacyFiles(dir: string): LegacyFileName[] {
  return LEGACY_FILES.filter((file) => existsSync(join(dir, file)))
}

function databaseVersion(file: string): number | null {
  if (!existsSync(file)) return null
  const db = openDatabase(file, { readonly: true, withoutVec: true })
  try {
    return userVersion(db)
  } finally {
    db.close()
  }
}

export function detectState(dataDir: string): DetectedState {
  const paths = dataPaths(dataDir)
  const stateFile = readStateFile(paths.state)
  const legacyFiles = presentLegacyFiles(dataDir)
  const schemaVersion = databaseVersion(paths.db)
  const result = (state: MigrationStateName): DetectedState => ({
    state,
    legacyFiles,
    stateFile,
    schemaVersion
  })
  if (schemaVersion !== null && schemaVersion > LATEST_SCHEMA_VERSION) return result('newer-schema')
  if (stateFile?.state === 'migrating') return result('interrupted')
  if (stateFile?.state === 'rolled-back') return result('rolled-back')
  if (stateFile?.state === 'migrated' || schemaVersion !== null) return result('migrated')
  return result(legacyFiles.length > 0 ? 'legacy' : 'fresh')
}
