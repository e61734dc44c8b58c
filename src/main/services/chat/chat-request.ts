// Builds a chat request from the stored conversation: the profile's system prompt (and any system messages the
// history holds) as instructions, then the user and assistant turns oldest first — as many of the newest as the
// model's window takes, after the summary of older ones when there is one (context-fit.ts); and estimates tokens.
// A long conversation is read newest first, only as far back as the window could reach (`readRequestHistory`).
import type { ModelMessage, ToolCallPart, ToolResultPart } from 'ai'
import type {
  ChatMessage,
  ChatTranscriptStore,
  EarlierMessage,
  RecentTranscript,
  StoredSummary,
  StoredToolCall
} from '../../store/store'
import { capForModel } from './tool-result-cap'
import {
  estimateTokens,
  fitContext,
  MESSAGE_OVERHEAD_TOKENS,
  messageTokens,
  summaryMessageText,
  type ContextFit,
  type Sized
} from './context-fit'

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

/**
 * The messages of a request's conversation: all of them (oldest first), or as `recentTranscript` reads them, the
 * newest whole and the older ones by their size.
 */
export type RequestHistory = readonly ChatMessage[] | RecentTranscript

function asRecent(history: RequestHistory): RecentTranscript {
  return 'recent' in history ? history : { earlier: [], recent: [...history] }
}

/** The instructions: the system prompt, then any system messages of a migrated history. */
export function instructionsOf(systemPrompt: string | null, history: RecentTranscript): string | undefined {
  const system = [
    systemPrompt ?? '',
    ...[...history.earlier, ...history.recent].filter((m) => m.role === 'system').map((m) => m.text ?? '')
  ]
    .map((text) => text.trim())
    .filter((text) => text !== '')
  return system.length > 0 ? system.join('\n\n') : undefined
}

/** What decides whether a message is sent: its role, its tool call, whether its text is blank. */
interface TurnShape {
  role: string
  tool?: StoredToolCall | null
  blank: boolean
}

/**
 * Whether a message is sent to the model: a user or assistant message with text, a reply with no text that made tool
 * calls (`next` is the message after it), and a tool call of the app's. (A migrated `tool` message, with no call of
 * the app's, is not sent.)
 */
function isTurn(m: TurnShape, next: Pick<TurnShape, 'tool'> | undefined): boolean {
  return (
    (m.role === 'tool' && !!m.tool) ||
    ((m.role === 'user' || m.role === 'assistant') && (!m.blank || (m.role === 'assistant' && !!next?.tool)))
  )
}

const shapeOf = (m: ChatMessage): TurnShape => ({ role: m.role, tool: m.tool, blank: m.text.trim() === '' })

/** A sent message as the model gets it: a tool call's text is its result, capped. */
function asSent(m: ChatMessage): ChatMessage {
  return m.tool ? { ...m, text: toolResultForModel(m.tool, m.text) } : m
}

/** The messages sent to the model, oldest first, each as the model gets it. */
export function conversationTurns(history: readonly ChatMessage[]): ChatMessage[] {
  return history.filter((m, i) => isTurn(shapeOf(m), history[i + 1])).map(asSent)
}

/** A message a request may send, with its tokens; `message` is null for an older one whose text was left unread. */
interface Turn extends Sized {
  message: ChatMessage | null
}

/** The tokens of an older message (its text's length when unread, as SQLite counts it). */
function earlierTokens(m: EarlierMessage): number {
  if (m.tool && m.text !== null) return messageTokens(toolResultForModel(m.tool, m.text))
  return estimateTokens(m.chars) + MESSAGE_OVERHEAD_TOKENS
}

/** A message read whole as the request would send it (`next`: the message after it), or null when it is not sent. */
function sentTurn(m: ChatMessage, next: ChatMessage | undefined): Turn | null {
  if (!isTurn(shapeOf(m), next)) return null
  const sent = asSent(m)
  return { id: m.id, role: m.role, tokens: messageTokens(sent.text), message: sent }
}

function requestTurns(history: RecentTranscript): Turn[] {
  const { earlier, recent } = history
  const turns: Turn[] = []
  earlier.forEach((m, i) => {
    if (isTurn(m, earlier[i + 1] ?? recent[0]))
      turns.push({ id: m.id, role: m.role, tokens: earlierTokens(m), message: null })
  })
  recent.forEach((m, i) => {
    const turn = sentTurn(m, recent[i + 1])
    if (turn) turns.push(turn)
  })
  return turns
}

/** Where a request's history is read from, and up to which message. */
export interface HistoryRead {
  /** The message being answered: read at least back to it. */
  through?: string
  /** A reply being regenerated: it and what follows it are neither sent nor counted. */
  replacing?: string | null
}

/**
 * The history a request of the conversation is built from, read newest first until it holds more than
 * `budgetTokens` (so no older message could be sent) and reaches `through`; `replacing` and what follows it are left
 * out.
 */
export function readRequestHistory(
  store: Pick<ChatTranscriptStore, 'recentTranscript'>,
  conversationId: string,
  budgetTokens: number,
  from: HistoryRead = {}
): RecentTranscript {
  const read = store.recentTranscript(conversationId, readEnough(budgetTokens, from))
  const cut = from.replacing ? read.recent.findIndex((m) => m.id === from.replacing) : -1
  return cut < 0 ? read : { earlier: read.earlier, recent: read.recent.slice(0, cut) }
}

/**
 * For `recentTranscript`: whether the messages read so far (newest first) hold more tokens than `budgetTokens`, so
 * that no older one can be sent. Messages from `replacing` on (a regenerated reply and what follows it) are not
 * counted, and reading goes on at least to `through` (the message being answered).
 */
function readEnough(budgetTokens: number, from: HistoryRead): (message: ChatMessage) => boolean {
  let counting = !from.replacing
  let reached = from.through === undefined
  let tokens = 0
  let next: ChatMessage | undefined
  return (message) => {
    if (counting) tokens += sentTurn(message, next)?.tokens ?? 0
    if (message.id === from.replacing) counting = true
    if (message.id === from.through) reached = true
    next = message
    return reached && tokens > budgetTokens
  }
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
function fitHistory(
  instructions: string | undefined,
  history: RecentTranscript,
  window: RequestWindow | undefined
): ContextFit<Turn> {
  return fitContext({
    instructionTokens: estimateTokens(instructions?.length ?? 0),
    messages: requestTurns(history),
    summaries: window?.summaries ?? [],
    budgetTokens: window?.budgetTokens ?? Number.POSITIVE_INFINITY,
    extraTokens: window?.draftTokens
  })
}

/** A sent message's text, which was read: `readEnough` read on until the messages read were more than the window. */
function readText(turn: Turn): ChatMessage {
  if (turn.message === null)
    throw new Error(
      `Message ${turn.id} was to be sent, but its text was not read: the history was read too short.`
    )
  return turn.message
}

export function buildRequest(
  systemPrompt: string | null,
  history: RequestHistory,
  window?: RequestWindow
): ChatRequest {
  const read = asRecent(history)
  const instructions = instructionsOf(systemPrompt, read)
  const fit = fitHistory(instructions, read, window)
  const messages: ModelMessage[] = []
  if (fit.summary) messages.push({ role: 'user', content: summaryMessageText(fit.summary) })
  messages.push(...modelMessages(fit.messages.map(readText)))
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
