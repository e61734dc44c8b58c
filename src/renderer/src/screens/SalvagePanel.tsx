// "Migrate what can be read" of a damaged legacy file: the preview (kept and set aside, per file) with its confirm
// button, and the report's list of the damaged bytes set aside.
import { useState } from 'react'
import type { SalvagedFile, SalvagePreview } from '../../../shared/types'
import { SALVAGE_BUTTON, SET_ASIDE_RETURN, setAsidePlace } from '../../../shared/salvage'
import { call, errorMessage } from '../api'
import { Alert } from '../components/Alert'
import { DataTable } from '../components/DataTable'
import { TextList } from '../components/TextList'
import { formatBytes, formatCount } from '../format'
import { useAppStore } from '../stores/app'
import { usePick } from '../stores/pick'

function setAsideBytes(file: SalvagedFile): number {
  return file.setAside.reduce((sum, run) => sum + run.end - run.start, 0)
}

/** Per damaged file: the records kept and the bytes set aside (start–end, what was wrong). */
export function SalvagedFilesTable({ files, label }: { files: readonly SalvagedFile[]; label: string }) {
  return (
    <div className="table-wrap">
      <DataTable
        label={label}
        columns={['File', 'Records kept', 'Set aside', 'Bytes', 'Reason']}
        rows={files.flatMap((file) =>
          file.setAside.map((run, index) => ({
            key: `${file.file}:${run.start}`,
            cells: [
              <span key="file" className="mono">
                {file.file}
              </span>,
              index === 0 ? formatCount(file.kept) : '',
              index === 0 ? formatBytes(setAsideBytes(file)) : '',
              <span key="bytes" className="mono">
                {setAsidePlace(run)}
              </span>,
              run.what
            ]
          }))
        )}
      />
    </div>
  )
}

/** The failure screen's salvage: preview first (nothing written), then the migration with salvage on confirm. */
export function SalvageOffer() {
  const { runMigration } = usePick(useAppStore, 'runMigration')
  const [preview, setPreview] = useState<SalvagePreview | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  async function loadPreview(): Promise<void> {
    setBusy(true)
    setProblem(null)
    try {
      setPreview(await call('migration:previewSalvage'))
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  if (!preview) {
    return (
      <div className="report-section">
        {problem ? (
          <Alert tone="error" title="The preview could not be made">
            {problem}
          </Alert>
        ) : null}
        <button type="button" className="button" disabled={busy} onClick={() => void loadPreview()}>
          {busy ? 'Reading the files…' : SALVAGE_BUTTON}
        </button>
      </div>
    )
  }
  const { counts } = preview
  return (
    <section className="report-section" aria-labelledby="salvage-preview-title">
      <h3 id="salvage-preview-title">What can be read</h3>
      <p className="muted">
        {formatCount(counts.conversations)} conversations, {formatCount(counts.messages)} messages,{' '}
        {formatCount(counts.profiles)} model profiles and {formatCount(counts.mcp_servers)} MCP servers would
        be migrated. {SET_ASIDE_RETURN}
      </p>
      <SalvagedFilesTable files={preview.files} label="Damaged files: kept and set aside" />
      {preview.warnings.length > 0 ? <TextList items={preview.warnings} className="warning-list" /> : null}
      <div className="actions-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void runMigration({ salvage: true })}
          autoFocus
        >
          Migrate these and set the damaged part aside
        </button>
      </div>
    </section>
  )
}
