// A chat turn: stores the user's message, reads the profile and its key (keychain, main process only), streams the
// reply through the provider, writes it to the store as it arrives, and marks it complete, stopped or failed with
// the one-line error. Nothing already written is lost, whatever happens to the request or the process.
import { randomUUID } from 'node:crypto'
import { streamText, type LanguageModel } from 'ai'
import type {
  ChatMessage,
  ChatProfileSource,
  ChatTranscriptStore,
  ConversationStore,
  ProfileChatSettings,
  ProfileStore,
  ReplyEnd,
  ReplyUsage
} from '../../store/store'
import { buildRequest, estimateTokens, type ChatRequest } from './chat-request'
import { ChatError, classify, headersOf, statusOf, type FailureContext } from './chat-errors'
import { endpointOf, languageModel, type Endpoint } from './chat-provider'
import { ReplyWriter } from './reply-writer'
import { retryWaitMs, sleep } from './retry-wait'
import { StreamEmitter, type ChatStreamListener } from './stream-emitter'

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
}

/**
 * A turn's stages up to its first token: the send arrived, the request went out (built by the SDK), the endpoint's
 * response headers came back, the first token was parsed, and its first event was handed to the listener.
 */
export type ChatTimingStage = 'received' | 'request' | 'headers' | 'first-token' | 'first-event'

const clock = (): number => performance.timeOrigin + performance.now()

export interface ChatSendInput {
  conversationId: string
  text: string
  /** The profile to use; else the conversation's, else the default. */
  profileId?: string | null
  /** Stops the reply; what arrived is kept, marked 'stopped'. */
  signal?: AbortSignal
  onChunk?: ChatStreamListener
  /** The stream's id (else a new one). */
  streamId?: string
  /** Told once the reply is stored empty and its request is about to go out: nothing after it fails the send early. */
  onStarted?: (started: ChatStarted) => void
}

export interface ChatStarted {
  profile: ProfileChatSettings
  userMessage: ChatMessage
  reply: ChatMessage
}

export interface ChatTurn {
  streamId: string
  conversationId: string
  profileId: string
  userMessage: ChatMessage
  reply: ChatMessage
}

/** How a stream ended on the provider's side. */
interface StreamEnd {
  finishReason: string
  inputTokens: number | undefined
  outputTokens: number | undefined
}

/** What one request of a turn works with. */
interface TurnParts {
  model: LanguageModel
  endpoint: Endpoint
  profile: ProfileChatSettings
  request: ChatRequest
  writer: ReplyWriter
  emitter: StreamEmitter
  signal: AbortSignal | undefined
  streamId: string
}

class Stopped extends Error {}
class TimedOut extends Error {}

export class ChatService {
  private readonly options: Required<Omit<ChatServiceOptions, 'fetch' | 'onTiming'>> & {
    fetch: typeof globalThis.fetch
  }
  private readonly timing: ChatServiceOptions['onTiming']

  /** Marks replies left streaming by a process that is gone as interrupted. */
  constructor(
    private readonly conversations: ConversationStore & ChatTranscriptStore,
    private readonly profiles: Pick<ProfileStore, 'getDefault'> & ChatProfileSource,
    options: ChatServiceOptions = {}
  ) {
    this.options = {
      fetch: options.fetch ?? globalThis.fetch,
      flushMs: options.flushMs ?? 500,
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseMs: options.retryBaseMs ?? 1_000,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
      emitIntervalMs: options.emitIntervalMs ?? 33
    }
    this.timing = options.onTiming
    conversations.markInterruptedReplies()
  }

  /** The profile a turn uses: the one asked for, else the conversation's (when it still exists), else the default. */
  async profileFor(conversationId: string, requested?: string | null): Promise<ProfileChatSettings> {
    if (requested) return this.profiles.chatSettings(requested)
    const own = this.conversations.get(conversationId).profileId
    if (own) {
      try {
        return this.profiles.chatSettings(own)
      } catch {
        // The conversation's profile was deleted: the default answers instead.
      }
    }
    const fallback = await this.profiles.getDefault()
    if (!fallback)
      throw new ChatError('config', 'There is no model profile to send with. Add one in Profiles.')
    return this.profiles.chatSettings(fallback.id)
  }

  /**
   * Sends `text` and streams the reply. Resolves when the reply is complete or stopped; rejects with a ChatError
   * (its `turn` says what was stored) when it fails. The user's message is stored before anything can fail.
   */
  async send(input: ChatSendInput): Promise<ChatTurn> {
    const conversationId = input.conversationId
    const streamId = input.streamId ?? randomUUID()
    this.timing?.('received', streamId, clock())
    const stored = this.conversations.appendMessage(conversationId, { role: 'user', content: input.text })
    const history = this.conversations.transcript(conversationId)
    const userMessage = history.find((m) => m.id === stored.id)!
    let reply: ChatMessage | null = null
    try {
      const profile = await this.profileFor(conversationId, input.profileId)
      const endpoint = endpointOf(profile)
      if (profile.model.trim() === '')
        throw new ChatError('config', `Profile "${profile.name}" names no model. Choose one in Profiles.`)
      const apiKey = await this.profiles.apiKey(profile.id)
      if (apiKey === null && endpoint.needsKey)
        throw new ChatError(
          'missing-key',
          `Profile "${profile.name}" has no API key in the keychain. Re-enter the key in Profiles.`
        )
      reply = this.conversations.startReply(conversationId, { model: profile.model, profileId: profile.id })
      input.onStarted?.({ profile, userMessage, reply })
      const end = await this.stream(profile, endpoint, apiKey, buildRequest(profile.systemPrompt, history), {
        ...input,
        streamId,
        replyId: reply.id
      })
      if (end.failure) {
        end.failure.turn = { conversationId, userMessage, reply: end.reply }
        throw end.failure
      }
      return { streamId: end.streamId, conversationId, profileId: profile.id, userMessage, reply: end.reply }
    } catch (error) {
      // A failure before the reply started (no model, no key): only the user's message is stored.
      if (error instanceof ChatError && error.turn === null)
        error.turn = { conversationId, userMessage, reply: null }
      throw error
    }
  }

  private async stream(
    profile: ProfileChatSettings,
    endpoint: Endpoint,
    apiKey: string | null,
    request: ChatRequest,
    input: ChatSendInput & { replyId: string }
  ): Promise<{ streamId: string; reply: ChatMessage; failure: ChatError | null }> {
    const streamId = input.streamId ?? randomUUID()
    const writer = new ReplyWriter(this.conversations, input.replyId, this.options.flushMs)
    const emitter = new StreamEmitter(
      { streamId, conversationId: input.conversationId, messageId: input.replyId },
      this.timing && input.onChunk
        ? timedFirst(input.onChunk, () => this.timing?.('first-event', streamId, clock()))
        : input.onChunk,
      this.options.emitIntervalMs
    )
    const context: FailureContext = {
      profileName: profile.name,
      provider: endpoint.label,
      model: profile.model,
      baseUrl: endpoint.baseUrl,
      apiKey,
      partial: false
    }
    const model = languageModel(endpoint, profile.model, apiKey, this.watchingFetch(context, streamId))
    let end: ReplyEnd
    let failure: ChatError | null = null
    try {
      const result = await this.withRetries({
        model,
        endpoint,
        profile,
        request,
        writer,
        emitter,
        signal: input.signal,
        streamId
      })
      end = {
        status: 'complete',
        text: writer.current,
        finishReason: result.finishReason,
        usage: usage(result, request, writer.current)
      }
    } catch (error) {
      const text = writer.current
      if (error instanceof Stopped) {
        end = { status: 'stopped', text, usage: usage(null, request, text) }
      } else {
        failure =
          error instanceof TimedOut
            ? new ChatError(
                'timeout',
                `Profile "${profile.name}": no answer from ${new URL(endpoint.baseUrl).host} for ${this.options.idleTimeoutMs / 1000} s.${text ? ' What had arrived is kept.' : ''} Try again, or check that the server is running.`
              )
            : classify(error, { ...context, partial: text !== '' })
        end = { status: 'error', text, usage: usage(null, request, text), error: failure.message }
      }
    } finally {
      writer.stop()
      emitter.end()
    }
    // The reply as stored with how it ended; a failure goes back with it, so the caller need not read it again.
    return { streamId, reply: this.conversations.finishReply(input.replyId, end), failure }
  }

  /** Runs the request, retrying a 429 or 5xx that came before any text (honouring Retry-After). */
  private async withRetries(turn: TurnParts): Promise<StreamEnd> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(turn)
      } catch (error) {
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

  /** One request: streams text into the writer and the emitter; a silence longer than the idle timeout ends it. */
  private async attempt(turn: TurnParts): Promise<StreamEnd> {
    const idle = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const wake = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => idle.abort(new TimedOut()), this.options.idleTimeoutMs)
    }
    wake()
    const { profile, request, writer, emitter, signal } = turn
    const abortSignal = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal
    let end: StreamEnd | null = null
    try {
      const result = streamText({
        model: turn.model,
        instructions: request.instructions,
        messages: request.messages,
        temperature: profile.temperature ?? undefined,
        maxOutputTokens: profile.maxTokens ?? undefined,
        maxRetries: 0,
        abortSignal,
        // Errors arrive as stream parts; the SDK's default would print them to the console.
        onError: () => undefined
      })
      for await (const part of result.stream) {
        wake()
        if (part.type === 'text-delta') {
          if (writer.current === '') this.timing?.('first-token', turn.streamId, clock())
          writer.append(part.text)
          emitter.push(part.text)
        } else if (part.type === 'error') {
          throw part.error
        } else if (part.type === 'finish') {
          end = {
            finishReason: part.finishReason,
            inputTokens: part.totalUsage.inputTokens,
            outputTokens: part.totalUsage.outputTokens
          }
        }
      }
    } catch (error) {
      if (idle.signal.aborted) throw new TimedOut()
      if (signal?.aborted) throw new Stopped()
      throw error
    } finally {
      clearTimeout(timer)
    }
    if (idle.signal.aborted) throw new TimedOut()
    if (signal?.aborted) throw new Stopped()
    // A stream that ends without the provider's finish event was cut off.
    if (!end || end.finishReason === 'interrupted' || end.finishReason === 'error')
      throw Object.assign(new Error('the stream ended before the reply finished'), { code: 'ECONNRESET' })
    return end
  }

  /** Fetch that refuses a successful answer that is not an event stream (a web page, or a reply not streamed). */
  private watchingFetch(context: FailureContext, streamId: string): typeof globalThis.fetch {
    const inner = this.options.fetch
    return async (url, init) => {
      this.timing?.('request', streamId, clock())
      const response = await inner(url, init)
      this.timing?.('headers', streamId, clock())
      const type = response.headers.get('content-type') ?? ''
      if (response.ok && !type.includes('text/event-stream')) {
        await response.body?.cancel()
        throw new ChatError(
          'protocol',
          `Profile "${context.profileName}": ${context.baseUrl} answered with ${type.split(';')[0] || 'no content type'} instead of an event stream. Check the provider and the base URL in Profiles (it should be the API's address, such as …/v1).`
        )
      }
      return response
    }
  }
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
    estimated: input === undefined || output === undefined
  }
}
