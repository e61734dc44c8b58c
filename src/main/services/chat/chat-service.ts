// A chat turn: stores the user's message, reads the profile and its key (keychain, main process only), streams the
// reply through the provider, writes it to the store as it arrives, and marks it complete, stopped or failed with
// the one-line error. Nothing already written is lost, whatever happens to the request or the process. Regenerate and
// Edit run the same turn as a new version of a reply or of the user's message, the old one kept as a branch. With
// MCP servers in the conversation's scope, their tools are offered; each call the model makes is stored as a message
// of its own, approved (tool-approval.ts), run, and its result sent back, until the model stops calling tools or
// the turn reaches its step limit.
import { randomUUID } from 'node:crypto'
import type { MessageView } from '../../../shared/types'
import { setImmediate } from 'node:timers/promises'
import { streamText, type LanguageModel, type ToolSet } from 'ai'
import type {
  ChatMessage,
  ChatProfileSource,
  ChatTranscriptStore,
  ConversationStore,
  ProfileChatSettings,
  ReplyEnd,
  ReplyToolCall,
  ReplyUsage,
  StoredSummary,
  ToolCallUpdate
} from '../../store/store'
import {
  buildRequest,
  conversationTurns,
  estimateTokens,
  readRequestHistory,
  type ChatRequest
} from './chat-request'
import {
  ChatError,
  classify,
  failureContext,
  headersOf,
  isContextLength,
  missingKey,
  noModel,
  providerText,
  statusOf,
  timedOut,
  type FailureContext
} from './chat-errors'
import { inputBudget, LearnedWindows, replyReserve } from './context-window'
import { eventStreamFetch } from './event-stream-fetch'
import { planSummary, SUMMARY_INSTRUCTIONS, writeSummary } from './older-summary'
import { cacheTokens, withPromptCache, type CacheTokens } from './prompt-cache'
import { endpointOf, languageModel, type Endpoint } from './chat-provider'
import { forRequest } from './profile-key'
import { KeysAhead } from './keys-ahead'
import { shortRequest } from './short-request'
import { ReplyWriter } from './reply-writer'
import { retryWaitMs, sleep } from './retry-wait'
import { StreamEmitter, type ChatStreamListener } from './stream-emitter'
import { allEnabledServers, serverScope, type ChatScope, type ChatScopeSource } from './chat-scope'
import {
  isReadOnly,
  offeredTools,
  runToolCall,
  toolSet,
  type McpToolRunner,
  type OfferedTool
} from './chat-tools'
import { isGranted, rememberDecision, type ToolApprover, type ToolDecision } from './tool-approval'
import { UserError } from '../../../shared/errors'
import { isPlainObject } from '../../base/record-codec'
import { toolCallView, type McpInputsNeededView } from '../../../shared/chat-types'

// The SDK would print its warnings (e.g. a setting a model ignores) to the console; they are not the user's concern.
;(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false

export interface ChatServiceOptions {
  /** The fetch requests go through (tests and the app may wrap it). */
  fetch?: typeof globalThis.fetch
  /** How often the reply's text is written while it streams (at most 1000). */
  flushMs?: number
  /** No byte from the endpoint for this long ends the request as a timeout. */
  idleTimeoutMs?: number
  /** Retries of a 429 or 5xx answer that came before any text. */
  maxRetries?: number
  /** The first retry's wait when the provider names none; doubled each time. */
  retryBaseMs?: number
  /** A Retry-After longer than this fails at once, naming the wait. */
  maxRetryWaitMs?: number
  /** The listener's coalescing interval. */
  emitIntervalMs?: number
  /**
   * Told when a turn reaches each stage on its way to the first token (for measuring the time the app adds), with
   * the time as `performance.timeOrigin + performance.now()`. Unset, nothing is timed.
   */
  onTiming?: (stage: ChatTimingStage, streamId: string, atMs: number) => void
  /** What a conversation's turn may use (agent, MCP servers); else every enabled server of `mcp`, no agent. */
  scope?: ChatScopeSource
  /** The MCP runtime that lists and calls tools; without it no tools are offered. */
  mcp?: McpToolRunner & { states(): Promise<{ id: string; enabled: boolean }[]> }
  /** Decides the calls no grant covers; without it every such call is denied. */
  approve?: ToolApprover
  /** Requests a turn may make (each answer that calls tools takes one more); default 10. */
  maxSteps?: number
}

/** A turn's default limit of requests (steps): each answer that calls tools is followed by one more. */
export const DEFAULT_MAX_STEPS = 10

/**
 * A turn's stages up to its first token: the send arrived, the request went out (built by the SDK), the endpoint's
 * response headers came back, the first token was parsed, and its first event was handed to the listener.
 */
export type ChatTimingStage = 'received' | 'request' | 'headers' | 'first-token' | 'first-event'

const clock = (): number => performance.timeOrigin + performance.now()

/** What every turn takes: a send, a regenerate, an edit. */
export interface ChatTurnInput {
  conversationId: string
  /** The profile to use; else the conversation's, else the default. */
  profileId?: string | null
  /** Stops the reply; what arrived is kept, marked 'stopped'. */
  signal?: AbortSignal
  onChunk?: ChatStreamListener
  /** The stream's id (else a new one). */
  streamId?: string
  /**
   * Told once the reply is stored empty (its request already out when the turn lists no tools, else about to go
   * out): nothing after it fails the send early.
   */
  onStarted?: (started: ChatStarted) => void
}

export interface ChatSendInput extends ChatTurnInput {
  text: string
}

/** A new version of a reply, in place of `messageId` (which stays, as another branch). */
export interface ChatRegenerateInput extends ChatTurnInput {
  messageId: string
}

/** `text` as a new version of the user's message `messageId` (which stays, as another branch), then its reply. */
export interface ChatEditInput extends ChatTurnInput {
  messageId: string
  text: string
}

export interface ChatStarted extends ContextUse {
  profile: ProfileChatSettings
  userMessage: ChatMessage
  reply: ChatMessage
}

export interface ChatTurn extends ContextUse {
  streamId: string
  conversationId: string
  profileId: string
  userMessage: ChatMessage
  /** The turn's last reply. */
  reply: ChatMessage
  /** Every message the turn stored after the user's, in order: the replies and the tool calls between them. */
  messages: ChatMessage[]
  /** The user stopped the turn while a tool call waited or ran (the last reply itself had ended). */
  stopped: boolean
  /** The scope's servers that offered no tools because they need `${input:…}` values not given yet. */
  inputsNeeded: McpInputsNeededView[]
}

/** What a request takes of the model's window, and which older messages it leaves out. */
export interface ContextUse {
  /** Older messages not sent: the window is full (neither sent nor summarised). */
  omittedMessages: number
  /** Older messages a summary was sent in place of. */
  summarisedMessages: number
}

export interface ContextGauge extends ContextUse {
  /** The estimated tokens of the next request (with the draft). */
  usedTokens: number
  /** The model's window. */
  windowTokens: number
}

/** The profile's endpoint and key, checked to be enough for a request. */
interface Connection {
  profile: ProfileChatSettings
  endpoint: Endpoint
  apiKey: string | null
}

/** A turn's scope (agent, tools) with its connection. */
interface ScopedConnection {
  scope: ChatScope
  connection: Connection
}

/** The user's message just stored, as the transcript reads it. */
function userChatMessage(stored: MessageView): ChatMessage {
  return {
    ...stored,
    status: null,
    model: null,
    profileId: null,
    finishReason: null,
    usage: null,
    error: null,
    tool: null
  }
}

/** A turn's profile as saved (its window, so the history can be read meanwhile), then its connection and key. */
interface Connecting {
  settings: Promise<ProfileChatSettings>
  ready: Promise<ScopedConnection>
}

/** How a stream ended on the provider's side. */
interface StreamEnd {
  finishReason: string
  toolCalls: ReplyToolCall[]
  inputTokens: number | undefined
  outputTokens: number | undefined
  cache: CacheTokens
}

/** What a request is sent with. */
interface RequestParts {
  model: LanguageModel
  endpoint: Endpoint
  profile: ProfileChatSettings
  request: ChatRequest
  signal: AbortSignal | undefined
  tools: ToolSet | undefined
}

/** What one request of a turn works with. */
interface TurnParts extends RequestParts {
  /** A smaller request after the provider refused this one as too long; null when nothing more can be left out. */
  shrink: (refused: unknown, request: ChatRequest) => ChatRequest | null
  writer: ReplyWriter
  emitter: StreamEmitter
  streamId: string
}

/** A request on its way: the SDK's stream, watched for silence. */
interface OpenRequest {
  result: ReturnType<typeof streamText>
  /** Aborted by a silence longer than the idle timeout. */
  idle: AbortSignal
  /** Something arrived: the silence starts again. */
  wake(): void
  /** Ends the watch (the stream was read to its end, or failed). */
  unwatch(): void
  /** Cancels a request that will not be read (the turn failed before reading it). */
  cancel(): void
}

/** A turn's first request, sent before its reply's row is stored (a turn with no tools to list). */
interface EarlyRequest {
  model: LanguageModel
  open: OpenRequest
}

class Stopped extends Error {}
class TimedOut extends Error {}

export class ChatService {
  private readonly options: Required<
    Omit<ChatServiceOptions, 'fetch' | 'onTiming' | 'scope' | 'mcp' | 'approve'>
  > & {
    fetch: typeof globalThis.fetch
  }
  private readonly scope: ChatScopeSource | null
  private readonly mcp: ChatServiceOptions['mcp']
  private readonly approve: ChatServiceOptions['approve']
  private readonly timing: ChatServiceOptions['onTiming']
  private readonly windows = new LearnedWindows()
  private readonly keys: KeysAhead

  /** Marks replies left streaming by a process that is gone as interrupted. */
  constructor(
    private readonly conversations: ConversationStore & ChatTranscriptStore,
    private readonly profiles: ChatProfileSource,
    options: ChatServiceOptions = {}
  ) {
    this.options = {
      fetch: options.fetch ?? globalThis.fetch,
      flushMs: options.flushMs ?? 500,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 1_000,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
      emitIntervalMs: options.emitIntervalMs ?? 33,
      maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS
    }
    this.timing = options.onTiming
    this.mcp = options.mcp
    this.approve = options.approve
    this.scope =
      options.scope ?? (options.mcp ? allEnabledServers({ list: () => options.mcp!.states() }) : null)
    this.keys = new KeysAhead(profiles)
    conversations.markInterruptedReplies()
  }

  /**
   * Starts reading the profile's key for the conversation's next turn (the window opened it, or asks about the next
   * request while the user writes), so its Send need not wait for the keychain. Used once, within 30 s.
   */
  readKeyAhead(profile: ProfileChatSettings): void {
    this.keys.readAhead(profile)
  }

  /** Forgets the keys read ahead: a profile or its key changed. */
  forgetKeys(): void {
    this.keys.forget()
  }

  /** The conversation's scope: its agent's, else every enabled server (none without an MCP runtime). */
  private async scopeOf(conversationId: string): Promise<ChatScope> {
    return this.scope ? this.scope(conversationId) : serverScope([])
  }

  /**
   * The profile a turn uses: the one asked for, else its agent's, else the conversation's (when it still exists),
   * else the default; with the agent's system prompt in place of the profile's when it has one.
   */
  async profileFor(conversationId: string, requested?: string | null): Promise<ProfileChatSettings> {
    return this.scopedProfile(conversationId, requested, await this.scopeOf(conversationId))
  }

  private async scopedProfile(
    conversationId: string,
    requested: string | null | undefined,
    scope: ChatScope
  ): Promise<ProfileChatSettings> {
    const profile = await this.ownProfile(conversationId, requested || scope.profileId)
    // An agent's empty prompt leaves the profile's.
    return scope.systemPrompt ? { ...profile, systemPrompt: scope.systemPrompt } : profile
  }

  private async ownProfile(
    conversationId: string,
    requested: string | null | undefined
  ): Promise<ProfileChatSettings> {
    if (requested) return this.profiles.chatSettings(requested)
    const own = this.conversations.get(conversationId).profileId
    if (own) {
      try {
        return this.profiles.chatSettings(own)
      } catch {
        // The conversation's profile was deleted: the default answers instead.
      }
    }
    const fallback = this.profiles.defaultId()
    if (fallback === null)
      throw new ChatError('config', 'There is no model profile to send with. Add one in Profiles.')
    return this.profiles.chatSettings(fallback)
  }

  /**
   * Sends `text` and streams the reply. Resolves when the reply is complete or stopped; rejects with a ChatError
   * (its `turn` says what was stored) when it fails. The user's message is stored before anything can fail.
   */
  async send(input: ChatSendInput): Promise<ChatTurn> {
    const streamId = input.streamId ?? randomUUID()
    this.timing?.('received', streamId, clock())
    const connecting = this.connecting(input)
    const stored = this.conversations.appendMessage(input.conversationId, {
      role: 'user',
      content: input.text
    })
    return this.answer({ ...input, streamId }, userChatMessage(stored), null, connecting)
  }

  /**
   * Streams a new reply to the message before `messageId`, with the history up to it; the old reply and what
   * followed it become another branch once the new reply starts (a failure before that leaves them shown).
   */
  async regenerate(input: ChatRegenerateInput): Promise<ChatTurn> {
    // Read newest first, back to the reply and the user's message before it.
    let replyRead = false
    let asked: ChatMessage | undefined
    this.conversations.recentTranscript(input.conversationId, (m) => {
      if (replyRead && m.role === 'user') asked = m
      else if (m.id === input.messageId && m.role === 'assistant') replyRead = true
      return asked !== undefined
    })
    if (!asked)
      throw new UserError(
        'INVALID_INPUT',
        `Message ${input.messageId} is not a reply to a message of yours in this conversation, so it cannot be regenerated. Refresh the conversation.`
      )
    return this.answer(input, asked, input.messageId, this.connecting(input))
  }

  /** Stores `text` as a new version of the user's message (the old one and its path become a branch) and replies. */
  async edit(input: ChatEditInput): Promise<ChatTurn> {
    const connecting = this.connecting(input)
    const stored = this.conversations.editMessage(input.conversationId, input.messageId, input.text)
    return this.answer(input, userChatMessage(stored), null, connecting)
  }

  /**
   * The turn's scope, profile and key: the key read ahead, else read from the keychain now (off the main thread)
   * while the caller stores the user's message and reads the history. What fails here is told only when `answer`
   * awaits it, after the message is stored.
   */
  private connecting(input: ChatTurnInput): Connecting {
    const scoped = this.scopeOf(input.conversationId).then(async (scope) => ({
      scope,
      profile: await this.scopedProfile(input.conversationId, input.profileId, scope)
    }))
    const ready = scoped.then(async ({ scope, profile }) => ({
      scope,
      connection: await this.connect(profile)
    }))
    const settings = scoped.then(({ profile }) => profile)
    for (const promise of [ready, settings]) promise.catch(() => undefined)
    return { settings, ready }
  }

  /**
   * Streams the reply to the user's message `userMessageId` (in place of the reply `replacing`, if given), with the
   * scope, profile and key `connecting` resolves to; while the model calls tools, runs them and streams its next
   * reply, each stored as a message of its own.
   */
  private async answer(
    input: ChatTurnInput,
    userMessage: ChatMessage,
    replacing: string | null,
    connecting: Connecting
  ): Promise<ChatTurn> {
    const conversationId = input.conversationId
    let reply: ChatMessage | null = null
    const streamId = input.streamId ?? randomUUID()
    let emitter: StreamEmitter | null = null
    let early: EarlyRequest | null = null
    try {
      const summaries = this.conversations.summaries(conversationId)
      // A regenerated reply is asked with the history before the reply it replaces. It is read while the key is.
      const readBudget = this.budgetOf(await connecting.settings)
      let history = readRequestHistory(this.conversations, conversationId, readBudget, {
        through: userMessage.id,
        replacing
      })
      const { scope, connection } = await connecting.ready
      const { profile } = connection
      const request = (): ChatRequest =>
        buildRequest(profile.systemPrompt, history, { budgetTokens: this.budgetOf(profile), summaries })
      let sent = request()
      if (!this.mcp || scope.mcpServerIds.length === 0) {
        // No tools to list: the request goes out first, and the reply's row and the window's answer take their turn
        // while the provider prepares its first token.
        const model = this.requestModel(connection, streamId)
        early = {
          model,
          open: this.openRequest({
            ...connection,
            model,
            request: sent,
            signal: input.signal,
            tools: undefined
          })
        }
        await setImmediate()
      }
      reply = this.conversations.startReply(
        conversationId,
        { model: profile.model, profileId: profile.id },
        replacing ?? undefined
      )
      input.onStarted?.({ profile, userMessage, reply, ...contextUse(sent) })
      // Listed once the reply has started (a server's first start may take a while), the same list for every step.
      const { tools, inputsNeeded } =
        this.mcp && scope.mcpServerIds.length > 0
          ? await offeredTools(this.mcp, scope)
          : { tools: [], inputsNeeded: [] }
      emitter = new StreamEmitter(
        { streamId, conversationId, messageId: reply.id },
        this.timing && input.onChunk
          ? timedFirst(input.onChunk, () => this.timing?.('first-event', streamId, clock()))
          : input.onChunk,
        this.options.emitIntervalMs
      )
      const shrink = (refused: unknown, before: ChatRequest): ChatRequest | null => {
        this.windows.refused(profile, providerText(refused, connection.apiKey), before.usedTokens)
        const smaller = request()
        return smaller.messages.length < before.messages.length || smaller.usedTokens < before.usedTokens
          ? smaller
          : null
      }
      const stored: ChatMessage[] = []
      for (let step = 1; ; step++) {
        const lastStep = step >= this.options.maxSteps
        const end = await this.stream(
          connection,
          sent,
          shrink,
          { ...input, streamId, replyId: reply.id },
          emitter,
          {
            tools,
            lastStep
          },
          early
        )
        early = null
        stored.push(end.reply)
        if (end.failure) {
          end.failure.turn = { conversationId, userMessage, reply: end.reply }
          throw end.failure
        }
        const done = (stopped: boolean): ChatTurn => ({
          streamId,
          conversationId,
          profileId: profile.id,
          userMessage,
          reply: end.reply,
          messages: stored,
          stopped,
          inputsNeeded,
          ...contextUse(end.request)
        })
        if (end.toolCalls.length === 0 || end.reply.status !== 'complete') return done(false)
        const calls = await this.runCalls(
          conversationId,
          end.toolCalls,
          tools,
          emitter,
          input.signal,
          lastStep
        )
        stored.push(...calls)
        if (input.signal?.aborted) return done(true)
        if (lastStep) return done(false)
        history = readRequestHistory(this.conversations, conversationId, readBudget, {
          through: userMessage.id
        })
        sent = request()
        reply = this.conversations.startReply(conversationId, { model: profile.model, profileId: profile.id })
      }
    } catch (error) {
      // A failure before the reply started (no model, no key): only the user's message is stored.
      if (error instanceof ChatError && error.turn === null)
        error.turn = { conversationId, userMessage, reply: null }
      throw error
    } finally {
      // A request sent early whose reply could not be stored is not read: it is cancelled.
      early?.open.cancel()
      emitter?.end()
    }
  }

  /**
   * Stores, approves and runs the calls of one reply in order, telling the stream each one's state. A stop cancels
   * the call that waits or runs and the ones after it; on the turn's last step none runs.
   */
  private async runCalls(
    conversationId: string,
    calls: readonly ReplyToolCall[],
    tools: readonly OfferedTool[],
    emitter: StreamEmitter,
    signal: AbortSignal | undefined,
    lastStep: boolean
  ): Promise<ChatMessage[]> {
    const stored: ChatMessage[] = []
    for (const call of calls) {
      const offered = tools.find((t) => t.modelName === call.modelName)
      let message = this.conversations.startToolCall(conversationId, {
        ...call,
        serverId: offered?.serverId ?? '',
        serverName: offered?.serverName ?? '',
        tool: offered?.tool.name ?? call.modelName
      })
      const update = (change: ToolCallUpdate, result?: string): void => {
        message = this.conversations.updateToolCall(message.id, change)
        emitter.tool({
          messageId: message.id,
          call: toolCallView(message.tool!),
          ...(result === undefined ? {} : { result })
        })
      }
      emitter.tool({ messageId: message.id, call: toolCallView(message.tool!) })
      if (!offered)
        update({
          status: 'error',
          error: `The model asked for a tool named "${call.modelName}", which this conversation does not offer.`
        })
      else if (lastStep)
        update({
          status: 'cancelled',
          error: `Not run: the reply reached its limit of ${this.options.maxSteps} steps.`
        })
      else if (signal?.aborted)
        update({ status: 'cancelled', error: 'The reply was stopped before the call ran.' })
      else {
        // While it waits for approval or runs, the call's message keeps a heartbeat (its writer is alive), so a
        // reader does not take a long wait for a dead process.
        const alive = new ReplyWriter(this.conversations, message.id, this.options.flushMs)
        try {
          await this.runCall(conversationId, message, offered, update, signal)
        } finally {
          alive.stop()
        }
      }
      stored.push(message)
    }
    return stored
  }

  /** One call: run at once when a grant covers it, else after the approver's decision. */
  private async runCall(
    conversationId: string,
    message: ChatMessage,
    offered: OfferedTool,
    update: (change: ToolCallUpdate, result?: string) => void,
    signal: AbortSignal | undefined
  ): Promise<void> {
    const call = message.tool!
    let args = call.arguments
    if (!isGranted(this.conversations, conversationId, call, isReadOnly(offered.tool))) {
      let decision: ToolDecision
      try {
        decision = this.approve
          ? await this.approve({ conversationId, messageId: message.id, call, signal })
          : { allow: false, reason: 'Nobody can approve tool calls here.' }
      } catch (error) {
        // The approver could not ask (no terminal): the call is not run, and the turn ends with the approver's line.
        update({ status: 'cancelled', error: error instanceof Error ? error.message : String(error) })
        throw error
      }
      if (signal?.aborted)
        return update({ status: 'cancelled', error: 'The reply was stopped before the call ran.' })
      if (!decision.allow) return update({ status: 'denied', error: decision.reason?.trim() || null })
      rememberDecision(this.conversations, conversationId, call, decision)
      args = decision.arguments ?? args
    }
    update({ status: 'running', arguments: args })
    const outcome = await runToolCall(this.mcp!, offered.serverId, offered.tool.name, args, signal)
    update(
      {
        status: outcome.status,
        result: outcome.result,
        error: outcome.error,
        durationMs: outcome.durationMs
      },
      outcome.result
    )
  }

  /** The profile's endpoint and key; fails in one line when the profile lacks what a request needs. */
  private async connect(saved: ProfileChatSettings): Promise<Connection> {
    const profile = await forRequest(this.profiles, saved)
    const endpoint = endpointOf(profile)
    if (profile.model.trim() === '') throw noModel(profile.name)
    const apiKey = await this.keys.take(profile)
    if (apiKey === null && endpoint.needsKey) throw missingKey(profile.name)
    return { profile, endpoint, apiKey }
  }

  /** The tokens a request of this profile may take: its model's window less the reply's room. */
  private budgetOf(profile: ProfileChatSettings): number {
    const window = this.windows.windowOf(profile)
    return inputBudget(window, replyReserve(profile, window))
  }

  /** What the next request of the conversation would take of the window, with a draft of `draftChars`. */
  async context(conversationId: string, profileId?: string | null, draftChars = 0): Promise<ContextGauge> {
    return this.contextOf(conversationId, await this.profileFor(conversationId, profileId), draftChars)
  }

  /** The gauge of the next request of the conversation through `profile` (as `profileFor` gave it). */
  contextOf(conversationId: string, profile: ProfileChatSettings, draftChars = 0): ContextGauge {
    const budgetTokens = this.budgetOf(profile)
    const request = buildRequest(
      profile.systemPrompt,
      readRequestHistory(this.conversations, conversationId, budgetTokens),
      {
        budgetTokens,
        summaries: this.conversations.summaries(conversationId),
        draftTokens: draftChars > 0 ? estimateTokens(draftChars) : 0
      }
    )
    return {
      usedTokens: request.neededTokens,
      windowTokens: this.windows.windowOf(profile),
      ...contextUse(request)
    }
  }

  /**
   * Summarises, through the profile, the older messages that no longer fit (all but the newest that fill half the
   * window) and stores the summary, which the next requests send in their place; the messages stay as they are.
   * Null when nothing needs summarising.
   */
  async summarise(conversationId: string, profileId?: string | null): Promise<StoredSummary | null> {
    const connection = await this.connect(await this.profileFor(conversationId, profileId))
    const { profile, endpoint, apiKey } = connection
    const turns = conversationTurns(this.conversations.transcript(conversationId))
    const budget = this.budgetOf(profile)
    const plan = planSummary(turns, this.conversations.summaries(conversationId), budget)
    const last = plan.cover[plan.cover.length - 1]
    if (!last) return null
    const context = failureContext(profile, endpoint, apiKey)
    const model = languageModel(endpoint, profile.model, apiKey, this.watchingFetch(context))
    const ask = async (messages: ChatRequest['messages']): Promise<string> => {
      let text: string
      try {
        ;({ text } = await shortRequest({
          model,
          instructions: SUMMARY_INSTRUCTIONS,
          messages,
          maxOutputTokens: replyReserve(profile, this.windows.windowOf(profile)),
          abortSignal: AbortSignal.timeout(this.options.idleTimeoutMs * 5)
        }))
      } catch (error) {
        throw classify(error, { ...context, partial: false })
      }
      if (text.trim() === '')
        throw new ChatError(
          'provider',
          `Profile "${profile.name}": ${endpoint.label} answered the summary request with no text. Try again, or summarise with another profile.`
        )
      return text
    }
    const text = await writeSummary(plan, budget, ask)
    return this.conversations.addSummary(conversationId, {
      text,
      throughMessageId: last.id,
      profileId: profile.id,
      model: profile.model
    })
  }

  /** One request of a turn, streamed into its reply; the reply is stored as it ended, with the tools it called. */
  private async stream(
    connection: Connection,
    request: ChatRequest,
    shrink: TurnParts['shrink'],
    input: ChatTurnInput & { streamId: string; replyId: string },
    emitter: StreamEmitter,
    offer: { tools: readonly OfferedTool[]; lastStep: boolean },
    early: EarlyRequest | null = null
  ): Promise<{
    reply: ChatMessage
    failure: ChatError | null
    request: ChatRequest
    toolCalls: ReplyToolCall[]
  }> {
    const { profile, endpoint, apiKey } = connection
    const streamId = input.streamId
    const writer = new ReplyWriter(this.conversations, input.replyId, this.options.flushMs)
    const context = failureContext(profile, endpoint, apiKey)
    const model = early?.model ?? this.requestModel(connection, streamId)
    let end: ReplyEnd
    let failure: ChatError | null = null
    const turn: TurnParts = {
      model,
      endpoint,
      profile,
      request,
      shrink,
      writer,
      emitter,
      signal: input.signal,
      streamId,
      tools: offer.tools.length > 0 ? toolSet(offer.tools) : undefined
    }
    let toolCalls: ReplyToolCall[] = []
    try {
      const result = await this.withRetries(turn, early?.open ?? null)
      request = turn.request
      toolCalls = result.toolCalls
      end = {
        status: 'complete',
        text: writer.current,
        // The step limit shows on the last reply when it still asked for tools.
        finishReason: offer.lastStep && toolCalls.length > 0 ? 'step-limit' : result.finishReason,
        usage: usage(result, request, writer.current),
        toolCalls
      }
    } catch (error) {
      const text = writer.current
      request = turn.request
      if (error instanceof Stopped) {
        end = { status: 'stopped', text, usage: usage(null, request, text) }
      } else {
        failure =
          error instanceof TimedOut
            ? timedOut(profile.name, endpoint.baseUrl, this.options.idleTimeoutMs, text !== '')
            : classify(error, { ...context, partial: text !== '' })
        end = { status: 'error', text, usage: usage(null, request, text), error: failure.message }
      }
    } finally {
      writer.stop()
    }
    // The reply as stored with how it ended; a failure goes back with it, so the caller need not read it again.
    return { reply: this.conversations.finishReply(input.replyId, end), failure, request, toolCalls }
  }

  /** Runs the request, retrying a 429 or 5xx that came before any text (honouring Retry-After). */
  private async withRetries(turn: TurnParts, early: OpenRequest | null): Promise<StreamEnd> {
    let sent = early
    for (let attempt = 0, shrunk = 0; ; attempt++) {
      try {
        return await this.attempt(turn, sent ?? this.openRequest(turn))
      } catch (error) {
        sent = null
        // Refused as too long for the model: sent again with fewer older messages (at most twice).
        if (turn.writer.current === '' && shrunk < 2 && isContextLength(error)) {
          const smaller = turn.shrink(error, turn.request)
          if (smaller) {
            turn.request = smaller
            shrunk++
            attempt--
            continue
          }
        }
        const status = statusOf(error)
        const retryable = turn.writer.current === '' && status !== null && (status === 429 || status >= 500)
        if (!retryable || attempt >= this.options.maxRetries) throw error
        const wait = retryWaitMs(headersOf(error), attempt, this.options.retryBaseMs)
        if (wait > this.options.maxRetryWaitMs)
          throw new ChatError(
            status === 429 ? 'rate-limit' : 'server',
            `Profile "${turn.profile.name}": ${turn.endpoint.label} asks to wait ${Math.ceil(wait / 1000)} s before the next request (HTTP ${status}). Try again then.`
          )
        await sleep(wait, turn.signal).catch(() => {
          throw new Stopped()
        })
      }
    }
  }

  /** The SDK's model for the profile, its requests through the fetch that refuses answers not streamed. */
  private requestModel(connection: Connection, streamId: string): LanguageModel {
    const { profile, endpoint, apiKey } = connection
    const context = failureContext(profile, endpoint, apiKey)
    return languageModel(endpoint, profile.model, apiKey, this.watchingFetch(context, streamId))
  }

  /** Sends one request; a silence longer than the idle timeout ends it. */
  private openRequest(parts: RequestParts): OpenRequest {
    const idle = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const wake = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => idle.abort(new TimedOut()), this.options.idleTimeoutMs)
    }
    wake()
    const { profile, request, signal } = parts
    const result = streamText({
      model: parts.model,
      ...withPromptCache(request, parts.endpoint.wire),
      ...(parts.tools ? { tools: parts.tools } : {}),
      temperature: profile.temperature ?? undefined,
      maxOutputTokens: profile.maxTokens ?? undefined,
      maxRetries: 0,
      abortSignal: signal ? AbortSignal.any([signal, idle.signal]) : idle.signal,
      // Errors arrive as stream parts; the SDK's default would print them to the console.
      onError: () => undefined
    })
    const unwatch = (): void => clearTimeout(timer)
    const cancel = (): void => {
      unwatch()
      idle.abort(new Stopped())
    }
    return { result, idle: idle.signal, wake, unwatch, cancel }
  }

  /** Reads one request's stream: its text into the writer and the emitter, its tool calls, how it ended. */
  private async attempt(turn: TurnParts, open: OpenRequest): Promise<StreamEnd> {
    const { writer, emitter, signal } = turn
    const { result, idle, wake } = open
    let end: StreamEnd | null = null
    const toolCalls: ReplyToolCall[] = []
    try {
      for await (const part of result.stream) {
        wake()
        if (part.type === 'text-delta') {
          if (writer.current === '') this.timing?.('first-token', turn.streamId, clock())
          writer.append(part.text)
          emitter.push(part.text)
        } else if (part.type === 'tool-call') {
          toolCalls.push({
            callId: part.toolCallId,
            modelName: part.toolName,
            arguments: callArguments(part.input)
          })
        } else if (part.type === 'error') {
          throw part.error
        } else if (part.type === 'finish') {
          end = {
            finishReason: part.finishReason,
            toolCalls,
            inputTokens: part.totalUsage.inputTokens,
            outputTokens: part.totalUsage.outputTokens,
            cache: cacheTokens(part.totalUsage)
          }
        }
      }
    } catch (error) {
      if (idle.aborted) throw new TimedOut()
      if (signal?.aborted) throw new Stopped()
      throw error
    } finally {
      open.unwatch()
    }
    if (idle.aborted) throw new TimedOut()
    if (signal?.aborted) throw new Stopped()
    // A stream that ends without the provider's finish event was cut off.
    if (!end || end.finishReason === 'interrupted' || end.finishReason === 'error')
      throw Object.assign(new Error('the stream ended before the reply finished'), { code: 'ECONNRESET' })
    return end
  }

  /** Fetch that refuses a successful answer that is not an event stream (a web page, or a reply not streamed). */
  private watchingFetch(context: FailureContext, streamId?: string): typeof globalThis.fetch {
    const inner = this.options.fetch
    const timing = this.timing
    if (!timing || streamId === undefined) return eventStreamFetch(inner, context)
    return eventStreamFetch(async (url, init) => {
      timing('request', streamId, clock())
      const response = await inner(url, init)
      timing('headers', streamId, clock())
      return response
    }, context)
  }
}

/** A call's arguments as an object (a model that sent something else gets it under `input`). */
function callArguments(input: unknown): Record<string, unknown> {
  return isPlainObject(input) ? input : { input }
}

function contextUse(request: ChatRequest): ContextUse {
  return { omittedMessages: request.omitted, summarisedMessages: request.summarised }
}

/** The listener, telling `first` once, before the first event goes out. */
function timedFirst(listener: ChatStreamListener, first: () => void): ChatStreamListener {
  let told = false
  return (event) => {
    if (!told) {
      told = true
      first()
    }
    listener(event)
  }
}

/** The provider's counts when it gave them; else estimates from the text sent and received. */
function usage(end: StreamEnd | null, request: ChatRequest, text: string): ReplyUsage {
  const input = end?.inputTokens
  const output = end?.outputTokens
  return {
    inputTokens: input ?? estimateTokens(request.chars),
    outputTokens: output ?? estimateTokens(text.length),
    estimated: input === undefined || output === undefined,
    ...(end?.cache ?? { cachedInputTokens: null, cacheWriteTokens: null })
  }
}
