// Settings: migration status, verification, storage backend, backups, "Restore pre-migration data" and pruning old backups.
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type { AppStatus, BackupInfo, MigrationStateName } from '../../../shared/types'
import { errorMessage } from '../api'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { Dialog, DialogActions } from '../components/Dialog'
import { EmptyState } from '../components/EmptyState'
import { LoadingState, Spinner } from '../components/Spinner'
import { BACKEND_LABELS, formatBytes, formatDateTime, formatDuration, plural } from '../format'
import { useLoadOncePerEpoch } from '../hooks'
import { useAppStore } from '../stores/app'
import { useConversations } from '../stores/conversations'
import { notify } from '../stores/notices'
import { useSettings } from '../stores/settings'
import { SearchSection } from './SearchSection'
import { StorageSection } from './StorageSection'

const STATE_LABELS: Record<MigrationStateName, { label: string; tone: 'ok' | 'warn' | 'info' }> = {
  fresh: { label: 'New install: nothing to migrate', tone: 'ok' },
  legacy: { label: 'Old data not migrated yet', tone: 'warn' },
  migrated: { label: 'Migrated', tone: 'ok' },
  interrupted: { label: 'Migration interrupted', tone: 'warn' },
  'rolled-back': { label: 'Using pre-migration data (restored)', tone: 'info' },
  'newer-schema': { label: 'Data from a newer version', tone: 'warn' }
}

function StatusSection({ status }: { status: AppStatus }) {
  const runMigration = useAppStore((state) => state.runMigration)
  const openLog = useAppStore((state) => state.openLog)
  const verify = useSettings((state) => state.verify)
  const verifying = useSettings((state) => state.verifying)
  const verifyResult = useSettings((state) => state.verifyResult)
  const verifyError = useSettings((state) => state.verifyError)
  const state = STATE_LABELS[status.state] ?? { label: status.state, tone: 'info' }
  const canMigrate =
    status.state === 'legacy' || status.state === 'rolled-back' || status.state === 'interrupted'
  const report = status.lastReport

  return (
    <section className="card settings-card" aria-labelledby="settings-migration">
      <h2 id="settings-migration" className="card-title">
        Data and migration
      </h2>
      <dl className="meta-grid meta-grid-wide">
        <dt>Migration status</dt>
        <dd>
          <span className={`badge badge-${state.tone}`}>{state.label}</span>
          <span className="muted mono state-name">({status.state})</span>
        </dd>
        <dt>Storage</dt>
        <dd>{BACKEND_LABELS[status.storageBackend]}</dd>
        <dt>Schema version</dt>
        <dd>
          {status.schemaVersion} of {status.latestSchemaVersion}
        </dd>
        <dt>Data folder</dt>
        <dd className="mono break">{status.dataDir}</dd>
        <dt>App version</dt>
        <dd>{status.appVersion}</dd>
        {report ? (
          <>
            <dt>Last migration</dt>
            <dd>
              {formatDateTime(report.finishedAt)} · {formatDuration(report.durationMs)} ·{' '}
              {plural(report.counts.conversations, 'conversation')},{' '}
              {plural(report.counts.profiles, 'profile')}, {plural(report.counts.mcp_servers, 'MCP server')}
              {report.quarantined.length > 0 ? ` · ${report.quarantined.length} set aside` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {status.incomplete.length > 0 ? (
        <Alert tone="warning" title="Some parts still need attention">
          <ul className="plain-list">
            {status.incomplete.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="actions-row actions-row-start">
        {canMigrate ? (
          <button type="button" className="button button-primary" onClick={() => void runMigration()}>
            Migrate now
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => void verify()} disabled={verifying}>
          {verifying ? <Spinner label="Verifying…" /> : 'Verify migration'}
        </button>
        <button type="button" className="button" onClick={() => void openLog()}>
          Open log
        </button>
      </div>
      {verifyResult?.ok ? (
        <Alert tone="success" title="Migration verified">
          The database matches your original data.
        </Alert>
      ) : null}
      {verifyResult && !verifyResult.ok ? (
        <Alert
          tone="warning"
          title={`Verification found ${plural(verifyResult.discrepancies.length, 'difference')}`}
        >
          <ul className="plain-list">
            {verifyResult.discrepancies.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {verifyError ? <Alert tone="error">{verifyError}</Alert> : null}
    </section>
  )
}

function RestoreDialog({
  backups,
  onClose,
  onRestored
}: {
  backups: BackupInfo[]
  onClose: () => void
  onRestored: () => void
}) {
  const rollback = useSettings((state) => state.rollback)
  const ids = useId()
  const [backupId, setBackupId] = useState(backups[0]?.id ?? '')
  const [discardNewData, setDiscardNewData] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const restore = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await rollback({ backupId: backupId || undefined, discardNewData })
      onRestored()
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog
      title="Restore pre-migration data?"
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      description="Personal Agent will go back to reading your data as it was before the migration."
    >
      {backups.length > 1 ? (
        <div className="field">
          <label htmlFor={`${ids}-backup`}>Backup to restore</label>
          <select
            id={`${ids}-backup`}
            className="input"
            value={backupId}
            onChange={(event) => setBackupId(event.target.value)}
          >
            {backups.map((backup) => (
              <option key={backup.id} value={backup.id}>
                {formatDateTime(backup.createdAt)} ({formatBytes(backup.sizeBytes)})
              </option>
            ))}
          </select>
        </div>
      ) : backups[0] ? (
        <p>Backup from {formatDateTime(backups[0].createdAt)}.</p>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={discardNewData}
          onChange={(event) => setDiscardNewData(event.target.checked)}
        />
        Discard conversations and changes made since the migration
      </label>
      <p className="hint">
        {discardNewData
          ? 'Anything created or changed after the migration will be lost.'
          : 'Conversations and changes made since the migration are kept and carried back.'}{' '}
        You can migrate again later from this page.
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => void restore()} disabled={busy}>
          Restore
        </button>
      </DialogActions>
    </Dialog>
  )
}

function BackupsSection({ onRestored }: { onRestored: () => void }) {
  const backups = useSettings((state) => state.backups)
  const loaded = useSettings((state) => state.backupsLoaded)
  const loading = useSettings((state) => state.backupsLoading)
  const error = useSettings((state) => state.backupsError)
  const loadBackups = useSettings((state) => state.loadBackups)
  const prune = useSettings((state) => state.prune)
  const [dialog, setDialog] = useState<'restore' | 'prune' | null>(null)

  return (
    <section className="card settings-card" aria-labelledby="settings-backups">
      <h2 id="settings-backups" className="card-title">
        Backups
      </h2>
      <p className="muted">
        A backup of your original files is made before each migration, so you can go back to them.
      </p>
      <Alert tone="warning">
        Backups hold your API keys in plain text. Delete the ones you no longer need.
      </Alert>
      {!loaded && loading ? <LoadingState label="Loading backups…" /> : null}
      {error ? (
        <Alert
          tone="error"
          action={
            <button type="button" className="button button-small" onClick={() => void loadBackups()}>
              Retry
            </button>
          }
        >
          {error}
        </Alert>
      ) : null}
      {loaded && !error && backups.length === 0 ? <EmptyState title="No backups" /> : null}
      {backups.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Size</th>
                <th scope="col">Files</th>
                <th scope="col">Checksums</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.id}>
                  <td>
                    {formatDateTime(backup.createdAt)}
                    <div className="muted mono small">{backup.id}</div>
                  </td>
                  <td>{formatBytes(backup.sizeBytes)}</td>
                  <td>{backup.files.length}</td>
                  <td>
                    {backup.checksumsOk ? (
                      <span className="badge badge-ok">OK</span>
                    ) : (
                      <span className="badge badge-warn">Mismatch</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions-row actions-row-start">
        <button
          type="button"
          className="button button-danger-quiet"
          onClick={() => setDialog('restore')}
          disabled={loaded && backups.length === 0}
        >
          Restore pre-migration data
        </button>
        <button
          type="button"
          className="button"
          onClick={() => setDialog('prune')}
          disabled={backups.length <= 1}
          title={backups.length <= 1 ? 'Only the most recent backup is left.' : undefined}
        >
          Delete old backups
        </button>
      </div>
      {dialog === 'restore' ? (
        <RestoreDialog backups={backups} onClose={() => setDialog(null)} onRestored={onRestored} />
      ) : null}
      {dialog === 'prune' ? (
        <ConfirmDialog
          title="Delete old backups?"
          confirmLabel="Delete old backups"
          onConfirm={async () => {
            const removed = await prune(1)
            notify(
              removed.length ? `Deleted ${plural(removed.length, 'old backup')}` : 'No old backups to delete'
            )
          }}
          onClose={() => setDialog(null)}
        >
          <p>All backups except the most recent one will be deleted.</p>
          <Alert tone="warning">
            Backups hold your API keys in plain text, so deleting the ones you no longer need is safer.
            Deleted backups cannot be restored.
          </Alert>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

export function SettingsScreen() {
  const status = useAppStore((state) => state.status)
  const refreshStatus = useAppStore((state) => state.refreshStatus)
  const dataChanged = useAppStore((state) => state.dataChanged)
  const loadBackups = useSettings((state) => state.loadBackups)
  const rollbackResult = useSettings((state) => state.rollbackResult)
  useLoadOncePerEpoch(
    'settings',
    useCallback(() => {
      void refreshStatus()
      void loadBackups()
    }, [refreshStatus, loadBackups])
  )

  const restored = rollbackResult !== null && status?.state === 'rolled-back'
  const restoredRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (restored) restoredRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [restored, rollbackResult])

  const onRestored = (): void => {
    // Every list now reads the restored data: drop the open conversation and reload screens on their next visit.
    void useConversations.getState().select(null)
    void refreshStatus().then(() => dataChanged())
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Where your data lives, its migration, its storage and its backups.</p>
        </div>
      </header>
      <div className="screen-body settings-body">
        {restored && rollbackResult ? (
          <div ref={restoredRef}>
            <Alert tone="success" title="Pre-migration data restored">
              Restored from {rollbackResult.restoredFrom}.{' '}
              {rollbackResult.keptNewRecords
                ? 'Conversations and changes made since the migration were kept.'
                : 'Changes made since the migration were discarded.'}
            </Alert>
          </div>
        ) : null}
        {status ? <StatusSection status={status} /> : <LoadingState label="Loading status…" />}
        {status ? <StorageSection status={status} /> : null}
        {status && status.storageBackend !== 'json' ? <SearchSection /> : null}
        <BackupsSection onRestored={onRestored} />
      </div>
    </div>
  )
}
