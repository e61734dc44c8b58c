// Which part of a conversation a request sends when the whole history does not fit the model's window: the
// instructions always, then the latest summary of the oldest messages (when one is needed), then the newest
// messages that fit. Tokens are estimated at four characters each, plus a few for each message's framing.
import type { StoredSummary } from '../../store/store'

/** Tokens a message costs beyond its text (its role and separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4

/** About four characters a token, the usual rule for English text. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4)
}

export function messageTokens(text: string): number {
  return estimateTokens(text.length) + MESSAGE_OVERHEAD_TOKENS
}

/** The message a summary is sent as, in place of the messages it covers. */
export function summaryMessageText(summary: StoredSummary): string {
  return `Summary of the earlier part of this conversation (its messages are not repeated here):\n\n${summary.text}`
}

/** A message as the fit weighs it: its id (a summary names the last message it stands for), role and tokens. */
export interface Sized {
  id: string
  role: string
  tokens: number
}

export interface ContextFit<M extends Sized> {
  /** The summary sent before the messages, or null. */
  summary: StoredSummary | null
  /** The messages sent, oldest first. */
  messages: M[]
  /** Older messages neither sent nor stood for by the summary sent. */
  omitted: number
  /** Messages the summary sent stands for. */
  summarised: number
  /** The estimated tokens of what is sent (with `extraTokens`). */
  usedTokens: number
  /** What sending every message after the summary would take: over the budget when messages are left out. */
  neededTokens: number
}

export interface FitInput<M extends Sized> {
  /** Tokens of the instructions, always sent. */
  instructionTokens: number
  /** The user and assistant messages, oldest first (empty ones already left out). */
  messages: readonly M[]
  /** The conversation's summaries, oldest first; the last one that covers a sent message's predecessor is used. */
  summaries: readonly StoredSummary[]
  /** Tokens the request may take. */
  budgetTokens: number
  /** Tokens always sent after the messages (a draft not stored yet). */
  extraTokens?: number
}

function sum(messages: readonly Pick<Sized, 'tokens'>[]): number {
  return messages.reduce((n, m) => n + m.tokens, 0)
}

/**
 * The newest messages that fit in `room` tokens, oldest first (the newest one always, unless `forceNewest` is off);
 * a leading assistant message is left out when a later one is kept, as some providers want a request to start with
 * the user.
 */
export function newestThatFit<M extends Pick<Sized, 'role' | 'tokens'>>(
  messages: readonly M[],
  room: number,
  forceNewest: boolean
): M[] {
  let start = messages.length
  let used = 0
  while (start > 0) {
    const cost = messages[start - 1]!.tokens
    if (used + cost > room && !(forceNewest && start === messages.length)) break
    used += cost
    start--
  }
  while (start < messages.length - 1 && messages[start]!.role !== 'user') start++
  return messages.slice(start)
}

/** What to send: everything when it fits; else the latest usable summary and the newest messages after it. */
export function fitContext<M extends Sized>(input: FitInput<M>): ContextFit<M> {
  const { messages, budgetTokens } = input
  const draft = input.extraTokens ?? 0
  const fixed = input.instructionTokens + draft
  const whole = fixed + sum(messages)
  if (whole <= budgetTokens)
    return {
      summary: null,
      messages: [...messages],
      omitted: 0,
      summarised: 0,
      usedTokens: whole,
      neededTokens: whole
    }
  // Without a draft the newest stored message is the one being answered: it is always sent.
  const forceNewest = draft === 0
  const index = new Map(messages.map((m, i) => [m.id, i]))
  let summary: StoredSummary | null = null
  let covered = 0
  for (const s of input.summaries) {
    const through = index.get(s.throughMessageId)
    if (through !== undefined && through + 1 >= covered) {
      summary = s
      covered = through + 1
    }
  }
  const summaryTokens = summary ? messageTokens(summaryMessageText(summary)) : 0
  const newest = forceNewest && messages.length > covered ? messages[messages.length - 1]!.tokens : 0
  // The summary is sent only while the message being answered still fits beside it.
  if (summary && fixed + summaryTokens + newest > budgetTokens) {
    summary = null
    covered = 0
  }
  const candidates = messages.slice(covered)
  const sent = summary ? summaryTokens : 0
  const kept = newestThatFit(candidates, budgetTokens - fixed - sent, forceNewest)
  return {
    summary,
    messages: kept,
    omitted: candidates.length - kept.length,
    summarised: covered,
    usedTokens: fixed + sent + sum(kept),
    neededTokens: fixed + sent + sum(candidates)
  }
}
