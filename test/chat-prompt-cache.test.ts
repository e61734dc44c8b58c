// Prompt caching, against a fake provider on 127.0.0.1: the Anthropic request carries cache breakpoints on the
// system prompt and on the previous turn's last message, the start of the request is byte for byte the same from
// turn to turn, and the cached-token counts each provider reports (OpenAI `cached_tokens`, Anthropic
// `cache_read_input_tokens` / `cache_creation_input_tokens`) are stored with the reply and listed with it.
import { describe, expect, it } from 'vitest'
import type { SeenRequest } from './support/fake-provider-server'
import { chatFixture } from './support/chat-fixture'
import { useFakeProvider } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-cache-')
const KEY = 'sk-chat-cache-test-0123456789abcdef'
const provider = useFakeProvider()
const BREAKPOINT = { type: 'ephemeral' }

interface AnthropicMessage {
  role: string
  content: { type: string; text: string; cache_control?: unknown }[]
}

const messagesOf = (request: SeenRequest): AnthropicMessage[] => request.body.messages as AnthropicMessage[]

/** Where each breakpoint sits: "system" or the message's index. */
function breakpoints(request: SeenRequest): (string | number)[] {
  const system = request.body.system as { cache_control?: unknown }[]
  const marked: (string | number)[] = system.some((part) => part.cache_control) ? ['system'] : []
  for (const [i, message] of messagesOf(request).entries())
    if (message.content.some((part) => part.cache_control !== undefined)) marked.push(i)
  return marked
}

/** The raw body up to and including the first `count` messages. */
function prefixThrough(request: SeenRequest, count: number): string {
  const start = request.raw.indexOf('"messages":[') + '"messages":['.length
  const head =
    request.raw.slice(0, start) +
    messagesOf(request)
      .slice(0, count)
      .map((m) => JSON.stringify(m))
      .join(',')
  expect(request.raw.startsWith(head)).toBe(true)
  return head
}

const withoutBreakpoints = (messages: AnthropicMessage[]): AnthropicMessage[] =>
  messages.map((m) => ({ ...m, content: m.content.map(({ type, text }) => ({ type, text })) }))

describe('prompt caching', () => {
  it('marks the system prompt and the previous turn for Anthropic, and keeps the request start identical', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'anthropic',
      baseUrl: provider.url,
      apiKey: KEY,
      extra: { system_prompt: 'You are a careful travel planner.' }
    })
    provider.requests.length = 0
    for (const text of ['Plan Lisbon.', 'Add Porto.', 'And Sintra?']) {
      provider.script({ kind: 'stream', deltas: [`About ${text}`] })
      await c.chat.send({ conversationId: c.conversationId, text })
    }
    const [first, second, third] = provider.requests as [SeenRequest, SeenRequest, SeenRequest]
    expect(first.body.system).toEqual([
      { type: 'text', text: 'You are a careful travel planner.', cache_control: BREAKPOINT }
    ])
    // Two of Anthropic's four breakpoints: the system prompt, and the last message of the turn before.
    expect(breakpoints(first)).toEqual(['system'])
    expect(breakpoints(second)).toEqual(['system', 1])
    expect(breakpoints(third)).toEqual(['system', 3])
    expect(messagesOf(third)[3]).toMatchObject({ role: 'assistant' })
    expect(messagesOf(third)[3]!.content.at(-1)!.cache_control).toEqual(BREAKPOINT)

    // Byte for byte: the model, settings, system prompt and first message open every request the same way.
    const opening = prefixThrough(first, 1)
    expect(second.raw.startsWith(opening)).toBe(true)
    expect(third.raw.startsWith(opening)).toBe(true)
    // The history repeats unchanged; only the breakpoint moves on to the newest turn.
    expect(withoutBreakpoints(messagesOf(third)).slice(0, 3)).toEqual(withoutBreakpoints(messagesOf(second)))
  })

  it('sends OpenAI requests without Anthropic breakpoints, the same start each turn', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'openai',
      baseUrl: provider.url,
      apiKey: KEY,
      extra: { system_prompt: 'Be brief.' }
    })
    provider.requests.length = 0
    await c.chat.send({ conversationId: c.conversationId, text: 'One' })
    await c.chat.send({ conversationId: c.conversationId, text: 'Two' })
    const [first, second] = provider.requests as [SeenRequest, SeenRequest]
    expect(first.raw).not.toContain('cache_control')
    expect(second.raw).not.toContain('cache_control')
    const messages = first.body.messages as unknown[]
    const start = first.raw.indexOf('"messages":[') + '"messages":['.length
    const opening = first.raw.slice(0, start) + messages.map((m) => JSON.stringify(m)).join(',')
    expect(second.raw.startsWith(opening)).toBe(true)
  })

  it('stores and lists the cached-token counts each provider reports', async () => {
    const anthropic = await chatFixture(fixtures.fresh(), {
      provider: 'anthropic',
      baseUrl: provider.url,
      apiKey: KEY
    })
    provider.script({
      kind: 'stream',
      deltas: ['Cached.'],
      usage: { input: 30, output: 5, cached: 1200, cacheWrite: 300 }
    })
    const fromAnthropic = await anthropic.chat.send({ conversationId: anthropic.conversationId, text: 'Hi' })
    // Anthropic's input_tokens count only what follows the cache: the stored input is the whole prompt.
    expect(fromAnthropic.reply.usage).toEqual({
      inputTokens: 1530,
      outputTokens: 5,
      estimated: false,
      cachedInputTokens: 1200,
      cacheWriteTokens: 300
    })

    const openai = await chatFixture(fixtures.fresh(), {
      provider: 'openai',
      baseUrl: provider.url,
      apiKey: KEY
    })
    provider.script({
      kind: 'stream',
      deltas: ['Also cached.'],
      usage: { input: 1500, output: 7, cached: 1024 }
    })
    const fromOpenai = await openai.chat.send({ conversationId: openai.conversationId, text: 'Hi' })
    expect(fromOpenai.reply.usage).toMatchObject({
      inputTokens: 1500,
      outputTokens: 7,
      cachedInputTokens: 1024
    })
    expect(fromOpenai.reply.usage?.cacheWriteTokens).toBeUndefined()

    for (const [c, reply, read, written] of [
      [anthropic, fromAnthropic.reply, 1200, 300],
      [openai, fromOpenai.reply, 1024, null]
    ] as const) {
      const columns = c.db
        .prepare('SELECT role, cached_input_tokens, cache_write_tokens FROM messages ORDER BY position')
        .all()
      // Only the reply carries them; the user's message keeps NULL, as every migrated message does.
      expect(columns).toEqual([
        { role: 'user', cached_input_tokens: null, cache_write_tokens: null },
        { role: 'assistant', cached_input_tokens: read, cache_write_tokens: written }
      ])
      const listed = c.conversations.messages(c.conversationId).items
      expect(listed[0]).toEqual({
        id: expect.any(String) as string,
        role: 'user',
        text: 'Hi',
        createdAt: expect.any(String) as string
      })
      expect(listed[1]).toEqual({
        id: reply.id,
        role: 'assistant',
        text: reply.text,
        createdAt: reply.createdAt,
        status: 'complete',
        model: 'test-model',
        finishReason: 'stop',
        usage: reply.usage,
        error: null
      })
    }
  })
})
