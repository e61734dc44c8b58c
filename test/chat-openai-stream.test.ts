// A chat turn over the OpenAI Chat Completions stream, against a real server on 127.0.0.1: the key from the real
// keychain in the Authorization header, the request built from the profile and the history, the reply written while
// it streams and marked complete with the provider's usage, coalesced chunks with the stream's id, and a stop.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { ChatStreamEvent } from '../src/main/services/chat/stream-emitter'
import { chatFixture } from './support/chat-fixture'
import { DEFAULT_DELTAS, useFakeProvider } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-openai-')
const KEY = 'sk-chat-openai-test-0123456789abcdef'
const provider = useFakeProvider()

describe('a chat turn over OpenAI Chat Completions', () => {
  it('sends the profile’s settings and the history with the keychain’s key, and stores the complete reply', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'openai',
      baseUrl: provider.url,
      apiKey: KEY,
      model: 'gpt-test',
      extra: { temperature: 0.25, max_tokens: '256', system_prompt: 'You are terse.' }
    })
    c.conversations.appendMessage(c.conversationId, { role: 'user', content: 'First question' })
    c.conversations.appendMessage(c.conversationId, { role: 'assistant', content: 'First answer' })
    provider.requests.length = 0
    provider.script({ kind: 'stream', deltas: DEFAULT_DELTAS, usage: { input: 31, output: 7 } })
    const events: ChatStreamEvent[] = []
    const turn = await c.chat.send({
      conversationId: c.conversationId,
      text: 'Second question',
      onChunk: (e) => events.push(e)
    })

    expect(provider.requests).toHaveLength(1)
    const request = provider.requests[0]!
    expect(request.path).toBe('/v1/chat/completions')
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(request.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.25,
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'user', content: 'Second question' }
      ]
    })

    expect(turn.reply).toMatchObject({
      role: 'assistant',
      text: 'Hello, world!',
      status: 'complete',
      model: 'gpt-test',
      profileId: c.profileId,
      finishReason: 'stop',
      usage: { inputTokens: 31, outputTokens: 7, estimated: false },
      error: null
    })
    const stored = c.conversations.transcript(c.conversationId)
    expect(stored.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'First question', null],
      ['assistant', 'First answer', null],
      ['user', 'Second question', null],
      ['assistant', 'Hello, world!', 'complete']
    ])
    expect(c.conversations.get(c.conversationId).messageCount).toBe(4)

    expect(events.map((e) => e.delta).join('')).toBe('Hello, world!')
    expect(events.at(-1)!.done).toBe(true)
    expect(new Set(events.map((e) => e.streamId))).toEqual(new Set([turn.streamId]))
    expect(events.every((e) => e.messageId === turn.reply.id && e.conversationId === c.conversationId)).toBe(
      true
    )
  })

  it('estimates usage when the stream carries none', async () => {
    const c = await chatFixture(fixtures.fresh(), { provider: 'openai', baseUrl: provider.url, apiKey: KEY })
    provider.script({ kind: 'stream', deltas: ['abcd', 'efgh'], usage: null })
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'x'.repeat(40) })
    expect(turn.reply.usage).toEqual({ inputTokens: 10, outputTokens: 2, estimated: true })
  })

  it('writes the reply while it streams, coalescing chunks to about 30 updates a second', async () => {
    const c = await chatFixture(
      fixtures.fresh(),
      { provider: 'openai', baseUrl: provider.url, apiKey: KEY },
      { flushMs: 100 }
    )
    const deltas = Array.from({ length: 60 }, (_, i) => `w${i} `)
    provider.script({ kind: 'stream', deltas, gapMs: 2, hold: true })
    const events: ChatStreamEvent[] = []
    const pending = c.chat.send({
      conversationId: c.conversationId,
      text: 'stream',
      onChunk: (e) => events.push(e)
    })
    const joined = deltas.join('')
    await waitFor(() => storedReply(c)?.text === joined)
    expect(storedReply(c)).toMatchObject({ status: 'streaming', text: joined })
    provider.release()
    const turn = await pending
    expect(turn.reply).toMatchObject({ status: 'complete', text: joined })
    expect(events.map((e) => e.delta).join('')).toBe(joined)
    // 60 deltas over ~120 ms: coalesced into far fewer updates, at most one per 33 ms (plus the last).
    expect(events.length).toBeLessThan(20)
  })

  it('keeps the partial reply marked stopped when the user stops it', async () => {
    const c = await chatFixture(fixtures.fresh(), { provider: 'openai', baseUrl: provider.url, apiKey: KEY })
    provider.script({ kind: 'stream', deltas: ['Partial ', 'answer'], hold: true })
    const stop = new AbortController()
    const events: ChatStreamEvent[] = []
    const pending = c.chat.send({
      conversationId: c.conversationId,
      text: 'stop me',
      signal: stop.signal,
      onChunk: (e) => events.push(e)
    })
    await waitFor(() => events.map((e) => e.delta).join('') === 'Partial answer')
    stop.abort()
    const turn = await pending
    expect(turn.reply).toMatchObject({ status: 'stopped', text: 'Partial answer', error: null })
    expect(turn.reply.usage?.estimated).toBe(true)
    expect(storedReply(c)).toMatchObject({ status: 'stopped', text: 'Partial answer' })
    provider.release()
  })

  it('talks to an OpenAI-compatible local server (Ollama) over /v1/chat/completions without a key', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'ollama',
      baseUrl: provider.url.replace(/\/v1$/, ''),
      model: 'llama3.2'
    })
    provider.requests.length = 0
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'hi' })
    expect(turn.reply).toMatchObject({ status: 'complete', text: 'Hello, world!', model: 'llama3.2' })
    expect(provider.requests[0]!.path).toBe('/v1/chat/completions')
    expect(provider.requests[0]!.headers.authorization).toBeUndefined()
    expect(provider.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true }
    })
  })

  it('uses the conversation’s profile, else the default, and marks a reply whose writer died interrupted', async () => {
    const c = await chatFixture(fixtures.fresh(), { provider: 'openai', baseUrl: provider.url, apiKey: KEY })
    const loose = c.conversations.create({ title: 'No profile' }).id
    expect((await c.chat.profileFor(loose)).id).toBe(c.profileId)
    const reply = c.conversations.startReply(loose, { model: 'm', profileId: c.profileId })
    c.conversations.saveReplyText(reply.id, 'half a reply')
    // A writer that no longer runs: the process id of a child that has exited.
    c.db.prepare('UPDATE messages SET writer_pid = ? WHERE uid = ?').run(exitedPid(), reply.id)
    expect(c.conversations.transcript(loose).at(-1)).toMatchObject({
      status: 'interrupted',
      text: 'half a reply',
      error: 'The reply was cut off: the app stopped while it was arriving.'
    })
  })
})

function storedReply(c: Awaited<ReturnType<typeof chatFixture>>) {
  return c.conversations.transcript(c.conversationId).findLast((m) => m.role === 'assistant')
}

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function exitedPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout
  )
}
