// Import: bring in a notes folder, the web version's export, another app's chats or its MCP servers. Choose the
// source, look at the preview (counts, problems, conflicts), import with live progress, read the result; past imports
// are in Settings → History, where each can be undone.
import { useId, useRef } from 'react'
import type { ImportSourceKind } from '../../../shared/import-types'
import { Alert } from '../components/Alert'
import { DataTable } from '../components/DataTable'
import { Checkbox, RadioGroup } from '../components/Field'
import { ProgressBar } from '../components/ProgressBar'
import { Screen } from '../components/Screen'
import { Section } from '../components/Section'
import { Spinner } from '../components/Spinner'
import { ListAlert, TextList } from '../components/TextList'
import { formatCount } from '../format'
import { useImports } from '../stores/imports'
import { usePick } from '../stores/pick'
import { McpCandidates } from './McpCandidates'

interface SourceInfo {
  label: string
  detail: string
  pathLabel: string
  placeholder: string
}

const SOURCES: Record<ImportSourceKind, SourceInfo> = {
  folder: {
    label: 'A folder of notes',
    detail: 'JSON, Markdown (with front matter), plain text and CSV files, in any sub-folder.',
    pathLabel: 'Folder',
    placeholder: '/home/you/notes'
  },
  localstorage: {
    label: 'The web version',
    detail:
      'The file the old web app exported: agents, profiles, MCP servers, chats and preferences, per workspace.',
    pathLabel: 'Exported file',
    placeholder: '/home/you/personal-agent-web-export.json'
  },
  'chat-export': {
    label: 'Import from another app: ChatGPT or Claude chats',
    detail: 'conversations.json from a ChatGPT or Claude data export.',
    pathLabel: 'conversations.json',
    placeholder: '/home/you/Downloads/conversations.json'
  },
  mcp: {
    label: 'Import from another app: MCP servers',
    detail: 'Found in Claude Desktop, Cursor, Windsurf and VS Code, or in a config file you choose.',
    pathLabel: 'Config file (optional)',
    placeholder: 'Leave empty to look in the usual places'
  },
  legacy: {
    label: "The old app's newer data",
    detail: 'Files the old app wrote again in this data folder since the migration (the banner offers it).',
    pathLabel: 'Path (not needed)',
    placeholder: 'Leave empty: the data folder is read'
  }
}

/** How many problems are listed; the preview says how many more there are. */
const SHOWN_PROBLEMS = 20
const PROBLEM_LIST = 'plain-list mono small'

const SOURCE_QUESTION = {
  legend: 'Source',
  // The old app's newer data is offered by its banner when there is some, not chosen here.
  choices: (Object.keys(SOURCES) as ImportSourceKind[])
    .filter((kind) => kind !== 'legacy')
    .map((kind) => ({
      value: kind,
      title: SOURCES[kind].label,
      detail: SOURCES[kind].detail
    }))
}

function Preview() {
  const preview = useImports((state) => state.preview)
  if (!preview) return null
  return (
    <div className="import-preview" data-testid="import-preview">
      <h3 className="card-subtitle">{preview.title}</h3>
      {preview.counts.length > 0 ? (
        <div className="table-wrap">
          <DataTable
            label="What will be imported"
            columns={['', 'Count']}
            rows={preview.counts.map((count) => ({
              key: count.label,
              cells: [count.label, formatCount(count.value)]
            }))}
          />
        </div>
      ) : null}
      {preview.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {preview.problems.length > 0 ? (
        <Alert tone="warning" title={`${preview.problems.length} problems found`}>
          <p>These are set aside (kept, not imported) or skipped; everything else is imported.</p>
          <TextList items={preview.problems.slice(0, SHOWN_PROBLEMS)} className={PROBLEM_LIST} />
          {preview.problems.length > SHOWN_PROBLEMS ? (
            <p>…and {preview.problems.length - SHOWN_PROBLEMS} more.</p>
          ) : null}
        </Alert>
      ) : null}
      <McpCandidates />
    </div>
  )
}

function Outcome() {
  const { running, progress, result } = usePick(useImports, 'running', 'progress', 'result')
  if (running)
    return (
      <div className="import-progress" data-testid="import-progress">
        <ProgressBar
          label="Import progress"
          value={progress?.done ?? 0}
          max={progress?.total ?? 0}
          valueText={progress ? `${progress.done} of ${progress.total}` : 'Starting'}
        />
        <p className="muted small break">
          {progress
            ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} · ${progress.message}`
            : 'Starting…'}
        </p>
      </div>
    )
  if (!result) return null
  return (
    <div data-testid="import-result">
      <Alert tone="success" title="Import finished">
        <TextList items={result.lines} />
        <p className="small">
          Settings → History lists every import, and undoes one with “Undo this import”.
        </p>
      </Alert>
      <ListAlert
        tone="warning"
        title="Set aside, not lost"
        items={result.problems.slice(0, SHOWN_PROBLEMS)}
        className={PROBLEM_LIST}
      />
    </div>
  )
}

export function ImportScreen() {
  const ids = useId()
  const pathRef = useRef<HTMLInputElement>(null)
  const { kind, path, incremental, previewing, preview, running, error } = usePick(
    useImports,
    'kind',
    'path',
    'incremental',
    'previewing',
    'preview',
    'running',
    'error'
  )
  const { setKind, setPath, setIncremental, choosePath, loadPreview, run } = useImports.getState()
  const source = SOURCES[kind]
  const pathNeeded = kind !== 'mcp'

  return (
    <Screen
      title="Import"
      intro="Bring in notes, the web version's data, or chats and MCP servers from other apps."
      bodyClassName="settings-body"
    >
      <Section title="What to import">
        <RadioGroup question={SOURCE_QUESTION} value={kind} onChange={setKind} disabled={running} />
        <form
          className="field"
          onSubmit={(event) => {
            event.preventDefault()
            void loadPreview()
          }}
        >
          <label htmlFor={`${ids}-path`}>{source.pathLabel}</label>
          <div className="input-row">
            <input
              id={`${ids}-path`}
              ref={pathRef}
              className="input"
              value={path}
              placeholder={source.placeholder}
              disabled={running}
              onChange={(event) => setPath(event.target.value)}
            />
            <button
              type="button"
              className="button"
              disabled={running}
              onClick={() =>
                void choosePath().then((chosen) => {
                  if (!chosen) pathRef.current?.focus()
                })
              }
            >
              Choose…
            </button>
            <button
              type="submit"
              className="button"
              disabled={running || previewing || (pathNeeded && path.trim() === '')}
            >
              {kind === 'mcp' && path.trim() === '' ? 'Find servers' : 'Preview'}
            </button>
          </div>
        </form>
        {kind === 'folder' ? (
          <Checkbox checked={incremental} disabled={running} onChange={setIncremental}>
            <span>Only new and changed files (files imported before and unchanged are skipped)</span>
          </Checkbox>
        ) : null}
        {previewing ? <Spinner label="Reading…" /> : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
        <Preview />
        {preview ? (
          <div className="actions-row actions-row-start">
            <button
              type="button"
              className="button button-primary"
              disabled={running}
              onClick={() => void run()}
            >
              Import
            </button>
          </div>
        ) : null}
        <Outcome />
      </Section>
    </Screen>
  )
}
