// Above every screen: the old app wrote its files again since the migration. Names the files and what an import would
// add, with "Import the old app's newer data" (an import run, with progress and Undo) and "Not now".
import { Alert } from '../components/Alert'
import { ProgressBar } from '../components/ProgressBar'
import { plural } from '../format'
import { useAppStore } from '../stores/app'
import { useLegacyData } from '../stores/legacy-data'
import { usePick } from '../stores/pick'

export function LegacyDataNotice() {
  const newer = useAppStore((state) => state.status?.newerLegacyData ?? null)
  const { dismissed, running, progress, result, undone, error } = usePick(
    useLegacyData,
    'dismissed',
    'running',
    'progress',
    'result',
    'undone',
    'error'
  )
  const { dismiss, importNewer, undo, closeResult } = useLegacyData.getState()
  const showBanner = newer !== null && !dismissed && result === null
  if (!showBanner && result === null && error === null && !running) return null

  const added = result ? (result.counts['created'] ?? 0) : 0
  return (
    <div className="app-notices">
      {showBanner ? (
        <Alert
          tone="warning"
          title="The old app wrote newer data"
          action={
            <div className="actions-row">
              <button
                type="button"
                className="button button-primary"
                disabled={running}
                onClick={() => void importNewer()}
              >
                Import the old app's newer data
              </button>
              <button type="button" className="button" disabled={running} onClick={dismiss}>
                Not now
              </button>
            </div>
          }
        >
          <span data-testid="legacy-newer-summary">
            {`${newer.files.join(', ')} changed since the migration: ${plural(newer.newRecords, 'new record')} and ${plural(newer.changedRecords, 'changed record')} (a changed one is added beside the current one; the files are left as they are).`}
          </span>
        </Alert>
      ) : null}
      {running ? (
        <ProgressBar
          label="Importing the old app's newer data"
          value={progress?.done ?? 0}
          max={progress?.total ?? 0}
          valueText={progress?.message}
        />
      ) : null}
      {result ? (
        <Alert
          tone="success"
          title={undone ? "The old app's newer data was removed again" : "Imported the old app's newer data"}
          action={
            <div className="actions-row">
              {!undone && result.runId ? (
                <button type="button" className="button" onClick={() => void undo()}>
                  Undo this import
                </button>
              ) : null}
              <button type="button" className="button" onClick={closeResult}>
                Close
              </button>
            </div>
          }
        >
          {undone
            ? 'Everything this import added was removed; the rest of your data is as it was.'
            : `${plural(added, 'record')} added; it is in Settings → History, where it can also be undone.`}
        </Alert>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  )
}
