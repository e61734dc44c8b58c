// Settings → History: everything that moved, restored or deleted data or touched the keychain, newest first, with
// the check of the trail's hash chain, charts, and "Undo this import" on the rows of imports not yet undone.
import { useEffect, useState } from 'react'
import {
  auditCountsText,
  chainCheckText,
  type AuditAction,
  type AuditEventView
} from '../../../shared/history-types'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { DataTable } from '../components/DataTable'
import { EmptyState } from '../components/EmptyState'
import { Section } from '../components/Section'
import { LoadingState } from '../components/Spinner'
import { formatDateTime, formatDuration } from '../format'
import { useAppStore } from '../stores/app'
import { useBackups } from '../stores/backups'
import { useHistory } from '../stores/history'
import { usePick } from '../stores/pick'
import { HistoryCharts } from './HistoryCharts'

const ACTION_LABELS: Record<AuditAction, string> = {
  migration: 'Migration',
  'migration-rollback': 'Restore of pre-migration data',
  import: 'Import',
  'import-rollback': 'Undo of an import',
  'backup-export': 'Backup saved',
  'backup-import': 'Backup opened',
  'backup-restore': 'Backup restored',
  'backup-prune': 'Old backups deleted',
  'schema-upgrade': 'Database upgrade',
  'schema-downgrade': 'Database downgrade',
  'storage-backend-switch': 'Storage switched',
  'keychain-write': 'Key stored in the keychain',
  'keychain-delete': 'Key removed from the keychain'
}

/** Rows shown before "Show all". */
const FIRST_ROWS = 50

/** The import runs already undone (a successful import-rollback names its run). */
function undoneRuns(events: readonly AuditEventView[]): Set<string> {
  return new Set(
    events.filter((e) => e.action === 'import-rollback' && e.outcome === 'ok' && e.ref).map((e) => e.ref!)
  )
}

function whatText(event: AuditEventView): string {
  return [auditCountsText(event.counts), event.detail, event.reason].filter((part) => part).join(' — ')
}

export function HistorySection() {
  const { view, error, load, undoImport } = usePick(useHistory, 'view', 'error', 'load', 'undoImport')
  const epoch = useAppStore((state) => state.dataEpoch)
  const status = useAppStore((state) => state.status)
  const backups = useBackups((state) => state.items)
  const [undoing, setUndoing] = useState<AuditEventView | null>(null)
  const [all, setAll] = useState(false)

  // Read again whenever something this screen shows may have added events (a restore, a prune, a switch).
  useEffect(() => {
    void load()
  }, [load, epoch, status, backups])

  if (!view) {
    return (
      <Section title="History">
        {error ? <Alert tone="error">{error}</Alert> : <LoadingState label="Loading history…" />}
      </Section>
    )
  }
  const undone = undoneRuns(view.events)
  const rows = all ? view.events : view.events.slice(0, FIRST_ROWS)
  return (
    <Section title="History">
      <p className="muted">
        Every migration, restore, import, backup, database upgrade, storage switch and keychain change, newest
        first. Each entry is chained to the one before it, so a changed or deleted entry shows.
      </p>
      <div data-testid="history-chain">
        <Alert tone={view.chain.ok ? 'success' : 'error'}>{chainCheckText(view.chain)}</Alert>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {view.events.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <>
          <HistoryCharts events={view.events} />
          <div className="table-wrap">
            <DataTable
              label="History"
              columns={['When', 'Action', 'Result', 'Duration', 'What', '']}
              rows={rows.map((event) => ({
                key: String(event.id),
                cells: [
                  formatDateTime(event.at),
                  ACTION_LABELS[event.action] ?? event.action,
                  event.outcome === 'ok' ? (
                    <span className="badge badge-ok">OK</span>
                  ) : (
                    <span className="badge badge-warn">Failed</span>
                  ),
                  formatDuration(event.durationMs),
                  <span key="what" className="small break">
                    {whatText(event)}
                  </span>,
                  event.action === 'import' &&
                  event.outcome === 'ok' &&
                  event.ref &&
                  !undone.has(event.ref) ? (
                    <button
                      key="undo"
                      type="button"
                      className="button button-small button-danger-quiet"
                      onClick={() => setUndoing(event)}
                    >
                      Undo this import
                    </button>
                  ) : (
                    ''
                  )
                ]
              }))}
            />
          </div>
          {view.events.length > rows.length ? (
            <div className="actions-row actions-row-start">
              <button type="button" className="button" onClick={() => setAll(true)}>
                Show all {view.events.length}
              </button>
            </div>
          ) : null}
        </>
      )}
      {undoing?.ref ? (
        <ConfirmDialog
          title="Undo this import?"
          confirmLabel="Undo import"
          onConfirm={() => undoImport(undoing.ref!)}
          notice="Import undone"
          onClose={() => setUndoing(null)}
        >
          <p>
            Everything this import added ({auditCountsText(undoing.counts) || 'nothing'}) is removed, and
            records it changed are put back as they were. Your own data and other imports are not touched.
          </p>
        </ConfirmDialog>
      ) : null}
    </Section>
  )
}
