// `personal-agent chat MESSAGE`: sends one message in a new or existing conversation and streams the reply to
// stdout, both stored as they go; `personal-agent chat --list-profiles` lists the profiles a turn can use,
// `--test-profile ID` tests one's connection and `--list-models ID` lists the models its endpoint offers.
import { UserError } from '../../../shared/errors'
import { dataPaths } from '../../base/data-paths'
import { detectState } from '../../migration/detect-state'
import { migrate } from '../../migration/engine'
import { auditedSecrets } from '../../history/recorded'
import { ChatError } from '../../services/chat/chat-errors'
import { ChatService } from '../../services/chat/chat-service'
import { ConnectionCheck } from '../../services/chat/connection-check'
import { ConversationTitler } from '../../services/chat/conversation-title'
import { agentScopeSource } from '../../services/agent-service'
import { chooseBackend, launchedBackend } from '../../store/backend-choice'
import { openBackend } from '../../store/open-backend'
import type { Store } from '../../store/store'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'
import { McpSupervisor } from '../../services/mcp/server-supervisor'
import { approveToolsOption, cliApprover, toolLine } from './chat-tool-approval'

/** Why chat cannot run on the folder now, with the command that fixes it; null when it can. */
function chatRefusal(dataDir: string): string | null {
  const { state } = detectState(dataDir)
  if (state === 'legacy' || state === 'interrupted')
    return `${dataDir} holds legacy files that are not migrated yet. Run "personal-agent migrate" first, then chat.`
  if (state === 'newer-schema')
    return `${dataPaths(dataDir).db} was written by a newer version of Personal Agent. Update the app to chat.`
  if (state === 'rolled-back' || launchedBackend(state, chooseBackend(dataDir)) === 'json')
    return `${dataDir} runs on the json storage backend (the legacy files), and chat needs the SQLite store. Run "personal-agent migrate" (or choose SQLite or Hybrid in Settings → Storage), then chat.`
  return null
}

/**
 * Opens the folder's store for chat (an empty folder gets an empty one) on its backend, runs `use`, then closes it;
 * closing writes the hybrid backend's legacy mirror, as after any other change.
 */
export async function withChatStore<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const why = chatRefusal(dataDir)
  if (why !== null) throw new UserError('WRONG_STATE', why)
  const secrets = auditedSecrets(dataDir)
  if (detectState(dataDir).state === 'fresh') await migrate(dataDir, { secrets })
  const backend = launchedBackend(detectState(dataDir).state, chooseBackend(dataDir))
  const store = await openBackend({ dataDir, backend, secrets })
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

function option(context: CommandContext, name: string): string | null {
  const value = context.options[name]
  return typeof value === 'string' ? value : null
}

async function listProfiles(context: CommandContext): Promise<CommandResult> {
  return withChatStore(context.dataDir, async ({ profiles }) => {
    const list = await profiles.list()
    const lines = list.map(
      (p) =>
        `${p.isDefault ? '*' : ' '} ${p.id}  ${p.name} (${p.provider || 'no provider'}, ${p.model || 'no model'})${p.maskedApiKey ? '' : ', no key'}`
    )
    return { json: { profiles: list }, text: lines.length > 0 ? lines.join('\n') : 'There are no profiles.' }
  })
}

/** "Test connection": the one line on stdout when the model answered; else the failure's line, exit 1. */
async function testProfile(context: CommandContext, id: string): Promise<CommandResult> {
  return withChatStore(context.dataDir, async ({ profiles }) => {
    const answer = await new ConnectionCheck(profiles).testConnection(id)
    if (!answer.ok) throw new UserError('INVALID_INPUT', answer.line)
    return { json: answer, text: answer.line }
  })
}

/** "Fetch models": one id a line; an endpoint that lists none fails with the line saying why, exit 1. */
async function listModels(context: CommandContext, id: string): Promise<CommandResult> {
  return withChatStore(context.dataDir, async ({ profiles }) => {
    const answer = await new ConnectionCheck(profiles).fetchModels({ id })
    if (!answer.ok) throw new UserError('INVALID_INPUT', answer.line)
    return { json: answer, text: answer.models.join('\n') }
  })
}

/**
 * The agent of `--agent` (refused when unknown), checked against an existing conversation: one of another agent (or
 * of none) is refused in one line.
 */
async function agentFor(
  store: Store,
  agent: string | null,
  conversation: string | null
): Promise<string | null> {
  if (agent === null) return null
  const { id, name } = await store.agents.get(agent)
  if (conversation === null) return id
  const current = store.conversations.get(conversation)
  if (current.agentId !== id)
    throw new UserError(
      'INVALID_INPUT',
      `Conversation ${conversation} ${current.agentName ? `belongs to agent "${current.agentName}"` : 'has no agent'}, not "${name}": leave out --agent to continue it, or use --agent ${id} --new.`
    )
  return id
}

/** The CLI waits this long for a new conversation's title before the first words stand in. */
const CLI_TITLE_TIMEOUT_MS = 5_000

export const chatCommand: CliCommand = {
  options: {
    profile: { type: 'string' },
    conversation: { type: 'string' },
    new: { type: 'boolean' },
    agent: { type: 'string' },
    'list-profiles': { type: 'boolean' },
    'test-profile': { type: 'string' },
    'list-models': { type: 'string' },
    'approve-tools': { type: 'string' }
  },
  usage:
    'chat [--profile ID] [--agent ID] [--conversation ID | --new] [--approve-tools ask|all|none] [--data-dir DIR] [--json] MESSAGE | chat --list-profiles | chat --test-profile ID | chat --list-models ID',
  async run(context) {
    if (context.options['list-profiles'] === true) return listProfiles(context)
    const tested = option(context, 'test-profile')
    if (tested !== null) return testProfile(context, tested)
    const listed = option(context, 'list-models')
    if (listed !== null) return listModels(context, listed)
    const message = context.positionals.join(' ')
    if (message.trim() === '')
      throw new UserError('USAGE', `Give the message to send. Usage: personal-agent ${this.usage}`)
    const existing = option(context, 'conversation')
    if (existing !== null && context.options.new === true)
      throw new UserError('USAGE', 'Give either --conversation ID or --new, not both.')
    const approveTools = approveToolsOption(option(context, 'approve-tools'))
    return withChatStore(context.dataDir, async (store) => {
      const { conversations, profiles } = store
      // The conversation's tools (its agent's servers, else the enabled ones) are offered; the start ends any server
      // a killed run left behind. The agent gives the turn its system prompt and profile.
      const mcp = await McpSupervisor.start(context.dataDir, store.mcp)
      const chat = new ChatService(conversations, profiles, {
        mcp,
        approve: cliApprover(approveTools),
        scope: agentScopeSource(() => store)
      })
      const titler = new ConversationTitler(conversations, profiles, { timeoutMs: CLI_TITLE_TIMEOUT_MS })
      const requested = option(context, 'profile')
      // Refuses an unknown profile before a new conversation is made for it.
      if (requested !== null) profiles.chatSettings(requested)
      const agentId = await agentFor(store, option(context, 'agent'), existing)
      const conversationId = existing ?? conversations.create({ title: '', profileId: requested, agentId }).id
      const stop = new AbortController()
      const onSigint = (): void => stop.abort()
      process.once('SIGINT', onSigint)
      let printed = false
      try {
        const turn = await chat.send({
          conversationId,
          text: message,
          profileId: requested,
          signal: stop.signal,
          onChunk: (event) => {
            const line = toolLine(event)
            if (line !== null) process.stderr.write(`${printed ? '\n' : ''}${line}\n`)
            if (context.json) return
            if (event.delta !== '') printed = true
            process.stdout.write(event.delta)
          }
        })
        if (printed) process.stdout.write('\n')
        const titled = await titler.title(conversationId, turn.profileId, { signal: stop.signal })
        const stopped = turn.reply.status === 'stopped' || turn.stopped
        if (stopped) process.stderr.write('personal-agent: stopped; the partial reply is saved.\n')
        return {
          json: {
            conversationId,
            title: titled?.title ?? conversations.get(conversationId).title,
            profileId: turn.profileId,
            streamId: turn.streamId,
            messages: [turn.userMessage, ...turn.messages]
          },
          text: '',
          exitCode: stopped ? 130 : 0
        }
      } catch (error) {
        if (printed) process.stdout.write('\n')
        const reply = error instanceof ChatError ? error.turn?.reply : null
        await titler.title(conversationId, reply?.profileId ?? null, { signal: stop.signal })
        throw error
      } finally {
        process.removeListener('SIGINT', onSigint)
        await mcp.close()
      }
    })
  }
}
