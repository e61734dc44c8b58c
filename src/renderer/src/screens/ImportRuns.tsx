// Past imports, newest first, each with what it did and "Undo", which removes exactly what that run added and puts
// back what it changed.
import { useEffect, useState } from 'react'
import type { ImportRunView } from '../../../shared/import-types'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { DataTable } from '../components/DataTable'
import { Section } from '../components/Section'
import { formatDateTime } from '../format'
import { useImports } from '../stores/imports'
import { usePick } from '../stores/pick'

function countsText(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([action, n]) => `${n} ${action}`)
      .join(', ') || 'nothing'
  )
}

export function ImportRuns() {
  const { runs, loadRuns, rollback, running } = usePick(useImports, 'runs', 'loadRuns', 'rollback', 'running')
  const [undoing, setUndoing] = useState<ImportRunView | null>(null)

  useEffect(() => {
    void loadRuns()
  }, [loadRuns])

  return (
    <Section title="Past imports">
      {runs.length === 0 ? (
        <p className="muted">No imports yet.</p>
      ) : (
        <div className="table-wrap">
          <DataTable
            label="Past imports"
            columns={['When', 'Source', 'Status', 'Result', '']}
            rows={runs.map((run) => ({
              key: run.id,
              cells: [
                formatDateTime(run.startedAt),
                <span key="source" className="mono small break" title={run.id}>
                  {run.kind}: {run.source}
                </span>,
                run.status,
                countsText(run.counts),
                run.status === 'rolled-back' ? (
                  ''
                ) : (
                  <button
                    key="undo"
                    type="button"
                    className="button button-small button-danger-quiet"
                    disabled={running}
                    onClick={() => setUndoing(run)}
                  >
                    Undo
                  </button>
                )
              ]
            }))}
          />
        </div>
      )}
      {undoing ? (
        <ConfirmDialog
          title="Undo this import?"
          confirmLabel="Undo import"
          onConfirm={() => rollback(undoing.id)}
          notice="Import undone"
          onClose={() => setUndoing(null)}
        >
          <p>
            Everything this import added ({countsText(undoing.counts)}) is removed, and records it changed are
            put back as they were. Your own data and other imports are not touched.
          </p>
        </ConfirmDialog>
      ) : null}
    </Section>
  )
}
