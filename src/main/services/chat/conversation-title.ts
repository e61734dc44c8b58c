// Titles from the first exchange: a conversation made without a title of its own (and never renamed) gets one once
// its first reply ends, from a short request to the same profile, or the first words of the message when that
// request fails, is slow, or there is no finished reply to title from. Never throws: a title is never worth a turn.
import { shortRequest } from './short-request'
import type {
  ChatMessage,
  ChatProfileSource,
  ChatTranscriptStore,
  ConversationStore
} from '../../store/store'
import type { ConversationSummary } from '../../../shared/types'
import { endpointOf, languageModel } from './chat-provider'
import { forRequest } from './profile-key'

export interface TitleOptions {
  fetch?: typeof globalThis.fetch
  /** How long the title request may take before the first words stand in. */
  timeoutMs?: number
  signal?: AbortSignal
}

export const TITLE_TIMEOUT_MS = 15_000
const TITLE_MAX_CHARS = 60
/** How much of each side of the exchange the title request quotes. */
const QUOTE_CHARS = 2_000

const TITLE_INSTRUCTIONS =
  'You name conversations. Reply with a title of at most six words for the conversation below, in its language: no quotes, no final full stop, nothing else.'

/** A title cut to fit a list row: the first line, at most 60 characters. */
function fitted(text: string): string {
  const line = (text.trim().split('\n')[0] ?? '').trim()
  return line.length > TITLE_MAX_CHARS ? `${line.slice(0, TITLE_MAX_CHARS - 1)}…` : line
}

/** The first words of a message, as a title. */
export function firstWordsTitle(message: string): string {
  return fitted(message.replace(/\s+/g, ' '))
}

/** A model's answer as a title: one line, without quotes, a "Title:" label or a final full stop. */
function cleaned(answer: string): string {
  const line = (answer.trim().split('\n')[0] ?? '')
    .replace(/^\s*(title\s*:\s*)/i, '')
    .replace(/^["'“”‘’*#\s]+|["'“”‘’*\s]+$/g, '')
    .replace(/\.$/, '')
  return fitted(line)
}

/** The first user message and the reply that followed it. */
function firstExchange(history: readonly ChatMessage[]): { asked: string; reply: ChatMessage | null } | null {
  const first = history.findIndex((m) => m.role === 'user' && m.text.trim() !== '')
  if (first < 0) return null
  const reply = history.slice(first + 1).find((m) => m.role === 'assistant') ?? null
  return { asked: history[first]!.text, reply }
}

export class ConversationTitler {
  constructor(
    private readonly conversations: Pick<ConversationStore, 'get'> & ChatTranscriptStore,
    private readonly profiles: ChatProfileSource,
    private readonly options: TitleOptions = {}
  ) {}

  /**
   * Titles the conversation when it awaits a title: from the profile's answer when the first reply is complete,
   * else (or when that request fails) from the first words. Null when it awaits none or nothing could be stored.
   */
  async title(
    conversationId: string,
    profileId: string | null,
    options: TitleOptions = {}
  ): Promise<ConversationSummary | null> {
    try {
      if (!this.conversations.awaitsTitle(conversationId)) return null
      const exchange = firstExchange(this.conversations.transcript(conversationId))
      if (exchange === null) return null
      const reply = exchange.reply
      const asked =
        profileId !== null && reply?.status === 'complete' && reply.text.trim() !== ''
          ? await this.ask(profileId, exchange.asked, reply.text, { ...this.options, ...options })
          : null
      return this.conversations.setFirstExchangeTitle(
        conversationId,
        asked || firstWordsTitle(exchange.asked)
      )
    } catch {
      // The store closed meanwhile, or the conversation was deleted: there is nothing left to title.
      return null
    }
  }

  /** The profile's title for the exchange; null when the request fails or takes too long. */
  private async ask(
    profileId: string,
    asked: string,
    answered: string,
    options: TitleOptions
  ): Promise<string | null> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? TITLE_TIMEOUT_MS)
    const abortSignal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    try {
      const profile = await forRequest(this.profiles, this.profiles.chatSettings(profileId))
      const apiKey = await this.profiles.apiKey(profileId)
      const endpoint = endpointOf(profile)
      const { text } = await shortRequest({
        model: languageModel(endpoint, profile.model, apiKey, options.fetch ?? globalThis.fetch),
        instructions: TITLE_INSTRUCTIONS,
        messages: [
          {
            role: 'user',
            content: `User: ${asked.slice(0, QUOTE_CHARS)}\n\nAssistant: ${answered.slice(0, QUOTE_CHARS)}`
          }
        ],
        maxOutputTokens: 24,
        abortSignal
      })
      if (abortSignal.aborted) return null
      return cleaned(text) || null
    } catch {
      return null
    }
  }
}
