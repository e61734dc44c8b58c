// Moving a data folder from the SQLite store to the json backend: the current store is written out as the legacy
// files first (keys back in them, as the old format keeps them), then the database is set aside. With a
// pre-migration backup this is the rollback that keeps the user's data; without one (a folder that started on
// this version) the same steps run here.
import { APP_VERSION } from '../base/app-version'
import { acquireLock } from '../fs/file-lock'
import { countBackups } from '../migration/backup'
import { dataPaths, utcStamp } from '../base/data-paths'
import { exportLegacyFiles } from '../store/sqlite/legacy-export'
import { rollback, sealSetAside, setDatabasesAside, storeAccounts } from '../migration/rollback'
import { rollbackEvent } from '../migration/migration-events'
import { recorded } from '../history/recorded'
import { writeStateFile } from '../migration/state-file'
import type { SecretStore } from '../secrets/secret-store'
import { forgetSecrets } from '../store/sqlite/secret-refs'
import { openDatabase } from '../store/sqlite/database'

export interface HandoverResult {
  files: string[]
  databaseMovedTo: string
}

/** Call with the store closed. */
export async function handOverToJson(dataDir: string, secrets: SecretStore): Promise<HandoverResult> {
  const paths = dataPaths(dataDir)
  if (countBackups(paths) > 0) {
    const result = await recorded(dataDir, 'migration-rollback', () => rollback(dataDir), rollbackEvent)
    return { files: result.files, databaseMovedTo: result.databaseMovedTo ?? '' }
  }
  const lock = await acquireLock(paths.lock, { purpose: 'switching to the json backend', resource: dataDir })
  try {
    const db = openDatabase(paths.db)
    let files: string[]
    let accounts: string[]
    try {
      files = await exportLegacyFiles(db, secrets, dataDir)
      accounts = storeAccounts(db)
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      db.close()
    }
    const target = setDatabasesAside(paths, utcStamp()) ?? ''
    writeStateFile(paths.state, {
      state: 'rolled-back',
      runId: null,
      backupId: null,
      phase: null,
      incomplete: [],
      appVersion: APP_VERSION
    })
    await forgetSecrets(secrets, accounts)
    if (target) await sealSetAside(target, secrets)
    return { files, databaseMovedTo: target }
  } finally {
    lock.release()
  }
}
