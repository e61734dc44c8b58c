// Works out the migration state of a data folder from state.json, the database and the legacy files present.
import { closeSync, existsSync, lstatSync, openSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { MigrationStateName } from '../../shared/types'
import { conversationFolderFiles } from '../legacy/conversation-folders'
import { LEGACY_FILES, type LegacySourceFile } from '../legacy/legacy-files'
import { openDatabase, userVersion } from '../store/sqlite/database'
import { LATEST_SCHEMA_VERSION } from '../store/sqlite/schema'
import { dataPaths } from '../base/data-paths'
import { readStateFile, type StateFile } from './state-file'

export interface DetectedState {
  state: MigrationStateName
  legacyFiles: LegacySourceFile[]
  stateFile: StateFile | null
  schemaVersion: number | null
}

/**
 * Legacy files present in a folder: the three files, then the `*.json` files of the conversation folders. A broken
 * link counts (preflight then says what is wrong with it).
 */
export function presentLegacyFiles(dir: string): LegacySourceFile[] {
  const files: LegacySourceFile[] = LEGACY_FILES.filter((file) => {
    try {
      lstatSync(join(dir, file))
      return true
    } catch {
      return false
    }
  })
  return [...files, ...conversationFolderFiles(dir)]
}

/** user_version from the database header (bytes 60–63), without opening SQLite: detection creates no -wal/-shm file. */
function headerVersion(file: string): number | null {
  const header = Buffer.alloc(100)
  const fd = openSync(file, 'r')
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return null
  } finally {
    closeSync(fd)
  }
  return header.subarray(0, 16).toString('latin1') === 'SQLite format 3\0' ? header.readUInt32BE(60) : null
}

function databaseVersion(file: string): number | null {
  if (!existsSync(file)) return null
  // A non-empty WAL may hold a newer header than the main file: then ask SQLite.
  const wal = `${file}-wal`
  if (!existsSync(wal) || statSync(wal).size === 0) {
    const version = headerVersion(file)
    if (version !== null) return version
  }
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
