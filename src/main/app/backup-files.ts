// Settings → Backups' "Save a copy of this backup…" and "Add a backup from a file…": the passphrase-protected export
// and import of `personal-agent backups export | import`, to and from a file the transport's own dialog chose.
import { statSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { IpcHandlers } from '../../shared/ipc'
import type { DataPaths } from '../base/data-paths'
import { checkPassphrase } from '../backups/backup-export'
import { registerSecret } from '../logging/redact'
import { logger } from '../logging/logger'
import { findBackup } from '../migration/backup'
import { exportMigrationBackup, importMigrationBackup } from '../migration/backup-transfer'
import type { SecretStore } from '../secrets/secret-store'

/** The extension the save dialog suggests and the open dialog (and serve's chooser) looks for. */
export const BACKUP_EXPORT_EXTENSION = 'pabackup'

/** What the transport is asked to choose: where to save an export, or which export to open. */
export type BackupFileChoice = { action: 'save'; suggestedName: string } | { action: 'open' }

/** Asks the user for the file (Electron's native dialog, serve's folder); null when they cancel. */
export type ChooseBackupFile = (choice: BackupFileChoice) => Promise<string | null>

type BackupFileHandlers = Pick<IpcHandlers, 'backups:saveCopy' | 'backups:addFromFile'>

function chooserOrRefuse(choose: ChooseBackupFile | undefined): ChooseBackupFile {
  if (!choose)
    throw new UserError(
      'WRONG_STATE',
      'This window cannot choose files; use "personal-agent backups export ID --out FILE" instead.'
    )
  return choose
}

/** The passphrase is checked and registered for redaction before anything else sees it; it is never returned. */
function acceptPassphrase(passphrase: string): void {
  registerSecret(passphrase)
  checkPassphrase(passphrase)
}

export function backupFileHandlers(
  paths: DataPaths,
  secrets: SecretStore,
  choose: ChooseBackupFile | undefined
): BackupFileHandlers {
  return {
    'backups:saveCopy': async (req) => {
      acceptPassphrase(req.passphrase)
      // An unknown backup is said before the dialog opens.
      const backup = findBackup(paths, req.id)
      const out = await chooserOrRefuse(choose)({
        action: 'save',
        suggestedName: `personal-agent-backup-${backup.id}.${BACKUP_EXPORT_EXTENSION}`
      })
      if (out === null) return { saved: null }
      const result = await exportMigrationBackup(paths, backup.id, req.passphrase, out, secrets)
      // The copy's own size on disk (the export's result counts the backup's plaintext).
      const bytes = statSync(result.out).size
      logger.info(`backup ${result.id} saved as a passphrase-protected copy (${bytes} bytes)`)
      return { saved: { path: result.out, bytes, files: result.files } }
    },
    'backups:addFromFile': async (req) => {
      acceptPassphrase(req.passphrase)
      const file = await chooserOrRefuse(choose)({ action: 'open' })
      if (file === null) return { added: null }
      const added = await importMigrationBackup(paths, file, req.passphrase, secrets)
      logger.info(`backup ${added.id} added from a passphrase-protected copy`)
      return { added }
    }
  }
}
