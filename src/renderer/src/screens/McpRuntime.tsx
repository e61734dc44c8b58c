// One MCP server's runtime on its card: its state (stopped, starting, ready with N tools, failed with the reason and
// its last stderr lines), Start (asking for its `${input:…}` values, masked when secret, optionally saved in the
// keychain), Stop, Restart, a health check, "Start at launch", its declared inputs (description, password, saved),
// and its tools with their descriptions and input schemas.
import { useEffect, useState } from 'react'
import type { McpInputView, McpServerState } from '../../../shared/mcp-types'
import type { McpServerView } from '../../../shared/types'
import { Switch } from '../components/Switch'
import { useAsyncAction } from '../hooks'
import { useMcpRuntime } from '../stores/mcp-runtime'
import { notify } from '../stores/notices'
import { McpInputsDialog } from './McpInputsDialog'

function stateLine(state: McpServerState | undefined): string {
  if (!state) return 'Stopped'
  if (state.status === 'ready')
    return state.toolCount === null
      ? 'Ready'
      : `Ready with ${state.toolCount} tool${state.toolCount === 1 ? '' : 's'}`
  if (state.status === 'starting') return 'Starting…'
  if (state.status === 'failed') return `Failed: ${state.failure?.reason ?? 'unknown reason'}`
  if (state.elsewhere) return `Running in another process (pid ${state.elsewhere.pid})`
  return 'Stopped'
}

export function McpRuntime({ server }: { server: McpServerView }) {
  const state = useMcpRuntime((store) => store.states[server.id])
  const tools = useMcpRuntime((store) => store.tools[server.id])
  const health = useMcpRuntime((store) => store.health[server.id])
  const busy = useMcpRuntime((store) => store.busy.includes(server.id))
  const runtime = useMcpRuntime.getState()
  const [asking, setAsking] = useState<{ inputs: McpInputView[]; restart: boolean } | null>(null)
  const [showTools, setShowTools] = useState(false)
  const [inputs, setInputs] = useState<McpInputView[] | null>(null)
  const { run } = useAsyncAction('notice')
  useEffect(() => useMcpRuntime.getState().watch(), [])

  const status = state?.status ?? 'stopped'
  const running = status === 'ready' || status === 'starting'
  const started = (result: McpServerState): void => {
    if (result.status === 'ready') notify(`${server.name} is ready`)
  }
  /** Start (or restart): asks for the inputs that have no saved value first. */
  const start = (restart: boolean): Promise<boolean> =>
    run(async () => {
      const missing = await runtime.missingInputs(server.id)
      if (missing.length > 0) return setAsking({ inputs: missing, restart })
      if (restart) await runtime.restart(server.id)
      else started(await runtime.start(server.id))
    })
  const toggleTools = (): void => {
    const next = !showTools
    setShowTools(next)
    if (next) void runtime.listTools(server.id)
  }

  const toggleInputs = (open: boolean): void => {
    if (open) void run(async () => setInputs(await runtime.inputs(server.id)))
  }

  return (
    <div className="mcp-runtime" aria-label={`Runtime of ${server.name}`}>
      <p className={`mcp-state mcp-state-${status}`} role="status" aria-label={`State of ${server.name}`}>
        {stateLine(state)}
      </p>
      {status === 'failed' && state?.failure && state.failure.stderrTail.length > 0 ? (
        <pre className="mcp-stderr" aria-label={`Last stderr lines of ${server.name}`}>
          {state.failure.stderrTail.join('\n')}
        </pre>
      ) : null}
      <div className="mcp-runtime-actions">
        {!running ? (
          <button type="button" className="button" disabled={busy} onClick={() => void start(false)}>
            Start
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(() => runtime.stop(server.id))}
          >
            Stop
          </button>
        )}
        <button type="button" className="button" disabled={busy || !running} onClick={() => void start(true)}>
          Restart
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || status !== 'ready'}
          onClick={() => void run(() => runtime.check(server.id))}
        >
          Check health
        </button>
        <button type="button" className="button" aria-expanded={showTools} onClick={toggleTools}>
          {showTools ? 'Hide tools' : 'Show tools'}
        </button>
        <Switch
          checked={server.startAtLaunch}
          label={`Start ${server.name} at launch`}
          onChange={(on) => void run(() => runtime.setStartAtLaunch(server.id, on))}
        />
        <span className="hint">Start at launch</span>
      </div>
      {health ? <p className="hint">{health}</p> : null}
      <details onToggle={(event) => toggleInputs(event.currentTarget.open)}>
        <summary>Inputs asked for at start</summary>
        {inputs === null ? null : inputs.length === 0 ? (
          <p className="hint">None: this server uses no {'${input:…}'} value.</p>
        ) : (
          <ul className="mcp-inputs" aria-label={`Inputs of ${server.name}`}>
            {inputs.map((input) => (
              <li key={input.id}>
                <span className="mono">{input.id}</span> — {input.description}
                {input.password ? <span className="muted"> (password, masked)</span> : null}
                {input.saved ? <span className="muted"> (saved in the keychain)</span> : null}
              </li>
            ))}
          </ul>
        )}
      </details>
      {showTools ? (
        tools === undefined ? (
          <p className="hint">Listing the tools…</p>
        ) : 'error' in tools ? (
          <p className="connection-line connection-failed" role="alert">
            {tools.error}
          </p>
        ) : (
          <ul className="mcp-tools" aria-label={`Tools of ${server.name}`}>
            {tools.map((tool) => (
              <li key={tool.name} className="mcp-tool">
                <details>
                  <summary>
                    <span className="mono">{tool.name}</span>
                    {tool.description ? <span className="muted"> — {tool.description}</span> : null}
                  </summary>
                  <pre className="mcp-schema" aria-label={`Input schema of ${tool.name}`}>
                    {JSON.stringify(tool.inputSchema, null, 2)}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {asking ? (
        <McpInputsDialog
          serverName={server.name}
          inputs={asking.inputs}
          onClose={() => setAsking(null)}
          onStart={async (values, save) => {
            if (asking.restart) await runtime.stop(server.id)
            started(await runtime.start(server.id, values, save))
            setAsking(null)
          }}
        />
      ) : null}
    </div>
  )
}
