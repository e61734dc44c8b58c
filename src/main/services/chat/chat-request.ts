// Builds a chat request from the stored conversation: the profile's system prompt (and any system messages the
// history holds) as instructions, then the user and assistant turns oldest first — as many of the newest as the
// model's window takes, after the summary of older ones when there is one (context-fit.ts); and estimates tokens.
import type { ModelMessage, ToolCallPart, ToolResultPart } from 'ai'
import type { ChatMessage, StoredSummary, StoredToolCall } from '../../store/store'
import { capForModel } from './tool-result-cap'
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

/**
 * The user and assistant messages that have text, and the tool calls the app made with the replies that made them,
 * oldest first, each call's text as the model gets it (capped). (A migrated `tool` message, with no call of the
 * app's, is not sent.)
 */
export function conversationTurns(history: readonly ChatMessage[]): ChatMessage[] {
  return history
    .filter(
      (m, i) =>
        (m.role === 'tool' && m.tool) ||
        ((m.role === 'user' || m.role === 'assistant') &&
          (m.text.trim() !== '' || (m.role === 'assistant' && history[i + 1]?.tool)))
    )
    .map((m) => (m.tool ? { ...m, text: toolResultForModel(m.tool, m.text) } : m))
}

/** What the model is told a call gave: its result (capped), or why there is none. */
export function toolResultForModel(call: StoredToolCall, text: string): string {
  switch (call.status) {
    case 'done':
      return capForModel(text)
    case 'error':
      return `Error: ${capForModel(text.trim() !== '' ? text : (call.error ?? 'the tool failed'))}`
    case 'denied':
      return `The user denied this tool call.${call.error ? ` Their reason: ${call.error}` : ''}`
    case 'cancelled':
      return `The tool call was not completed: ${call.error ?? 'it was cancelled.'}`
    default:
      return 'The tool call did not finish (the app stopped while it ran).'
  }
}

/** The request's messages: a reply and the calls after it become one assistant message and one tool message. */
function modelMessages(messages: readonly ChatMessage[]): ModelMessage[] {
  const out: ModelMessage[] = []
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!
    if (message.role === 'user') {
      out.push({ role: 'user', content: message.text })
      continue
    }
    // A tool call whose reply was left out (the window was full) is not sent either.
    if (message.role !== 'assistant') continue
    const calls: ChatMessage[] = []
    while (messages[i + 1]?.tool) calls.push(messages[++i]!)
    if (calls.length === 0) {
      out.push({ role: 'assistant', content: message.text })
      continue
    }
    const callParts: ToolCallPart[] = calls.map((m) => ({
      type: 'tool-call',
      toolCallId: m.tool!.callId,
      toolName: m.tool!.modelName,
      input: m.tool!.arguments
    }))
    out.push({
      role: 'assistant',
      content: [
        ...(message.text.trim() === '' ? [] : [{ type: 'text' as const, text: message.text }]),
        ...callParts
      ]
    })
    const results: ToolResultPart[] = calls.map((m) => ({
      type: 'tool-result',
      toolCallId: m.tool!.callId,
      toolName: m.tool!.modelName,
      output: { type: 'text', value: m.text }
    }))
    out.push({ role: 'tool', content: results })
  }
  return out
}

/** The characters a message carries to the model (text, call arguments, results). */
function messageChars(message: ModelMessage): number {
  if (typeof message.content === 'string') return message.content.length
  return message.content.reduce((n, part) => {
    if (part.type === 'text') return n + part.text.length
    if (part.type === 'tool-call') return n + JSON.stringify(part.input).length + part.toolName.length
    if (part.type === 'tool-result' && part.output.type === 'text') return n + part.output.value.length
    return n
  }, 0)
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
  messages.push(...modelMessages(fit.messages))
  const chars = (instructions?.length ?? 0) + messages.reduce((n, m) => n + messageChars(m), 0)
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
