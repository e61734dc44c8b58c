// Prompt caching: the start of every request stays the same from turn to turn (the system prompt as it is stored,
// then the history oldest first), so providers can serve it from their prompt cache. For Anthropic, cache
// breakpoints go on the system prompt and on the last message of the previous turn (2 of the 4 it allows); OpenAI
// and OpenAI-compatible servers cache a repeated prefix on their own. The cached counts they report come back here.
import type { LanguageModelUsage, ModelMessage, SystemModelMessage } from 'ai'
import type { ChatRequest } from './chat-request'
import type { WireFormat } from './chat-provider'

const BREAKPOINT = { anthropic: { cacheControl: { type: 'ephemeral' } } } as const

export interface CachedPrompt {
  instructions: SystemModelMessage | undefined
  messages: ModelMessage[]
}

/** The cached input tokens a reply's usage reports: read from the cache, and written to it (Anthropic). */
export interface CacheTokens {
  cachedInputTokens: number | null
  cacheWriteTokens: number | null
}

/** The request's instructions and messages, with cache breakpoints on the stable prefix where the provider takes them. */
export function withPromptCache(request: ChatRequest, wire: WireFormat): CachedPrompt {
  const system: SystemModelMessage | undefined =
    request.instructions === undefined ? undefined : { role: 'system', content: request.instructions }
  if (wire !== 'anthropic') return { instructions: system, messages: request.messages }
  const messages = [...request.messages]
  // The message before the newest user message ended the previous turn: everything up to it repeats next time.
  const previous = messages.length - 2
  const last = messages[previous]
  if (last !== undefined && last.role !== 'system')
    messages[previous] = { ...last, providerOptions: BREAKPOINT }
  return { instructions: system && { ...system, providerOptions: BREAKPOINT }, messages }
}

/** What the provider said of its prompt cache (null where it said nothing). */
export function cacheTokens(usage: LanguageModelUsage): CacheTokens {
  return {
    cachedInputTokens: usage.inputTokenDetails.cacheReadTokens ?? null,
    cacheWriteTokens: usage.inputTokenDetails.cacheWriteTokens ?? null
  }
}
