// Builds a chat request from the stored conversation: the profile's system prompt (and any system messages the
// history holds) as instructions, then the user and assistant turns oldest first; and estimates tokens from text.
import type { ModelMessage } from 'ai'
import type { ChatMessage } from '../../store/store'

export interface ChatRequest {
  instructions: string | undefined
  messages: ModelMessage[]
  /** Characters sent, for the usage estimate when the provider gives none. */
  chars: number
}

export function buildRequest(systemPrompt: string | null, history: readonly ChatMessage[]): ChatRequest {
  const system = [systemPrompt ?? '', ...history.filter((m) => m.role === 'system').map((m) => m.text)]
    .map((text) => text.trim())
    .filter((text) => text !== '')
  const messages: ModelMessage[] = []
  for (const message of history) {
    if (message.text.trim() === '') continue
    if (message.role === 'user') messages.push({ role: 'user', content: message.text })
    else if (message.role === 'assistant') messages.push({ role: 'assistant', content: message.text })
  }
  const instructions = system.length > 0 ? system.join('\n\n') : undefined
  const chars = (instructions?.length ?? 0) + messages.reduce((n, m) => n + String(m.content).length, 0)
  return { instructions, messages, chars }
}

/** About four characters a token, the usual rule for English text. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4)
}
