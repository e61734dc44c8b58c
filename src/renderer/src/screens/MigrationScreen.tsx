// The "Data migration" screen: live progress, the offer dialog, the final report, or the failure with Retry.
import type { ErrorPayload } from '../../../shared/errors'
import { Fragment, useEffect, useRef } from 'react'
import type {
  MigrationPhase,
  MigrationProgress,
  PreparingFile,
  MigrationReport,
  QuarantineEntry
} from '../../../shared/types'
import { Alert } from '../components/Alert'
import { DataTable } from '../components/DataTable'
import { ProgressBar } from '../components/ProgressBar'
import { Section } from '../components/Section'
import { ListAlert, TextList } from '../components/TextList'
import { formatBytes, formatCount, formatDateTime, formatDuration, formatTimeLeft, plural } from '../format'
import { useAppStore } from '../stores/app'
import { usePick } from '../stores/pick'
import { MigrationOfferDialog } from './MigrationOfferDialog'
import { SalvagedFilesTable, SalvageOffer } from './SalvagePanel'
import { SALVAGE_BUTTON, SET_ASIDE_RETURN, setAsidePlace } from '../../../shared/salvage'

// Progress counts records of every kind (conversations, profiles, MCP servers) across the whole run.
const STEPS: { phase: MigrationPhase; label: string }[] = [
  { phase: 'detect', label: 'Finding your data' },
  { phase: 'preflight', label: 'Checking files and free space' },
  { phase: 'backup', label: 'Backing up your files' },
  { phase: 'conversations', label: 'Moving conversations' },
  { phase: 'profiles', label: 'Moving model profiles' },
  { phase: 'mcp_servers', label: 'Moving MCP servers' },
  { phase: 'verify', label: 'Verifying' },
  { phase: 'commit', label: 'Saving the verified store' },
  { phase: 'index', label: 'Building the search index' },
  { phase: 'checks', label: 'Checking the database' },
  { phase: 'retire', label: 'Tidying up old files' },
  { phase: 'report', label: 'Writing the report' }
]

function stepIndex(phase: MigrationPhase): number {
  return phase === 'done' ? STEPS.length : STEPS.findIndex((step) => step.phase === phase)
}

/** The legacy files the migration is about to read, while it prepares. */
function PreparingFiles({ files }: { files: PreparingFile[] }) {
  return (
    <ul className="preparing-files" aria-label="Files to migrate">
      {files.map((file) => (
        <li key={file.name}>
          <span className="mono">{file.name}</span>
          <span className="muted">
            {file.count > 1 ? `${formatCount(file.count)} files, ` : ''}
            {formatBytes(file.bytes)}
          </span>
        </li>
      ))}
    </ul>
  )
}

function ProgressPanel({ progress }: { progress: MigrationProgress | null }) {
  const preparing = progress === null || progress.preparing !== undefined
  const current = progress && !preparing ? stepIndex(progress.phase) : -1
  const step = STEPS[current]
  const label = preparing ? 'Preparing…' : (step?.label ?? 'Finishing')
  const records =
    progress && progress.total > 0
      ? `${formatCount(progress.done)} of ${formatCount(progress.total)} records`
      : null
  const bytes =
    progress && progress.bytesTotal > 0 && progress.bytesDone > 0
      ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`
      : null
  const counts = [records, bytes].filter(Boolean).join(' · ') || null
  const timeLeft = formatTimeLeft(progress?.etaMs ?? null)

  return (
    <section className="card migration-card" aria-labelledby="migration-progress-title">
      <div className="migration-progress-head">
        <h2 id="migration-progress-title" className="card-title">
          {label}
        </h2>
        <span className="muted" aria-live="polite">
          {timeLeft}
        </span>
      </div>
      <ProgressBar
        label="Migration progress"
        value={Math.round((progress?.fraction ?? 0) * 1000)}
        max={preparing ? 0 : 1000}
        valueText={[label, counts, timeLeft].filter(Boolean).join(', ')}
      />
      <div className="migration-progress-foot">
        <span>{counts ?? '\u00a0'}</span>
        {progress?.message ? <span className="muted truncate">{progress.message}</span> : null}
      </div>
      {progress?.preparing ? <PreparingFiles files={progress.preparing} /> : null}
      <ol className="steps" aria-label="Migration steps">
        {STEPS.map((item, index) => {
          const state = index < current ? 'done' : index === current ? 'current' : 'pending'
          return (
            <li
              key={item.phase}
              className={`step step-${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <span className="step-dot" aria-hidden="true">
                {state === 'done' ? '✓' : ''}
              </span>
              {item.label}
              <span className="visually-hidden">
                {state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : ''}
              </span>
            </li>
          )
        })}
      </ol>
      <p className="hint">
        You can keep this window open while it works. If the app is closed, the migration picks up where it
        left off next time.
      </p>
    </section>
  )
}

/** A file name that wraps only after its folders' slashes, never inside a name. */
function FileName({ path }: { path: string }) {
  const parts = path.split('/')
  return (
    <span className="mono file-name">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? (
            <>
              /<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </span>
  )
}

/** Which record: its title and id where it has them, and always its place in the file. */
function RecordPlace({ entry }: { entry: QuarantineEntry }) {
  const name = entry.title ? `“${entry.title}”` : null
  const label = [name, entry.id ? (name ? `(${entry.id})` : entry.id) : null].filter(Boolean).join(' ')
  return (
    <>
      {label ? <span className="record-name">{label}</span> : null}
      <span className="mono muted small">{entry.jsonPath}</span>
    </>
  )
}

function Report({ report, onContinue }: { report: MigrationReport; onContinue: () => void }) {
  const { counts } = report
  const continueButton = useRef<HTMLButtonElement>(null)
  // Focus Continue without scrolling the report away from its top.
  useEffect(() => {
    continueButton.current?.focus({ preventScroll: true })
  }, [])
  const salvaged = report.salvaged ?? []
  const setAside = new Set(
    salvaged.flatMap((f) => f.setAside.map((run) => `${f.file}:${setAsidePlace(run)}`))
  )
  const quarantined = report.quarantined.filter((entry) => !setAside.has(`${entry.file}:${entry.jsonPath}`))
  const stats: { label: string; value: number }[] = [
    { label: 'Conversations', value: counts.conversations },
    { label: 'Messages', value: counts.messages },
    { label: 'Model profiles', value: counts.profiles },
    { label: 'MCP servers', value: counts.mcp_servers },
    { label: 'Keys moved to keychain', value: counts.secrets }
  ]
  return (
    <Section title="Report" className="migration-card">
      <p className="muted">
        Finished {formatDateTime(report.finishedAt)} in {formatDuration(report.durationMs)}.
        {report.backupId ? ` Your original files were backed up (${report.backupId}).` : ''}
      </p>
      <dl className="stats">
        {stats.map((stat) => (
          <div key={stat.label} className="stat">
            <dt>{stat.label}</dt>
            <dd>{formatCount(stat.value)}</dd>
          </div>
        ))}
      </dl>

      {salvaged.length > 0 ? (
        <div className="report-section">
          <h3>Damaged files: {plural(salvaged.length, 'file')} read as far as possible</h3>
          <p className="muted">
            Every complete record was migrated; the damaged bytes were set aside. {SET_ASIDE_RETURN}
          </p>
          <SalvagedFilesTable files={salvaged} label="Damaged bytes set aside" />
        </div>
      ) : null}

      {quarantined.length > 0 ? (
        <div className="report-section">
          <h3>Set aside: {plural(quarantined.length, 'record')}</h3>
          <p className="muted">
            These records did not have the shape the app needs, so they are kept aside exactly as they were.
            Nothing was dropped: export and rollback give them back in place.
          </p>
          <div className="table-wrap">
            <DataTable
              label="Records set aside"
              columns={['File', 'Record', 'Reason']}
              rows={quarantined.map((entry, index) => ({
                key: `${entry.file}:${entry.jsonPath}:${index}`,
                cells: [
                  <FileName key="file" path={entry.file} />,
                  <RecordPlace key="record" entry={entry} />,
                  entry.reason
                ]
              }))}
            />
          </div>
        </div>
      ) : salvaged.length > 0 ? null : (
        <p className="report-ok">Every record was migrated.</p>
      )}

      {report.warnings.length > 0 ? (
        <div className="report-section">
          <h3>Warnings</h3>
          <TextList items={report.warnings} className="warning-list" />
        </div>
      ) : null}

      <ListAlert tone="warning" title="Some parts still need attention" items={report.incomplete} />

      <div className="actions-row">
        <button type="button" className="button button-primary" onClick={onContinue} ref={continueButton}>
          Continue
        </button>
      </div>
    </Section>
  )
}

function failureTitle(error: ErrorPayload | null): string {
  switch (error?.code) {
    case 'NEWER_SCHEMA':
      return 'This data is from a newer version'
    case 'LOCKED':
      return 'Your data is in use'
    case 'DISK_SPACE':
      return 'Not enough free disk space'
    default:
      return 'The migration could not finish'
  }
}

function Failure({ error }: { error: ErrorPayload | null }) {
  const { runMigration, openLog } = usePick(useAppStore, 'runMigration', 'openLog')
  const canRetry = error?.code !== 'NEWER_SCHEMA'
  // A damaged legacy file: its message names the file, the place and the salvage as the way forward.
  const canSalvage = error?.message.includes(SALVAGE_BUTTON) === true
  return (
    // A blocking dialog: nothing else can be done until the user retries or reads the log.
    <section
      className="card migration-card"
      role="alertdialog"
      aria-modal="true"
      aria-label={failureTitle(error)}
      aria-describedby="migration-failure-message"
    >
      <Alert tone="error" title={failureTitle(error)}>
        <p id="migration-failure-message">
          {error?.message ?? 'Something went wrong; details are in the log.'}
        </p>
      </Alert>
      <div className="actions-row">
        <button type="button" className="button" onClick={() => void openLog()}>
          Open log
        </button>
        {canRetry ? (
          <button
            type="button"
            className="button button-primary"
            onClick={() => void runMigration()}
            autoFocus
          >
            Retry
          </button>
        ) : null}
      </div>
      {canSalvage ? <SalvageOffer /> : null}
    </section>
  )
}

export function MigrationScreen() {
  const { phase, progress, report, error, status, continueAfterReport } = usePick(
    useAppStore,
    'phase',
    'progress',
    'report',
    'error',
    'status',
    'continueAfterReport'
  )

  const subtitle =
    phase === 'report'
      ? 'Your data now lives in the new database, and your API keys in the system keychain.'
      : phase === 'failed'
        ? 'Personal Agent could not finish preparing your data.'
        : phase === 'offer'
          ? 'Your data from an earlier version of Personal Agent was found.'
          : 'Personal Agent is moving your conversations, model profiles and MCP servers into its new database.'

  return (
    <main className="migration-screen" aria-labelledby="migration-title">
      <div className="migration-inner">
        <header className="migration-header">
          <span className="brand-mark" aria-hidden="true">
            PA
          </span>
          <h1 id="migration-title">{phase === 'report' ? 'Data migration complete' : 'Data migration'}</h1>
          <p className="muted">{subtitle}</p>
        </header>
        {phase === 'report' && report ? <Report report={report} onContinue={continueAfterReport} /> : null}
        {phase === 'failed' ? <Failure error={error} /> : null}
        {phase === 'migrating' ? <ProgressPanel progress={progress} /> : null}
        {status && phase !== 'offer' ? (
          <p className="migration-folder muted">Data folder: {status.dataDir}</p>
        ) : null}
      </div>
      {phase === 'offer' && status ? <MigrationOfferDialog status={status} /> : null}
    </main>
  )
}
