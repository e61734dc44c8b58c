// `personal-agent agents list | create | edit ID | delete ID`: the folder's agents (imported ones too), each with its
// profile and the MCP servers it may use; servers are given by name or id, comma-separated.
import type { AgentInput, AgentView } from '../../../shared/agent-types'
import { UserError } from '../../../shared/errors'
import { findServer } from '../../services/mcp/server-lookup'
import type { Store } from '../../store/store'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'
import { withChatStore } from './chat'

const USAGE =
  'agents list | agents create --name NAME --profile ID [--mcp SERVER,…] [--system-prompt TEXT] | agents edit ID [--name NAME] [--profile ID] [--mcp SERVER,…] [--system-prompt TEXT] | agents delete ID [--data-dir DIR] [--json]'

function option(context: CommandContext, name: string): string | undefined {
  const value = context.options[name]
  return typeof value === 'string' ? value : undefined
}

function agentLine(agent: AgentView): string {
  const profile = agent.profileId === null ? 'no profile' : `profile ${agent.profileName}`
  const servers = agent.servers.map((server) =>
    server.toolNames === null ? server.name : `${server.name} (${server.toolNames.join(', ')})`
  )
  return [
    agent.id,
    agent.name,
    profile,
    servers.length === 0 ? 'no MCP servers' : `MCP: ${servers.join(', ')}`,
    ...(agent.workspace === null ? [] : [`workspace ${agent.workspace}`])
  ].join('  ')
}

/** The profile of `--profile` (its id), refused in one line naming the agent and the fix. */
async function profileOf(store: Store, agentName: string, profile: string): Promise<string> {
  const found = (await store.profiles.list()).find((p) => p.id === profile)
  if (found) return found.id
  throw new UserError(
    'NOT_FOUND',
    `Agent "${agentName}": there is no profile ${profile}. Run "personal-agent chat --list-profiles" for their ids.`
  )
}

/** The form the flags give (`--mcp ''` clears the servers); `agentName` names the agent in refusals. */
async function formOf(
  context: CommandContext,
  store: Store,
  agentName: string
): Promise<Partial<AgentInput>> {
  const form: Partial<AgentInput> = {}
  const name = option(context, 'name')
  const profile = option(context, 'profile')
  const prompt = option(context, 'system-prompt')
  const mcp = option(context, 'mcp')
  if (name !== undefined) form.name = name
  if (profile !== undefined)
    form.profileId = profile === '' ? null : await profileOf(store, agentName, profile)
  if (prompt !== undefined) form.systemPrompt = prompt
  if (mcp !== undefined) {
    const servers = await store.mcp.list()
    const names = mcp
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
    form.servers = names.map((nameOrId) => {
      try {
        return { id: findServer(servers, nameOrId).id }
      } catch (error) {
        throw new UserError('NOT_FOUND', `Agent "${agentName}": ${(error as Error).message}`)
      }
    })
  }
  return form
}

function shown(agent: AgentView, what: string): CommandResult {
  return { json: agent, text: `${what} ${agent.name} (${agent.id}).` }
}

export const agentsCommand: CliCommand = {
  options: {
    name: { type: 'string' },
    profile: { type: 'string' },
    mcp: { type: 'string' },
    'system-prompt': { type: 'string' }
  },
  usage: USAGE,
  async run(context) {
    const [action, id, ...rest] = context.positionals
    const usage = (why: string): never => {
      throw new UserError('USAGE', `${why} Usage: personal-agent ${USAGE}`)
    }
    if (rest.length > 0) usage('Too many arguments.')
    if (action === 'list') {
      if (id !== undefined) usage('agents list takes no id.')
      return withChatStore(context.dataDir, async ({ agents }) => {
        const list = await agents.list()
        return {
          json: { agents: list },
          text: list.length === 0 ? 'There are no agents.' : list.map(agentLine).join('\n')
        }
      })
    }
    if (action === 'create') {
      if (id !== undefined) usage('agents create takes no id; give --name.')
      if (option(context, 'name') === undefined || option(context, 'profile') === undefined)
        usage('Give the agent a --name and a --profile.')
      return withChatStore(context.dataDir, async (store) =>
        shown(
          await store.agents.create((await formOf(context, store, option(context, 'name')!)) as AgentInput),
          'Created agent'
        )
      )
    }
    if (action === 'edit') {
      if (id === undefined) usage('Give the id of the agent to edit.')
      return withChatStore(context.dataDir, async (store) => {
        const form = await formOf(context, store, (await store.agents.get(id!)).name)
        if (Object.keys(form).length === 0)
          usage('Say what to change: --name, --profile, --mcp or --system-prompt.')
        return shown(await store.agents.update(id!, form), 'Saved agent')
      })
    }
    if (action === 'delete') {
      if (id === undefined) usage('Give the id of the agent to delete.')
      return withChatStore(context.dataDir, async ({ agents }) => {
        const agent = await agents.get(id!)
        await agents.delete(id!)
        return {
          json: { deleted: agent.id },
          text: `Deleted agent ${agent.name}; its ${agent.conversationCount} conversation(s) stay, without it.`
        }
      })
    }
    return usage(
      action === undefined
        ? 'Give agents list, create, edit or delete.'
        : `Unknown agents action "${action}".`
    )
  }
}
