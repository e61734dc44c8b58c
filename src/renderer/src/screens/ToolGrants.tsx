// The MCP screen's "Tool permissions" section: the grants that let a tool run without asking (in one conversation,
// or always), each revocable, and per server whether its read-only tools (MCP `readOnlyHint`) run without asking.
import { useCallback, useEffect, useState } from 'react'
import type { ToolGrantsView } from '../../../shared/chat-types'
import { call } from '../api'
import { Alert } from '../components/Alert'
import { Section } from '../components/Section'
import { Switch } from '../components/Switch'
import { useAsyncAction } from '../hooks'
import { useMcp } from '../stores/mcp'

export function ToolGrants() {
  const servers = useMcp((state) => state.items)
  const [view, setView] = useState<ToolGrantsView | null>(null)
  const action = useAsyncAction('inline')
  const { run } = action
  const load = useCallback(
    () =>
      void run(async () => {
        setView(await call('mcp:grants'))
      }),
    [run]
  )
  useEffect(load, [load])
  const change = (request: () => Promise<ToolGrantsView>) =>
    void action.run(async () => {
      setView(await request())
    })
  return (
    <Section title="Tool permissions">
      <p className="hint">
        Nothing runs without your approval. These tools run without asking; revoke a permission to be asked
        again.
      </p>
      {action.error !== null ? <Alert tone="error">{action.error}</Alert> : null}
      {view === null ? null : view.grants.length === 0 ? (
        <p className="muted">No tool runs without asking.</p>
      ) : (
        <ul className="tool-grants" aria-label="Tool permissions">
          {view.grants.map((grant) => {
            const where =
              grant.conversationId === null
                ? 'Always'
                : `In “${grant.conversationTitle ?? 'a deleted conversation'}”`
            const server = grant.serverName ?? 'a deleted server'
            return (
              <li key={grant.id} className="tool-grant">
                <span className="mono">
                  {server} → {grant.tool}
                </span>
                <span className="muted small">{where}</span>
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Revoke ${server} → ${grant.tool} (${where})`}
                  disabled={action.busy}
                  onClick={() => change(() => call('mcp:revokeGrant', { id: grant.id }))}
                >
                  Revoke
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {view !== null && servers.length > 0 ? (
        <ul className="tool-grants" aria-label="Read-only tools">
          {servers.map((server) => {
            const allowed = view.readOnlyServerIds.includes(server.id)
            return (
              <li key={server.id} className="tool-grant">
                <Switch
                  checked={allowed}
                  label={`Run the read-only tools of ${server.name} without asking`}
                  disabled={action.busy}
                  onChange={(next) =>
                    change(() => call('mcp:setReadOnlyDefault', { serverId: server.id, allowed: next }))
                  }
                />
                <span>Run the read-only tools of {server.name} without asking</span>
              </li>
            )
          })}
        </ul>
      ) : null}
    </Section>
  )
}
