// Summarising the older messages of a conversation that no longer fit the model's window: which messages to cover
// (all but the newest that fill half the window, so the next turns have room), and the requests that write the
// summary — in several rounds when they are too long for one, each round folding the previous summary in.
import type { ModelMessage } from 'ai'
import type { ChatMessage, StoredSummary } from '../../store/store'
import { messageTokens, newestThatFit } from './context-fit'

export const SUMMARY_INSTRUCTIONS =
  'You write a concise summary of the earlier part of a conversation between a user and an assistant, so the ' +
  'conversation can go on without those messages. Keep names, facts, decisions, numbers, code identifiers and open ' +
  'questions; leave out pleasantries. Write only the summary, in the language of the conversation.'

/** Tokens kept for the instructions and the request's framing in each round. */
const ROUND_OVERHEAD_TOKENS = 200

/** What a summary would cover: the messages after the latest summary, up to the newest that fill half the room. */
export interface SummaryPlan {
  previous: StoredSummary | null
  cover: ChatMessage[]
}

export function planSummary(
  turns: readonly ChatMessage[],
  summaries: readonly StoredSummary[],
  budgetTokens: number
): SummaryPlan {
  const sized = turns.map((m) => ({ role: m.role, tokens: messageTokens(m.text) }))
  const kept = newestThatFit(sized, Math.floor(budgetTokens / 2), true)
  const keptStart = turns.length - kept.length
  const index = new Map(turns.map((m, i) => [m.id, i]))
  let previous: StoredSummary | null = null
  let from = 0
  for (const s of summaries) {
    const through = index.get(s.throughMessageId)
    if (through !== undefined && through < keptStart && through + 1 >= from) {
      previous = s
      from = through + 1
    }
  }
  return { previous, cover: turns.slice(from, keptStart) }
}

function transcriptLine(message: Pick<ChatMessage, 'role' | 'text'>): string {
  return `${message.role === 'user' ? 'User' : 'Assistant'}: ${message.text}`
}

/** The request of one round: the previous summary (if any), then the messages, as one user message. */
export function roundRequest(previous: string | null, messages: readonly ChatMessage[]): ModelMessage[] {
  const parts = [
    ...(previous === null ? [] : [`The summary so far:\n\n${previous}`]),
    `The messages to summarise${previous === null ? '' : ' after it'}:\n\n${messages.map(transcriptLine).join('\n\n')}`,
    'Write the summary now.'
  ]
  return [{ role: 'user', content: parts.join('\n\n---\n\n') }]
}

/**
 * Writes the summary of `plan.cover` through `ask` (one request each round); each round takes as many of the oldest
 * messages left as fit in `budgetTokens` beside the summary so far (a single longer message is cut to fit).
 */
export async function writeSummary(
  plan: SummaryPlan,
  budgetTokens: number,
  ask: (messages: ModelMessage[]) => Promise<string>
): Promise<string> {
  let summary = plan.previous?.text ?? null
  let next = 0
  while (next < plan.cover.length) {
    const room = Math.max(
      1,
      budgetTokens - ROUND_OVERHEAD_TOKENS - (summary === null ? 0 : messageTokens(summary))
    )
    const round: ChatMessage[] = []
    let used = 0
    while (next < plan.cover.length) {
      const message = plan.cover[next]!
      const cost = messageTokens(message.text)
      if (round.length > 0 && used + cost > room) break
      // One message longer than the room is sent cut to it (its start, where the topic usually is).
      round.push(cost > room ? { ...message, text: message.text.slice(0, room * 4) } : message)
      used += cost
      next++
    }
    summary = (await ask(roundRequest(summary, round))).trim()
  }
  return summary ?? ''
}
