// MCP servers: list, add, edit, enable/disable and delete, each with its runtime (state, start/stop, tools). Secret
// env values and headers are only ever shown masked.
import { useState } from 'react'
import {
  DEFAULT_MCP_TIMEOUTS,
  type McpServerInput,
  type McpServerView,
  type McpTimeouts
} from '../../../shared/types'
import { isSecretEnvName, isSecretHeaderName } from '../../../shared/secret-policy'
import { Checkbox, SelectField, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import {
  RecordCard,
  RecordListScreen,
  type CardHandlers,
  type RecordDialogProps
} from '../components/RecordListScreen'
import { Switch } from '../components/Switch'
import { InputProblem, useAsyncAction, useForm } from '../hooks'
import { useMcp } from '../stores/mcp'
import { McpRuntime } from './McpRuntime'
import { ToolGrants } from './ToolGrants'
import { notify } from '../stores/notices'
import { mapFrom, NameValueRows, rowsFrom, type NameValueKind, type NameValueRow } from './McpNameValueRows'

const TRANSPORTS = ['stdio', 'sse', 'http']
const ENV: NameValueKind = {
  legend: 'Environment variables',
  item: 'variable',
  namePlaceholder: 'NAME',
  validName: /^[A-Za-z_][A-Za-z0-9_]*$/,
  isSecret: isSecretEnvName
}

const HEADERS: NameValueKind = {
  legend: 'Headers',
  item: 'header',
  namePlaceholder: 'Header-Name',
  // An HTTP token (RFC 9110).
  validName: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
  isSecret: isSecretHeaderName
}

const TIMEOUTS: readonly { key: keyof McpTimeouts; label: string }[] = [
  { key: 'connectMs', label: 'Connect timeout' },
  { key: 'listMs', label: 'List timeout' },
  { key: 'callMs', label: 'Call timeout' }
]

/** The longest timeout the form takes, in seconds (an hour). */
const MAX_TIMEOUT_SECONDS = 3600

type TimeoutTexts = Record<keyof McpTimeouts, string>

/** A timeout as the form shows it: seconds, empty for the default. */
function secondsText(ms: number | null): string {
  return ms === null ? '' : String(ms / 1000)
}

function timeoutTexts(server: McpServerView | null): TimeoutTexts {
  const timeouts = server?.timeouts
  return {
    connectMs: secondsText(timeouts?.connectMs ?? null),
    listMs: secondsText(timeouts?.listMs ?? null),
    callMs: secondsText(timeouts?.callMs ?? null)
  }
}

/** The timeouts whose text changed (null: back to the default), or the problem that stops them. */
function timeoutsFrom(texts: TimeoutTexts, initial: TimeoutTexts): Partial<McpTimeouts> | undefined {
  const result: Partial<McpTimeouts> = {}
  for (const { key, label } of TIMEOUTS) {
    const text = texts[key].trim()
    if (text === initial[key]) continue
    if (text === '') {
      result[key] = null
      continue
    }
    const seconds = Number(text)
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS)
      throw new InputProblem(
        `${label}: enter a number of seconds from 0.001 to ${MAX_TIMEOUT_SECONDS}, or leave it empty.`
      )
    result[key] = Math.max(1, Math.round(seconds * 1000))
  }
  return Object.keys(result).length > 0 ? result : undefined
}

function commandLine(server: McpServerView): string {
  const quote = (part: string): string => (/\s/.test(part) ? `"${part}"` : part)
  return [server.command ?? '', ...server.args].filter(Boolean).map(quote).join(' ')
}

const EMPTY_FORM = { name: '', transport: 'stdio', command: '', args: '', url: '', enabled: true }

type McpFormState = typeof EMPTY_FORM

function formFrom(server: McpServerView): McpFormState {
  const { name, transport, enabled } = server
  return {
    name,
    transport,
    enabled,
    command: server.command ?? '',
    args: server.args.join('\n'),
    url: server.url ?? ''
  }
}

/** The server the form says (without its variables), or the problem that stops it. */
function inputFrom(form: McpFormState): McpServerInput {
  const name = form.name.trim()
  const stdio = form.transport === 'stdio'
  if (!name) throw new InputProblem('Enter a name.')
  if (stdio && !form.command.trim()) throw new InputProblem('Enter the command that starts the server.')
  if (!stdio && !form.url.trim()) throw new InputProblem('Enter the server URL.')
  return {
    name,
    transport: form.transport,
    enabled: form.enabled,
    command: stdio ? form.command.trim() : null,
    args: stdio
      ? form.args
          .split('\n')
          .map((arg) => arg.trim())
          .filter(Boolean)
      : [],
    url: stdio ? null : form.url.trim()
  }
}

function McpDialog({ record: server, frame, save }: RecordDialogProps<McpServerView, McpServerInput>) {
  const { values, bind } = useForm(server ? formFrom(server) : EMPTY_FORM)
  const [env, setEnv] = useState<NameValueRow[]>(() =>
    server ? rowsFrom(server.env, server.secretEnvKeys) : []
  )
  const [envTouched, setEnvTouched] = useState(false)
  const [headers, setHeaders] = useState<NameValueRow[]>(() =>
    server ? rowsFrom(server.headers, server.secretHeaderKeys) : []
  )
  const [headersTouched, setHeadersTouched] = useState(false)
  const [initialTimeouts] = useState(() => timeoutTexts(server))
  const [timeouts, setTimeouts] = useState(initialTimeouts)
  const transports = TRANSPORTS.includes(values.transport) ? TRANSPORTS : [...TRANSPORTS, values.transport]
  const stdio = values.transport === 'stdio'

  const submit = (): Promise<void> => {
    const input = inputFrom(values)
    // Untouched variables and headers are left out, so secrets stay as they are in the keychain.
    if (!server || envTouched) input.env = mapFrom(env, ENV)
    if (!stdio && (!server || headersTouched)) input.headers = mapFrom(headers, HEADERS)
    const changed = timeoutsFrom(timeouts, initialTimeouts)
    if (changed) input.timeouts = changed
    return save(input)
  }

  return (
    <FormDialog {...frame} onSubmit={submit} size="large" autoComplete="off">
      <div className="field-row">
        <TextField label="Name" {...bind('name')} placeholder="e.g. filesystem" data-autofocus />
        <SelectField
          label="Transport"
          className="field-narrow"
          {...bind('transport')}
          options={transports.map((option) => ({ value: option, label: option }))}
        />
      </div>
      {stdio ? (
        <>
          <TextField label="Command" mono {...bind('command')} placeholder="npx" spellCheck={false} />
          <TextField
            label="Arguments"
            note="(one per line)"
            mono
            rows={3}
            {...bind('args')}
            placeholder={'-y\n@modelcontextprotocol/server-filesystem'}
            spellCheck={false}
          />
        </>
      ) : (
        <>
          <TextField label="URL" mono type="url" {...bind('url')} placeholder="https://example.com/mcp" />
          <NameValueRows
            kind={HEADERS}
            rows={headers}
            onChange={(rows) => {
              setHeaders(rows)
              setHeadersTouched(true)
            }}
          />
        </>
      )}
      <NameValueRows
        kind={ENV}
        rows={env}
        onChange={(rows) => {
          setEnv(rows)
          setEnvTouched(true)
        }}
      />
      <div className="field-row">
        {TIMEOUTS.map(({ key, label }) => (
          <TextField
            key={key}
            label={label}
            note="(seconds)"
            inputMode="decimal"
            value={timeouts[key]}
            onChange={(text) => setTimeouts((current) => ({ ...current, [key]: text }))}
            placeholder={String(DEFAULT_MCP_TIMEOUTS[key] / 1000)}
          />
        ))}
      </div>
      <Checkbox checked={values.enabled} onChange={bind('enabled').onChange}>
        Enabled
      </Checkbox>
    </FormDialog>
  )
}

/** A card's variables or headers, secret ones masked and marked. */
function NameValueList({
  label,
  map,
  secretKeys
}: {
  label: string
  map: Record<string, string>
  secretKeys: readonly string[]
}) {
  const entries = Object.entries(map)
  if (entries.length === 0) return null
  return (
    <dl className="env-list" aria-label={label}>
      {entries.map(([key, value]) => (
        <div key={key} className="env-item">
          <dt className="mono">{key}</dt>
          <dd className="mono">
            {value}
            {secretKeys.includes(key) ? <span className="badge badge-muted">secret</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function McpCard({ server, ...handlers }: { server: McpServerView } & CardHandlers) {
  const setEnabled = useMcp((state) => state.setEnabled)
  const pending = useMcp((state) => state.pending.includes(server.id))
  const { run } = useAsyncAction('notice')
  const toggle = (enabled: boolean): Promise<boolean> =>
    run(async () => {
      await setEnabled(server.id, enabled)
      notify(`${server.name} ${enabled ? 'enabled' : 'disabled'}`)
    })
  return (
    <RecordCard
      name={server.name}
      dimmed={!server.enabled}
      badges={
        <>
          <span className="badge">{server.transport}</span>
          {!server.enabled ? <span className="badge badge-muted">Disabled</span> : null}
        </>
      }
      actions={
        <Switch
          checked={server.enabled}
          label={`${server.name} enabled`}
          onChange={(enabled) => void toggle(enabled)}
          disabled={pending}
        />
      }
      {...handlers}
    >
      <p className="mono command-line">
        {server.transport === 'stdio' ? commandLine(server) : (server.url ?? '')}
      </p>
      <NameValueList label="Environment variables" map={server.env} secretKeys={server.secretEnvKeys} />
      <NameValueList label="Headers" map={server.headers} secretKeys={server.secretHeaderKeys} />
      <McpRuntime server={server} />
    </RecordCard>
  )
}

const LABELS = {
  title: 'MCP servers',
  intro: 'Tools your agent can use through the Model Context Protocol.',
  add: 'Add server',
  loading: 'Loading MCP servers…',
  emptyTitle: 'No MCP servers yet',
  emptyText: 'Add a server to give your agent tools such as file access or web search.',
  addTitle: 'Add MCP server',
  editTitle: 'Edit MCP server',
  added: 'MCP server added',
  saved: 'MCP server saved',
  deleted: 'MCP server deleted'
}

export function McpServersScreen() {
  return (
    <RecordListScreen
      store={useMcp}
      loadKey="mcp"
      labels={LABELS}
      renderCard={(server, handlers) => <McpCard server={server} {...handlers} />}
      renderDialog={(dialog) => <McpDialog {...dialog} />}
      footer={<ToolGrants />}
      deleteText={() =>
        'The server and its stored secrets will be removed. Your agent will no longer be able to use its tools.'
      }
    />
  )
}
