// MCP servers: list, add, edit, enable/disable and delete, each with its runtime (state, start/stop, tools). Secret
// env values are only ever shown masked.
import { useState } from 'react'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { isSecretEnvName } from '../../../shared/secret-policy'
import { Checkbox, SelectField, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import { Icon } from '../components/Icons'
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

const TRANSPORTS = ['stdio', 'sse', 'http']
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

interface EnvRow {
  rowId: number
  key: string
  value: string
  /** An existing secret: its value is not known here, so the field starts empty and must be re-entered to change. */
  masked: string | null
}

let nextRowId = 1

function rowsFrom(server: McpServerView | null): EnvRow[] {
  if (!server) return []
  return Object.entries(server.env).map(([key, value]) => {
    const secret = server.secretEnvKeys.includes(key)
    return { rowId: nextRowId++, key, value: secret ? '' : value, masked: secret ? value : null }
  })
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

/** The variables as main takes them, or the problem that stops them. */
function envFrom(rows: EnvRow[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const row of rows) {
    const key = row.key.trim()
    if (key === '' && row.value === '') continue
    if (!ENV_KEY.test(key)) throw new InputProblem(`“${key || '(empty)'}” is not a valid variable name.`)
    if (Object.hasOwn(result, key)) throw new InputProblem(`${key} is listed twice.`)
    if (row.masked !== null && row.value === '') {
      throw new InputProblem(
        `Enter the value of ${key} again, or remove it: secret values are never shown, so they must be re-entered when you change the variables.`
      )
    }
    result[key] = row.value
  }
  return result
}

function McpDialog({ record: server, frame, save }: RecordDialogProps<McpServerView, McpServerInput>) {
  const { values, bind } = useForm(server ? formFrom(server) : EMPTY_FORM)
  const [env, setEnv] = useState<EnvRow[]>(() => rowsFrom(server))
  const [envTouched, setEnvTouched] = useState(false)
  const transports = TRANSPORTS.includes(values.transport) ? TRANSPORTS : [...TRANSPORTS, values.transport]

  const editEnv = (next: EnvRow[]): void => {
    setEnv(next)
    setEnvTouched(true)
  }
  const editRow = (rowId: number, patch: Partial<EnvRow>): void =>
    editEnv(env.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)))

  const submit = (): Promise<void> => {
    const input = inputFrom(values)
    // Untouched variables are left out, so secrets stay as they are in the keychain.
    if (!server || envTouched) input.env = envFrom(env)
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
      {values.transport === 'stdio' ? (
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
        <TextField label="URL" mono type="url" {...bind('url')} placeholder="https://example.com/mcp" />
      )}
      <fieldset className="fieldset">
        <legend>Environment variables</legend>
        {env.length === 0 ? <p className="hint">None.</p> : null}
        {env.map((row, index) => {
          const secret = row.masked !== null || isSecretEnvName(row.key)
          return (
            <div key={row.rowId} className="env-row">
              <input
                className="input mono"
                aria-label={`Variable ${index + 1} name`}
                value={row.key}
                onChange={(event) => editRow(row.rowId, { key: event.target.value })}
                placeholder="NAME"
                spellCheck={false}
              />
              <input
                className="input mono"
                aria-label={`Variable ${index + 1} value`}
                type={secret ? 'password' : 'text'}
                autoComplete={secret ? 'new-password' : 'off'}
                value={row.value}
                onChange={(event) => editRow(row.rowId, { value: event.target.value })}
                placeholder={row.masked !== null ? `${row.masked} (unchanged)` : 'value'}
                spellCheck={false}
              />
              <button
                type="button"
                className="button button-quiet"
                onClick={() => editEnv(env.filter((other) => other.rowId !== row.rowId))}
                aria-label={`Remove variable ${row.key || index + 1}`}
              >
                Remove
              </button>
            </div>
          )
        })}
        <button
          type="button"
          className="button button-quiet icon-text"
          onClick={() => editEnv([...env, { rowId: nextRowId++, key: '', value: '', masked: null }])}
        >
          <Icon name="plus" />
          Add variable
        </button>
        <p className="hint">
          Values that look like secrets are stored in your system keychain and shown masked.
        </p>
      </fieldset>
      <Checkbox checked={values.enabled} onChange={bind('enabled').onChange}>
        Enabled
      </Checkbox>
    </FormDialog>
  )
}

function McpCard({ server, ...handlers }: { server: McpServerView } & CardHandlers) {
  const setEnabled = useMcp((state) => state.setEnabled)
  const pending = useMcp((state) => state.pending.includes(server.id))
  const { run } = useAsyncAction('notice')
  const envEntries = Object.entries(server.env)
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
      {envEntries.length > 0 ? (
        <dl className="env-list" aria-label="Environment variables">
          {envEntries.map(([key, value]) => (
            <div key={key} className="env-item">
              <dt className="mono">{key}</dt>
              <dd className="mono">
                {value}
                {server.secretEnvKeys.includes(key) ? (
                  <span className="badge badge-muted">secret</span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
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
