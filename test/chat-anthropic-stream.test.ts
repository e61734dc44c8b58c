// A chat turn over the Anthropic Messages stream, against a real server on 127.0.0.1: the key from the real keychain
// in x-api-key, the system prompt as `system`, the reply stored with the usage of message_start and message_delta,
// and an `error` event mid-stream that keeps the partial reply marked error with a one-line message.
import { describe, expect, it } from 'vitest'
import { ChatError } from '../src/main/services/chat/chat-errors'
import { chatFixture } from './support/chat-fixture'
import { useFakeProvider } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-anthropic-')
const KEY = 'sk-ant-chat-test-0123456789abcdef'
const provider = useFakeProvider()

describe('a chat turn over the Anthropic Messages API', () => {
  it('streams with x-api-key from the keychain and stores the reply with the provider’s usage', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'anthropic',
      baseUrl: provider.url.replace(/\/v1$/, ''),
      apiKey: KEY,
      model: 'claude-test',
      extra: { system_prompt: 'Answer in French.', max_tokens: 300 }
    })
    provider.requests.length = 0
    provider.script({ kind: 'stream', deltas: ['Bon', 'jour'], usage: { input: 42, output: 9 } })
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'Hello' })
    const request = provider.requests[0]!
    expect(request.path).toBe('/v1/messages')
    expect(request.headers['x-api-key']).toBe(KEY)
    expect(request.headers.authorization).toBeUndefined()
    expect(request.headers['anthropic-version']).toBeTruthy()
    expect(request.body).toMatchObject({
      model: 'claude-test',
      stream: true,
      max_tokens: 300,
      system: [{ type: 'text', text: 'Answer in French.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]
    })
    expect(turn.reply).toMatchObject({
      text: 'Bonjour',
      status: 'complete',
      model: 'claude-test',
      finishReason: 'stop',
      usage: { inputTokens: 42, outputTokens: 9, estimated: false }
    })
  })

  it('keeps what arrived before an error event, marked error with one line naming the profile', async () => {
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'anthropic',
      baseUrl: provider.url,
      apiKey: KEY
    })
    provider.script({
      kind: 'stream',
      deltas: ['Half ', 'of it', 'never'],
      fault: 'error-event',
      faultAfter: 2
    })
    const error = (await c.chat
      .send({ conversationId: c.conversationId, text: 'Hi' })
      .catch((e: unknown) => e)) as ChatError
    expect(error).toBeInstanceOf(ChatError)
    expect(error.kind).toBe('server')
    expect(error.message).toBe(
      'Profile "Test profile": Anthropic had a server error (HTTP 529: Overloaded). What had arrived is kept. Try again later.'
    )
    expect(error.turn?.reply).toMatchObject({ status: 'error', text: 'Half of it', error: error.message })
    expect(c.conversations.transcript(c.conversationId).map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'Hi', null],
      ['assistant', 'Half of it', 'error']
    ])
  })
})
