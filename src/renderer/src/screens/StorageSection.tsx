// Settings → Storage: which backend holds the data (sqlite, hybrid, json), switching safely, the hybrid warning,
// the consistency check between the JSON files and SQLite, and the storage counters.
import { useState } from 'react'
import {
  STORAGE_BACKENDS,
  type AppStatus,
  type ConsistencyReport,
  type StorageBackend
} from '../../../shared/types'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { DataTable } from '../components/DataTable'
import { RadioGroup } from '../components/Field'
import { Section } from '../components/Section'
import { Spinner } from '../components/Spinner'
import { BACKEND_LABELS, plural } from '../format'
import { notify } from '../stores/notices'
import { usePick } from '../stores/pick'
import { useStorage } from '../stores/storage'

const BACKEND_DETAILS: Record<StorageBackend, string> = {
  sqlite: 'Fast and private: one database, API keys in the system keychain. Recommended.',
  hybrid:
    'SQLite first, and a copy kept in the old JSON files so an older Personal Agent keeps working during a trial. That copy holds your API keys in plain text.',
  json: 'The old JSON files are the live store, as before the migration. Slower with long histories; API keys in plain text.'
}

const BACKEND_QUESTION = {
  legend: 'Where your data is kept',
  choices: STORAGE_BACKENDS.map((backend) => ({
    value: backend,
    title: BACKEND_LABELS[backend],
    detail: BACKEND_DETAILS[backend]
  }))
}

/** What a switch will do, said before it happens. */
function switchEffect(from: StorageBackend, to: StorageBackend, dataDir: string): string {
  if (to === 'json')
    return `Your conversations, profiles and MCP servers will be written to the JSON files in ${dataDir} (API keys in plain text there), and the database will be set aside. Nothing is lost; you can migrate back at any time.`
  if (from === 'json')
    return `The JSON files will be migrated into SQLite, with a backup first and a check that nothing was lost; API keys move to the system keychain.`
  if (to === 'hybrid')
    return `Every change will also be written to the JSON files in ${dataDir}, with your API keys and secret MCP values in plain text, so an older version can read them.`
  return 'The JSON copy stops being updated, and the API keys and secret values in it are removed. They stay in the system keychain.'
}

function ConsistencyResult({ report }: { report: ConsistencyReport }) {
  return (
    <div className="table-wrap" data-testid="consistency-report">
      <Alert tone={report.ok ? 'success' : 'warning'} title={report.ok ? 'Consistent' : 'Differences found'}>
        {report.ok
          ? 'The JSON files and the SQLite database hold the same records.'
          : 'Some records differ between the JSON files and the SQLite database (the database is the one the app uses).'}
      </Alert>
      <DataTable
        columns={['Records', 'SQLite', 'JSON', 'Consistent', 'Different', 'Only in SQLite', 'Only in JSON']}
        rows={report.kinds.map((kind) => ({
          key: kind.kind,
          cells: [
            kind.kind.replace('_', ' '),
            kind.sqliteTotal,
            kind.jsonTotal,
            kind.consistent,
            <>
              {kind.inconsistent.length}
              {kind.inconsistent.slice(0, 3).map((item) => (
                <div key={item.id} className="muted mono small">
                  {item.id}: {item.fields.join(', ')}
                </div>
              ))}
            </>,
            kind.onlyInSqlite.length,
            kind.onlyInJson.length
          ]
        }))}
      />
    </div>
  )
}

function Counters({ status }: { status: AppStatus }) {
  const { sqlite, json, consistency } = status.counters
  return (
    <>
      <div className="table-wrap">
        <DataTable
          label="Storage counters"
          columns={['Side', 'Writes', 'Errors', 'Fallbacks']}
          rows={[
            { key: 'SQLite', cells: ['SQLite', sqlite.writes, sqlite.errors, sqlite.fallbacks] },
            { key: 'JSON', cells: ['JSON', json.writes, json.errors, json.fallbacks] }
          ]}
        />
      </div>
      <p className="muted small table-note">
        {plural(consistency.checks, 'consistency check')}, {consistency.failures} with differences.
      </p>
    </>
  )
}

export function StorageSection({ status }: { status: AppStatus }) {
  const { switchTo, switching, warning, check, checking, report, checkError, flush, flushing } = usePick(
    useStorage,
    'switchTo',
    'switching',
    'warning',
    'check',
    'checking',
    'report',
    'checkError',
    'flush',
    'flushing'
  )
  const [target, setTarget] = useState<StorageBackend | null>(null)
  const current = status.storageBackend

  return (
    <Section title="Storage">
      <RadioGroup question={BACKEND_QUESTION} value={current} onChange={setTarget} disabled={switching} />
      {switching ? <Spinner label="Switching storage…" /> : null}
      {status.backendNotice ? <Alert tone="warning">{status.backendNotice}</Alert> : null}
      {current === 'hybrid' ? (
        <Alert tone="warning" title="API keys in plain text">
          {warning ??
            `Hybrid mode keeps your API keys and secret MCP values in plain text in the JSON files in ${status.dataDir}. Switch to SQLite to remove them from there.`}
        </Alert>
      ) : null}
      <Counters status={status} />
      <div className="actions-row actions-row-start">
        <button
          type="button"
          className="button"
          onClick={() => void check()}
          disabled={checking || current === 'json'}
        >
          {checking ? <Spinner label="Comparing…" /> : 'Check consistency'}
        </button>
        {current === 'hybrid' ? (
          <button
            type="button"
            className="button"
            disabled={flushing}
            onClick={() =>
              void flush().then(
                () => notify('JSON copy written'),
                () => notify('The JSON copy could not be written; details are in the log')
              )
            }
          >
            {flushing ? <Spinner label="Writing…" /> : 'Write JSON copy now'}
          </button>
        ) : null}
      </div>
      {report ? <ConsistencyResult report={report} /> : null}
      {checkError ? <Alert tone="error">{checkError}</Alert> : null}
      {target !== null && target !== current ? (
        <ConfirmDialog
          title={`Switch to ${BACKEND_LABELS[target]}?`}
          confirmLabel="Switch"
          tone={target === 'sqlite' ? 'primary' : 'danger'}
          onConfirm={async () => {
            await switchTo(target)
            notify(`Now using ${BACKEND_LABELS[target]}`)
          }}
          onClose={() => setTarget(null)}
        >
          <p>{switchEffect(current, target, status.dataDir)}</p>
        </ConfirmDialog>
      ) : null}
    </Section>
  )
}
