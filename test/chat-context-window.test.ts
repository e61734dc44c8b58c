// The context window a request may fill: the windows of well-known model families and a profile's own setting, the
// reply's room set aside, what a provider's refusal teaches, and which messages a request sends when the history
// is longer than the window (the instructions always, then the latest summary, then the newest messages).
import { describe, expect, it } from 'vitest'
import type { ChatMessage, StoredSummary } from '../src/main/store/store'
import {
  contextWindowOf,
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_REPLY_RESERVE,
  inputBudget,
  LearnedWindows,
  modelWindow,
  replyReserve,
  statedWindow
} from '../src/main/services/chat/context-window'
import { messageTokens, summaryMessageText } from '../src/main/services/chat/context-fit'
import { buildRequest } from '../src/main/services/chat/chat-request'
import { planSummary } from '../src/main/services/chat/older-summary'

function message(id: string, role: string, text: string): ChatMessage {
  return {
    id,
    role,
    text,
    createdAt: null,
    status: null,
    model: null,
    profileId: null,
    finishReason: null,
    usage: null,
    error: null
  }
}

/** `count` messages alternating user/assistant, each `size` characters: m0 (user), m1 (assistant), … */
function history(count: number, size = 400): ChatMessage[] {
  return Array.from({ length: count }, (_, i) =>
    message(`m${i}`, i % 2 === 0 ? 'user' : 'assistant', `${i}:`.padEnd(size, 'x'))
  )
}

function summary(through: string, text = 'They talked about x.'): StoredSummary {
  return { id: `s-${through}`, text, throughMessageId: through, profileId: null, model: null, createdAt: '' }
}

describe('model windows', () => {
  it('knows the families, takes the profile’s own setting first, and is conservative about the rest', () => {
    expect(modelWindow('gpt-4o-mini')).toBe(128_000)
    expect(modelWindow('gpt-4.1')).toBe(1_047_576)
    expect(modelWindow('gpt-5-mini')).toBe(400_000)
    expect(modelWindow('o3-mini')).toBe(200_000)
    expect(modelWindow('gpt-4')).toBe(8_192)
    expect(modelWindow('claude-3-5-sonnet-latest')).toBe(200_000)
    expect(modelWindow('anthropic/claude-sonnet-4')).toBe(200_000)
    expect(modelWindow('llama3.1:8b')).toBe(128_000)
    expect(modelWindow('llama3:8b')).toBe(8_192)
    expect(modelWindow('mistral:7b')).toBe(32_768)
    expect(modelWindow('qwen2.5-coder:7b')).toBe(32_768)
    expect(modelWindow('deepseek-chat')).toBe(64_000)
    expect(modelWindow('gemma2:9b')).toBe(8_192)
    expect(modelWindow('my-own-finetune')).toBe(DEFAULT_CONTEXT_WINDOW)
    expect(contextWindowOf({ model: 'gpt-4o', contextWindow: 4096 })).toBe(4096)
    expect(contextWindowOf({ model: 'gpt-4o', contextWindow: null })).toBe(128_000)
    expect(contextWindowOf({ model: 'gpt-4o', contextWindow: 0 })).toBe(128_000)
  })

  it('sets the reply’s room aside: the profile’s maximum, else the default, at most half the window', () => {
    expect(replyReserve({ maxTokens: 256 }, 8192)).toBe(256)
    expect(replyReserve({ maxTokens: null }, 8192)).toBe(DEFAULT_REPLY_RESERVE)
    expect(replyReserve({ maxTokens: 100_000 }, 8192)).toBe(4096)
    expect(inputBudget(8192, 1024)).toBe(7168)
  })

  it('reads the window a refusal states, and learns a smaller one than what was refused', () => {
    expect(
      statedWindow(
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000"
      )
    ).toBe(8192)
    expect(statedWindow('prompt is too long: 210000 tokens > 200000 maximum')).toBe(200_000)
    expect(statedWindow('the request exceeds the available context size (4096 tokens)')).toBe(4096)
    expect(statedWindow('input is too long')).toBeNull()
    const windows = new LearnedWindows()
    const profile = { id: 'p', model: 'gpt-4o', contextWindow: null, maxTokens: 100 }
    expect(windows.refused(profile, 'maximum context length is 8192 tokens', 4000)).toBe(3100)
    expect(windows.windowOf(profile)).toBe(3100)
    expect(windows.windowOf({ ...profile, model: 'gpt-4.1' })).toBe(1_047_576)
  })
})

describe('which messages a request sends', () => {
  it('sends everything when it fits, with no count left out', () => {
    const request = buildRequest('Be brief.', history(4), { budgetTokens: 10_000, summaries: [] })
    expect(request.messages).toHaveLength(4)
    expect(request).toMatchObject({ omitted: 0, summarised: 0, instructions: 'Be brief.' })
  })

  it('keeps the system prompt and the newest messages that fit, starting with the user, and counts the rest', () => {
    const all = history(11)
    const budget = 4 * messageTokens(all[0]!.text) + 10
    const request = buildRequest('Be brief.', [message('sys', 'system', 'House rules.'), ...all], {
      budgetTokens: budget,
      summaries: []
    })
    expect(request.instructions).toBe('Be brief.\n\nHouse rules.')
    // Four would fit; the oldest of them is the assistant's, left out so the request starts with the user.
    expect(request.messages.map((m) => String(m.content).split(':')[0])).toEqual(['8', '9', '10'])
    expect(request.messages[0]!.role).toBe('user')
    expect(request).toMatchObject({ omitted: 8, summarised: 0 })
    expect(request.usedTokens).toBeLessThanOrEqual(budget)
  })

  it('always sends the message being answered, even alone over the window', () => {
    const request = buildRequest(null, [...history(3), message('big', 'user', 'y'.repeat(40_000))], {
      budgetTokens: 1000,
      summaries: []
    })
    expect(request.messages.map((m) => m.content)).toEqual(['y'.repeat(40_000)])
    expect(request.omitted).toBe(3)
  })

  it('sends the latest summary in place of the messages it covers, then the newest after it', () => {
    const all = history(11)
    const budget = 6 * messageTokens(all[0]!.text)
    const request = buildRequest(null, all, {
      budgetTokens: budget,
      summaries: [summary('m1', 'Old.'), summary('m5', 'Newer.')]
    })
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: summaryMessageText(summary('m5', 'Newer.'))
    })
    expect(request.messages.slice(1).map((m) => String(m.content).split(':')[0])).toEqual([
      '6',
      '7',
      '8',
      '9',
      '10'
    ])
    expect(request).toMatchObject({ omitted: 0, summarised: 6 })
    // A window that takes everything sends the messages themselves.
    const roomy = buildRequest(null, all, { budgetTokens: 100_000, summaries: [summary('m5')] })
    expect(roomy).toMatchObject({ omitted: 0, summarised: 0 })
    expect(roomy.messages).toHaveLength(11)
  })

  it('counts a draft as sent, so the gauge grows as the user types', () => {
    const all = history(4)
    const without = buildRequest(null, all, { budgetTokens: 10_000, summaries: [] })
    const withDraft = buildRequest(null, all, { budgetTokens: 10_000, summaries: [], draftTokens: 500 })
    expect(withDraft.usedTokens).toBe(without.usedTokens + 500)
  })

  it('plans a summary of all but the newest messages that fill half the window, after the previous summary', () => {
    const all = history(12)
    const budget = 8 * messageTokens(all[0]!.text)
    const first = planSummary(all, [], budget)
    expect(first.previous).toBeNull()
    expect(first.cover.map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'])
    const again = planSummary(all, [summary('m3')], budget)
    expect(again.previous?.id).toBe('s-m3')
    expect(again.cover.map((m) => m.id)).toEqual(['m4', 'm5', 'm6', 'm7'])
  })
})
