// Builds a chat request from the stored conversation: the profile's system prompt (and any system messages the
// history holds) as instructions, then the user and assistant turns oldest first — as many of the newest as the
// model's window takes, after the summary of older ones when there is one (context-fit.ts); and estimates tokens.
import type { ModelMessage } from 'ai'
import type { ChatMessage, StoredSummary } from '../../store/store'
import { estimateTokens, fitContext, summaryMessageText, type ContextFit } from './context-fit'

export { estimateTokens } from './context-fit'

export interface ChatRequest {
  instructions: string | undefined
  messages: ModelMessage[]
  /** Characters sent, for the usage estimate when the provider gives none. */
  chars: number
  /** Older messages left out because the window is full (neither sent nor summarised). */
  omitted: number
  /** Older messages a summary was sent in place of. */
  summarised: number
  /** The estimated tokens of the request. */
  usedTokens: number
  /** What the request would take with no message left out (after the summary, when one is sent). */
  neededTokens: number
}

/** How much the model takes, and the summaries that may stand in for older messages. */
export interface RequestWindow {
  budgetTokens: number
  summaries: readonly StoredSummary[]
  /** Tokens of a draft not stored yet, counted as sent after the history (the gauge). */
  draftTokens?: number
}

/** The instructions: the system prompt, then any system messages of a migrated history. */
export function instructionsOf(
  systemPrompt: string | null,
  history: readonly ChatMessage[]
): string | undefined {
  const system = [systemPrompt ?? '', ...history.filter((m) => m.role === 'system').map((m) => m.text)]
    .map((text) => text.trim())
    .filter((text) => text !== '')
  return system.length > 0 ? system.join('\n\n') : undefined
}

/** The user and assistant messages that have text, oldest first. */
export function conversationTurns(history: readonly ChatMessage[]): ChatMessage[] {
  return history.filter((m) => (m.role === 'user' || m.role === 'assistant') && m.text.trim() !== '')
}

/** What fits of the history in the window (everything when no window is given). */
export function fitHistory(
  instructions: string | undefined,
  history: readonly ChatMessage[],
  window: RequestWindow | undefined
): ContextFit<ChatMessage> {
  return fitContext({
    instructionTokens: estimateTokens(instructions?.length ?? 0),
    messages: conversationTurns(history),
    summaries: window?.summaries ?? [],
    budgetTokens: window?.budgetTokens ?? Number.POSITIVE_INFINITY,
    extraTokens: window?.draftTokens
  })
}

export function buildRequest(
  systemPrompt: string | null,
  history: readonly ChatMessage[],
  window?: RequestWindow
): ChatRequest {
  const instructions = instructionsOf(systemPrompt, history)
  const fit = fitHistory(instructions, history, window)
  const messages: ModelMessage[] = []
  if (fit.summary) messages.push({ role: 'user', content: summaryMessageText(fit.summary) })
  for (const message of fit.messages)
    messages.push({ role: message.role === 'user' ? 'user' : 'assistant', content: message.text })
  const chars = (instructions?.length ?? 0) + messages.reduce((n, m) => n + String(m.content).length, 0)
  return {
    instructions,
    messages,
    chars,
    omitted: fit.omitted,
    summarised: fit.summarised,
    usedTokens: fit.usedTokens,
    neededTokens: fit.neededTokens
  }
}
