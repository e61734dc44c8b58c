// Settings: migration status, verification, storage backend, backups (a passphrase-protected copy of each, and adding
// one from a file), "Restore pre-migration data" and pruning old backups.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppStatus, BackupInfo, MigrationStateName } from '../../../shared/types'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { DataTable } from '../components/DataTable'
import { EmptyState } from '../components/EmptyState'
import { Checkbox, SelectField } from '../components/Field'
import { ListStatus } from '../components/LoadStatus'
import { Screen } from '../components/Screen'
import { Section } from '../components/Section'
import { LoadingState, Spinner } from '../components/Spinner'
import { ListAlert } from '../components/TextList'
import { BACKEND_LABELS, formatBytes, formatDateTime, formatDuration, plural } from '../format'
import { useLoadOncePerEpoch } from '../hooks'
import { useAppStore } from '../stores/app'
import { useBackups } from '../stores/backups'
import { useConversations } from '../stores/conversations'
import { usePick } from '../stores/pick'
import { notify } from '../stores/notices'
import { useSettings } from '../stores/settings'
import { AddBackupDialog, SaveBackupCopyDialog } from './BackupCopyDialog'
import { HistorySection } from './HistorySection'
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
  const { runMigration, openLog } = usePick(useAppStore, 'runMigration', 'openLog')
  const { verify, verifying, verifyResult, verifyError } = usePick(
    useSettings,
    'verify',
    'verifying',
    'verifyResult',
    'verifyError'
  )
  const state = STATE_LABELS[status.state] ?? { label: status.state, tone: 'info' }
  const canMigrate =
    status.state === 'legacy' || status.state === 'rolled-back' || status.state === 'interrupted'
  const report = status.lastReport

  return (
    <Section title="Data and migration">
      <dl className="meta-grid meta-grid-wide">
        <dt>Migration status</dt>
        <dd>
          <span className={`badge badge-${state.tone}`}>{state.label}</span>
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
      <ListAlert tone="warning" title="Some parts still need attention" items={status.incomplete} />
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
        <ListAlert
          tone="warning"
          title={`Verification found ${plural(verifyResult.discrepancies.length, 'difference')}`}
          items={verifyResult.discrepancies}
        />
      ) : null}
      {verifyError ? <Alert tone="error">{verifyError}</Alert> : null}
    </Section>
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
  const [backupId, setBackupId] = useState(backups[0]?.id ?? '')
  const [discardNewData, setDiscardNewData] = useState(false)

  return (
    <ConfirmDialog
      title="Restore pre-migration data?"
      size="medium"
      description="Personal Agent will go back to reading your data as it was before the migration."
      confirmLabel="Restore"
      onConfirm={async () => {
        await rollback({ backupId: backupId || undefined, discardNewData })
        onRestored()
      }}
      onClose={onClose}
    >
      {backups.length > 1 ? (
        <SelectField
          label="Backup to restore"
          value={backupId}
          onChange={setBackupId}
          options={backups.map((backup) => ({
            value: backup.id,
            label: `${formatDateTime(backup.createdAt)} (${formatBytes(backup.sizeBytes)})`
          }))}
        />
      ) : backups[0] ? (
        <p>Backup from {formatDateTime(backups[0].createdAt)}.</p>
      ) : null}
      <Checkbox checked={discardNewData} onChange={setDiscardNewData}>
        Discard conversations and changes made since the migration
      </Checkbox>
      <p className="hint">
        {discardNewData
          ? 'Anything created or changed after the migration will be lost.'
          : 'Conversations and changes made since the migration are kept and carried back.'}{' '}
        You can migrate again later from this page.
      </p>
    </ConfirmDialog>
  )
}

function BackupsSection({ onRestored }: { onRestored: () => void }) {
  const list = usePick(useBackups, 'items', 'loaded', 'loading', 'error', 'load', 'prune')
  const { items: backups, loaded, prune } = list
  const [dialog, setDialog] = useState<'restore' | 'prune' | 'add' | null>(null)
  const [copying, setCopying] = useState<BackupInfo | null>(null)

  return (
    <Section title="Backups">
      <p className="muted">
        A backup of your original files is made before each migration, so you can go back to them.
      </p>
      <Alert tone="warning">
        Backups hold your API keys. They are encrypted with a key kept in this computer's keychain; to keep
        one beyond this computer, save a copy protected by a passphrase. Delete the ones you no longer need.
      </Alert>
      <ListStatus list={list} loadingLabel="Loading backups…" empty={<EmptyState title="No backups" />} />
      {backups.length > 0 ? (
        <div className="table-wrap">
          <DataTable
            columns={['Date', 'Size', 'Files', 'Checksums', '']}
            rows={backups.map((backup) => ({
              key: backup.id,
              cells: [
                <>
                  {formatDateTime(backup.createdAt)}
                  <div className="muted mono small">{backup.id}</div>
                </>,
                formatBytes(backup.sizeBytes),
                backup.files.length,
                backup.checksumsOk ? (
                  <span className="badge badge-ok">OK</span>
                ) : (
                  <span className="badge badge-warn">Mismatch</span>
                ),
                <button
                  key="copy"
                  type="button"
                  className="button button-small"
                  onClick={() => setCopying(backup)}
                  disabled={!backup.checksumsOk}
                  title={backup.checksumsOk ? undefined : (backup.problem ?? 'This backup is damaged.')}
                >
                  Save a copy of this backup…
                </button>
              ]
            }))}
          />
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
        <button type="button" className="button" onClick={() => setDialog('add')}>
          Add a backup from a file…
        </button>
      </div>
      {copying ? <SaveBackupCopyDialog backup={copying} onClose={() => setCopying(null)} /> : null}
      {dialog === 'add' ? <AddBackupDialog onClose={() => setDialog(null)} /> : null}
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
    </Section>
  )
}

export function SettingsScreen() {
  const { status, refreshStatus, dataChanged } = usePick(
    useAppStore,
    'status',
    'refreshStatus',
    'dataChanged'
  )
  const loadBackups = useBackups((state) => state.load)
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
    <Screen
      title="Settings"
      intro="Where your data lives, its migration, its storage, its backups and its history."
      bodyClassName="settings-body"
    >
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
      <HistorySection />
    </Screen>
  )
}
