// MCP servers: list, add, edit, enable/disable and delete. Secret env values are only ever shown masked.
import { CardActions } from '../components/CardActions'
import { useCallback, useId, useState, type FormEvent } from 'react'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { isSecretEnvName } from '../../../shared/secret-policy'
import { errorMessage } from '../api'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { Dialog, DialogActions } from '../components/Dialog'
import { EmptyState } from '../components/EmptyState'
import { PlusIcon } from '../components/Icons'
import { LoadingState } from '../components/Spinner'
import { Switch } from '../components/Switch'
import { useLoadOncePerEpoch } from '../hooks'
import { useMcp } from '../stores/mcp'
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

function McpDialog({ server, onClose }: { server: McpServerView | null; onClose: () => void }) {
  const create = useMcp((state) => state.create)
  const update = useMcp((state) => state.update)
  const ids = useId()
  const [name, setName] = useState(server?.name ?? '')
  const [transport, setTransport] = useState(server?.transport ?? 'stdio')
  const [command, setCommand] = useState(server?.command ?? '')
  const [args, setArgs] = useState((server?.args ?? []).join('\n'))
  const [url, setUrl] = useState(server?.url ?? '')
  const [enabled, setEnabled] = useState(server?.enabled ?? true)
  const [env, setEnv] = useState<EnvRow[]>(() => rowsFrom(server))
  const [envTouched, setEnvTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const transports = TRANSPORTS.includes(transport) ? TRANSPORTS : [...TRANSPORTS, transport]
  const stdio = transport === 'stdio'

  const editEnv = (next: EnvRow[]): void => {
    setEnv(next)
    setEnvTouched(true)
  }
  const editRow = (rowId: number, patch: Partial<EnvRow>): void =>
    editEnv(env.map((row) => (row.rowId === rowId ? { ...row, ...patch } : row)))

  const buildEnv = (): Record<string, string> | string => {
    const result: Record<string, string> = {}
    for (const row of env) {
      const key = row.key.trim()
      if (key === '' && row.value === '') continue
      if (!ENV_KEY.test(key)) return `“${key || '(empty)'}” is not a valid variable name.`
      if (Object.hasOwn(result, key)) return `${key} is listed twice.`
      if (row.masked !== null && row.value === '') {
        return `Enter the value of ${key} again, or remove it: secret values are never shown, so they must be re-entered when you change the variables.`
      }
      result[key] = row.value
    }
    return result
  }

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const trimmedName = name.trim()
    if (!trimmedName) return setError('Enter a name.')
    if (stdio && !command.trim()) return setError('Enter the command that starts the server.')
    if (!stdio && !url.trim()) return setError('Enter the server URL.')
    const input: McpServerInput = {
      name: trimmedName,
      transport,
      enabled,
      command: stdio ? command.trim() : null,
      args: stdio
        ? args
            .split('\n')
            .map((arg) => arg.trim())
            .filter(Boolean)
        : [],
      url: stdio ? null : url.trim()
    }
    // Untouched variables are left out, so secrets stay as they are in the keychain.
    if (!server || envTouched) {
      const built = buildEnv()
      if (typeof built === 'string') return setError(built)
      input.env = built
    }
    setBusy(true)
    setError(null)
    try {
      if (server) await update(server.id, input)
      else await create(input)
      notify(server ? 'MCP server saved' : 'MCP server added')
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog title={server ? 'Edit MCP server' : 'Add MCP server'} onClose={onClose} busy={busy} size="large">
      <form onSubmit={(event) => void submit(event)} noValidate autoComplete="off">
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              className="input"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. filesystem"
              data-autofocus
            />
          </div>
          <div className="field field-narrow">
            <label htmlFor={`${ids}-transport`}>Transport</label>
            <select
              id={`${ids}-transport`}
              className="input"
              value={transport}
              onChange={(event) => setTransport(event.target.value)}
            >
              {transports.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
        </div>
        {stdio ? (
          <>
            <div className="field">
              <label htmlFor={`${ids}-command`}>Command</label>
              <input
                id={`${ids}-command`}
                className="input mono"
                value={command}
                onChange={(event) => setCommand(event.target.value)}
                placeholder="npx"
                spellCheck={false}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-args`}>
                Arguments <span className="optional">(one per line)</span>
              </label>
              <textarea
                id={`${ids}-args`}
                className="input mono"
                rows={3}
                value={args}
                onChange={(event) => setArgs(event.target.value)}
                placeholder={'-y\n@modelcontextprotocol/server-filesystem'}
                spellCheck={false}
              />
            </div>
          </>
        ) : (
          <div className="field">
            <label htmlFor={`${ids}-url`}>URL</label>
            <input
              id={`${ids}-url`}
              className="input mono"
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              placeholder="https://example.com/mcp"
            />
          </div>
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
            <PlusIcon />
            Add variable
          </button>
          <p className="hint">
            Values that look like secrets are stored in your system keychain and shown masked.
          </p>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enabled
        </label>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <DialogActions>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {server ? 'Save' : 'Add server'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  )
}

function McpCard({
  server,
  onEdit,
  onDelete
}: {
  server: McpServerView
  onEdit: () => void
  onDelete: () => void
}) {
  const setEnabled = useMcp((state) => state.setEnabled)
  const pending = useMcp((state) => state.pending.includes(server.id))
  const envEntries = Object.entries(server.env)
  const toggle = async (enabled: boolean): Promise<void> => {
    try {
      await setEnabled(server.id, enabled)
      notify(`${server.name} ${enabled ? 'enabled' : 'disabled'}`)
    } catch (error) {
      notify(errorMessage(error), 'error')
    }
  }
  return (
    <li className={`card item-card${server.enabled ? '' : ' item-card-disabled'}`}>
      <div className="item-card-main">
        <div className="item-card-title">
          <h3>{server.name}</h3>
          <span className="badge">{server.transport}</span>
          {!server.enabled ? <span className="badge badge-muted">Disabled</span> : null}
        </div>
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
      </div>
      <CardActions name={server.name} onEdit={onEdit} onDelete={onDelete}>
        <Switch
          checked={server.enabled}
          label={`${server.name} enabled`}
          onChange={(enabled) => void toggle(enabled)}
          disabled={pending}
        />
      </CardActions>
    </li>
  )
}

export function McpServersScreen() {
  const items = useMcp((state) => state.items)
  const loaded = useMcp((state) => state.loaded)
  const loading = useMcp((state) => state.loading)
  const error = useMcp((state) => state.error)
  const load = useMcp((state) => state.load)
  const remove = useMcp((state) => state.remove)
  const [editing, setEditing] = useState<McpServerView | 'new' | null>(null)
  const [deleting, setDeleting] = useState<McpServerView | null>(null)
  useLoadOncePerEpoch(
    'mcp',
    useCallback(() => void load(), [load])
  )

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>MCP servers</h1>
          <p className="muted">Tools your agent can use through the Model Context Protocol.</p>
        </div>
        <button type="button" className="button button-primary icon-text" onClick={() => setEditing('new')}>
          <PlusIcon />
          Add server
        </button>
      </header>
      <div className="screen-body">
        {!loaded && loading ? <LoadingState label="Loading MCP servers…" /> : null}
        {error ? (
          <Alert
            tone="error"
            action={
              <button type="button" className="button button-small" onClick={() => void load()}>
                Retry
              </button>
            }
          >
            {error}
          </Alert>
        ) : null}
        {loaded && !error && items.length === 0 ? (
          <EmptyState
            title="No MCP servers yet"
            action={
              <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
                Add server
              </button>
            }
          >
            Add a server to give your agent tools such as file access or web search.
          </EmptyState>
        ) : null}
        {items.length > 0 ? (
          <ul className="card-list">
            {items.map((server) => (
              <McpCard
                key={server.id}
                server={server}
                onEdit={() => setEditing(server)}
                onDelete={() => setDeleting(server)}
              />
            ))}
          </ul>
        ) : null}
      </div>
      {editing ? (
        <McpDialog server={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await remove(deleting.id)
            notify('MCP server deleted')
          }}
          onClose={() => setDeleting(null)}
        >
          <p>
            The server and its stored secrets will be removed. Your agent will no longer be able to use its
            tools.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
