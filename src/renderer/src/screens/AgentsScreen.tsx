// Agents: list, add, edit, duplicate and delete; each one a name, a system prompt, a profile and the MCP servers (and,
// optionally, which tools of each) it may use; "Start a conversation" opens a new conversation with it.
import { useEffect, useState } from 'react'
import type { AgentInput, AgentServerInput, AgentView } from '../../../shared/agent-types'
import type { McpToolView } from '../../../shared/mcp-types'
import { errorMessage } from '../api'
import { Checkbox, SelectField, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import {
  RecordCard,
  RecordListScreen,
  type CardHandlers,
  type RecordDialogProps
} from '../components/RecordListScreen'
import { Spinner } from '../components/Spinner'
import { InputProblem, useAsyncAction, useForm } from '../hooks'
import { serverTools, useAgents } from '../stores/agents'
import { useMcp } from '../stores/mcp'
import { notify } from '../stores/notices'
import { useProfiles } from '../stores/profiles'

/** The form's servers: which are chosen, and for each the tools it is limited to (null: all of them). */
type ServerChoice = Record<string, string[] | null>

function choiceFrom(agent: AgentView | null): ServerChoice {
  return Object.fromEntries((agent?.servers ?? []).map((server) => [server.id, server.toolNames]))
}

function inputFrom(
  form: { name: string; systemPrompt: string; profileId: string },
  servers: ServerChoice
): AgentInput {
  const name = form.name.trim()
  if (!name) throw new InputProblem('Enter a name.')
  const chosen: AgentServerInput[] = Object.entries(servers).map(([id, toolNames]) => ({ id, toolNames }))
  for (const [id, toolNames] of Object.entries(servers))
    if (toolNames !== null && toolNames.length === 0)
      throw new InputProblem(
        `Choose at least one tool of ${useMcp.getState().items.find((s) => s.id === id)?.name ?? id}, or all of them.`
      )
  return { name, systemPrompt: form.systemPrompt, profileId: form.profileId || null, servers: chosen }
}

/** "All tools", or a pick from the server's own list (which starts the server to list them). */
function ToolPicker({
  serverId,
  serverName,
  value,
  onChange
}: {
  serverId: string
  serverName: string
  value: string[] | null
  onChange: (value: string[] | null) => void
}) {
  const [tools, setTools] = useState<McpToolView[] | 'loading' | string | null>(null)
  const limited = value !== null
  useEffect(() => {
    if (!limited || tools !== null) return
    setTools('loading')
    serverTools(serverId).then(setTools, (error: unknown) => setTools(errorMessage(error)))
  }, [limited, tools, serverId])
  return (
    <div className="tool-picker">
      <Checkbox checked={limited} onChange={(on) => onChange(on ? [] : null)}>
        Only some tools of {serverName}
      </Checkbox>
      {limited ? (
        tools === 'loading' || tools === null ? (
          <Spinner label={`Listing the tools of ${serverName}…`} />
        ) : typeof tools === 'string' ? (
          <p className="connection-line connection-failed" role="alert">
            {tools}
          </p>
        ) : (
          <ul className="tool-choices" aria-label={`Tools of ${serverName}`}>
            {tools.map((tool) => (
              <li key={tool.name}>
                <Checkbox
                  checked={value.includes(tool.name)}
                  onChange={(on) =>
                    onChange(on ? [...value, tool.name] : value.filter((name) => name !== tool.name))
                  }
                >
                  <span className="mono">{tool.name}</span>
                  {tool.description ? <span className="muted"> — {tool.description}</span> : null}
                </Checkbox>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  )
}

function AgentDialog({ record: agent, frame, save }: RecordDialogProps<AgentView, AgentInput>) {
  const { values, bind } = useForm({
    name: agent?.name ?? '',
    systemPrompt: agent?.systemPrompt ?? '',
    profileId: agent?.profileId ?? ''
  })
  const [servers, setServers] = useState<ServerChoice>(() => choiceFrom(agent))
  const profiles = useProfiles((state) => state.items)
  const mcp = useMcp((state) => state.items)
  useEffect(() => {
    if (!useProfiles.getState().loaded) void useProfiles.getState().load()
    if (!useMcp.getState().loaded) void useMcp.getState().load()
  }, [])
  const choose = (id: string, toolNames: string[] | null | undefined): void =>
    setServers((current) => {
      const next = { ...current }
      if (toolNames === undefined) delete next[id]
      else next[id] = toolNames
      return next
    })
  const profileMissing = agent !== null && agent.profileId === null

  return (
    <FormDialog {...frame} onSubmit={() => save(inputFrom(values, servers))} size="large" autoComplete="off">
      <TextField
        label="Name"
        {...bind('name')}
        placeholder="e.g. Research assistant"
        required
        data-autofocus
      />
      <TextField
        label="System prompt"
        note="(optional)"
        rows={5}
        {...bind('systemPrompt')}
        placeholder="What the agent is, and how it answers"
        hint="Sent in place of the profile's own system prompt."
      />
      <SelectField
        label="Profile"
        {...bind('profileId')}
        options={[
          { value: '', label: profileMissing ? 'None (its profile was deleted)' : 'The default profile' },
          ...profiles.map((profile) => ({ value: profile.id, label: `${profile.name} · ${profile.model}` }))
        ]}
      />
      <fieldset className="fieldset">
        <legend>MCP servers it may use</legend>
        {mcp.length === 0 ? <p className="hint">No MCP servers yet: add them in MCP servers.</p> : null}
        {mcp.map((server) => {
          const chosen = Object.hasOwn(servers, server.id)
          return (
            <div key={server.id} className="agent-server">
              <Checkbox checked={chosen} onChange={(on) => choose(server.id, on ? null : undefined)}>
                {server.name}
                {!server.enabled ? <span className="badge badge-muted">Disabled</span> : null}
              </Checkbox>
              {chosen ? (
                <ToolPicker
                  serverId={server.id}
                  serverName={server.name}
                  value={servers[server.id] ?? null}
                  onChange={(toolNames) => choose(server.id, toolNames)}
                />
              ) : null}
            </div>
          )
        })}
      </fieldset>
    </FormDialog>
  )
}

function AgentCard({ agent, ...handlers }: { agent: AgentView } & CardHandlers) {
  const duplicate = useAgents((state) => state.duplicate)
  const startConversation = useAgents((state) => state.startConversation)
  const { busy, run } = useAsyncAction('notice')
  return (
    <RecordCard
      name={agent.name}
      badges={agent.workspace ? <span className="badge">Imported · {agent.workspace}</span> : null}
      actions={
        <>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void run(() => startConversation(agent))}
            aria-label={`Start a conversation with ${agent.name}`}
          >
            Start a conversation
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                const copy = await duplicate(agent.id)
                notify(`Duplicated as ${copy.name}`)
              })
            }
            aria-label={`Duplicate ${agent.name}`}
          >
            Duplicate
          </button>
        </>
      }
      {...handlers}
    >
      <dl className="meta-grid">
        <dt>Profile</dt>
        <dd>
          {agent.profileId === null ? (
            <span className="muted">
              None: its profile was deleted or never set; conversations use the default
            </span>
          ) : (
            agent.profileName
          )}
        </dd>
        <dt>MCP servers</dt>
        <dd>
          {agent.servers.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            agent.servers
              .map((server) =>
                server.toolNames === null ? server.name : `${server.name} (${server.toolNames.join(', ')})`
              )
              .join(', ')
          )}
        </dd>
        <dt>Conversations</dt>
        <dd>{agent.conversationCount}</dd>
      </dl>
      {agent.systemPrompt ? <p className="agent-prompt">{agent.systemPrompt}</p> : null}
    </RecordCard>
  )
}

const LABELS = {
  title: 'Agents',
  intro: 'An agent is a system prompt, a profile and the MCP tools it may use. Start conversations with one.',
  add: 'Add agent',
  loading: 'Loading agents…',
  emptyTitle: 'No agents yet',
  emptyText: 'Add an agent to give conversations a standing prompt, a model and a set of tools.',
  addTitle: 'Add agent',
  editTitle: 'Edit agent',
  added: 'Agent added',
  saved: 'Agent saved',
  deleted: 'Agent deleted'
}

export function AgentsScreen() {
  return (
    <RecordListScreen
      store={useAgents}
      loadKey="agents"
      labels={LABELS}
      renderCard={(agent, handlers) => <AgentCard agent={agent} {...handlers} />}
      renderDialog={(dialog) => <AgentDialog {...dialog} />}
      deleteText={(agent) =>
        `The agent will be removed. Its ${agent.conversationCount} conversation(s) stay, and keep chatting with its profile.`
      }
    />
  )
}
