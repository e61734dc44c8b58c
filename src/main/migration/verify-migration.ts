// Verifies a migrated data folder against the backup its migration took (used by `verify`, the launch flag and Settings).
import { existsSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import { SecretStore } from '../secrets/secret-store'
import { openDatabase } from '../store/sqlite/database'
import { MCP_FILE } from '../legacy/legacy-files'
import { findBackup, migrationBackupRef } from './backup'
import { withPlainView } from '../backups/backup-folder'
import { dataPaths } from '../base/data-paths'
import { detectState } from './detect-state'
import { verifyStore, type VerifyResult } from './verify'

export async function verifyMigration(dataDir: string): Promise<VerifyResult & { backupId: string | null }> {
  const paths = dataPaths(dataDir)
  const detected = detectState(dataDir)
  if (detected.state !== 'migrated') {
    throw new UserError(
      'WRONG_STATE',
      `${dataDir} is in state "${detected.state}", not "migrated"; there is no migration to verify. Run "personal-agent status" for details.`
    )
  }
  const backupId = detected.stateFile?.backupId ?? null
  if (!backupId || !existsSync(paths.db))
    return {
      ok: true,
      discrepancies: [],
      checked: { records: 0, messages: 0 },
      changedByUser: 0,
      backupId: null
    }
  const backup = findBackup(paths, backupId)
  const incomplete = detected.stateFile?.incomplete ?? []
  const files = backup.manifest.files
    .map((f) => f.name)
    .filter((f) => !(f === MCP_FILE && incomplete.includes('mcp_servers')))
  const db = openDatabase(paths.db, { readonly: true })
  try {
    const secrets = new SecretStore(dataDir)
    const verified = await withPlainView(migrationBackupRef(backup), secrets, (dir) =>
      verifyStore(db, secrets, dir, files)
    )
    return { ...verified, backupId }
  } finally {
    db.close()
  }
}
