// Offers the migration (old data found, or data restored earlier) with "Migrate now" and "Skip for now".
import type { AppStatus } from '../../../shared/types'
import { Dialog, DialogActions } from '../components/Dialog'
import { useAppStore } from '../stores/app'
import { usePick } from '../stores/pick'

export function MigrationOfferDialog({ status }: { status: AppStatus }) {
  const { runMigration, skipMigration } = usePick(useAppStore, 'runMigration', 'skipMigration')
  const restored = status.state === 'rolled-back'

  return (
    <Dialog
      title={restored ? 'Migrate your data again?' : 'Move your data to the new storage?'}
      onClose={skipMigration}
      description={
        restored
          ? 'You restored your pre-migration data earlier, so Personal Agent is reading your old files.'
          : 'This version of Personal Agent keeps your data in a database and your API keys in the system keychain.'
      }
    >
      <p>This will migrate, from {status.dataDir}:</p>
      <ul className="check-list">
        <li>Your conversations and all their messages</li>
        <li>Your model profiles; their API keys move into the system keychain</li>
        <li>Your MCP server settings, with secret environment values moved to the keychain</li>
      </ul>
      <p className="muted">
        A backup of your current files is made first. You can restore it at any time from Settings.
      </p>
      <DialogActions>
        <button type="button" className="button" onClick={skipMigration}>
          Skip for now
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void runMigration()}
          data-autofocus
        >
          Migrate now
        </button>
      </DialogActions>
    </Dialog>
  )
}
