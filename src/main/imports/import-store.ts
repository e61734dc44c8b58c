// Opens the SQLite store an import writes into. A folder with no data gets an empty store; a folder whose own legacy
// files are not migrated yet, or that runs on the json backend, is refused with the command that fixes it.
import { mkdirSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import { dataPaths } from '../base/data-paths'
import { detectState } from '../migration/detect-state'
import { migrate } from '../migration/engine'
import type { SecretStore } from '../secrets/secret-store'
import { auditedSecrets } from '../history/recorded'
import { chooseBackend, launchedBackend } from '../store/backend-choice'
import type { Db } from '../store/sqlite/database'
import { closeStore, openStore } from '../store/sqlite/open-store'

export interface ImportStore {
  db: Db
  secrets: SecretStore
  dataDir: string
  close(): void
}

/** Why the folder cannot take an import now, or null when it can (after creating an empty store if needed). */
function refusal(dataDir: string): string | null {
  const { state } = detectState(dataDir)
  const db = dataPaths(dataDir).db
  switch (state) {
    case 'legacy':
    case 'interrupted':
      return `${dataDir} still holds legacy files that are not migrated. Run "personal-agent migrate" first, so your own history is in the store before anything is added to it.`
    case 'rolled-back':
      return `${dataDir} was rolled back: the app runs on the restored legacy files, and imports need the SQLite store. Run "personal-agent migrate", then import again.`
    case 'newer-schema':
      return `${db} was written by a newer version of Personal Agent. Update the app, then import again.`
    default:
      if (launchedBackend(state, chooseBackend(dataDir, null, process.env)) === 'json')
        return `${dataDir} is set to the json storage backend, and imports need the SQLite store. Choose SQLite or Hybrid in Settings → Storage (or unset STORAGE_BACKEND), then import again.`
      return null
  }
}

export async function openImportStore(
  dataDir: string,
  secrets = auditedSecrets(dataDir)
): Promise<ImportStore> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const why = refusal(dataDir)
  if (why !== null) throw new UserError('WRONG_STATE', why)
  if (detectState(dataDir).state === 'fresh') await migrate(dataDir, { secrets })
  const db = await openStore(dataPaths(dataDir).db)
  return { db, secrets, dataDir, close: () => closeStore(db) }
}
