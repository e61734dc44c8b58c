// The errors a user meets in a chat turn, each injected through a real server on 127.0.0.1 (or a closed port, or a
// host that does not exist): one line naming the profile and the fix, never the key, and nothing already written
// lost — the user's message always stored, the partial reply kept and marked error.
import { describe, expect, it } from 'vitest'
import { ChatError, type ChatErrorKind } from '../src/main/services/chat/chat-errors'
import type { ChatServiceOptions } from '../src/main/services/chat/chat-service'
import { chatFixture, type ChatFixture } from './support/chat-fixture'
import { closedPort, useFakeProvider, type Answer } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-errors-')
const KEY = 'sk-chat-errors-test-0123456789abcdef'
const provider = useFakeProvider()

async function openaiChat(options: ChatServiceOptions = {}, baseUrl = provider.url): Promise<ChatFixture> {
  return chatFixture(fixtures.fresh(), { provider: 'openai', baseUrl, apiKey: KEY }, options)
}

/** Sends one message with `answers` scripted; returns the error, checked to be one line without the key. */
async function failure(c: ChatFixture, ...answers: Answer[]): Promise<ChatError> {
  provider.script(...answers)
  const error = await c.chat.send({ conversationId: c.conversationId, text: 'Question' }).then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ChatError)
  const chatError = error as ChatError
  expect(chatError.message).not.toContain('\n')
  expect(chatError.message).not.toContain(KEY)
  expect(chatError.message).toMatch(/^(Profile "Test profile"|There is no model profile)/)
  // The user's message is stored whatever happened.
  expect(chatError.turn?.userMessage).toMatchObject({ role: 'user', text: 'Question' })
  return chatError
}

function expectKind(error: ChatError, kind: ChatErrorKind, pattern: RegExp): void {
  expect(error.kind, error.message).toBe(kind)
  expect(error.message).toMatch(pattern)
}

const status = (code: number, body: unknown, headers?: Record<string, string>): Answer => ({
  kind: 'status',
  status: code,
  body,
  headers
})

describe('chat errors', () => {
  it('401 and 403: the key is refused; the reply is stored empty, marked error', async () => {
    const c = await openaiChat()
    for (const code of [401, 403]) {
      const error = await failure(
        c,
        status(code, { error: { message: `Incorrect API key provided: ${KEY}` } })
      )
      expectKind(error, 'auth', /refused the API key \(HTTP 40[13]\).*Re-enter the key in Profiles\.$/)
      expect(error.turn?.reply).toMatchObject({ status: 'error', text: '', error: error.message })
    }
  })

  it('404: an unknown model or a wrong base URL', async () => {
    const error = await failure(
      await openaiChat(),
      status(404, { error: { message: 'The model does not exist' } })
    )
    expectKind(
      error,
      'not-found',
      /answered 404 for the model "test-model"\. Check the model name and the base URL/
    )
  })

  it('429: retried after the provider’s Retry-After, at most 3 times', async () => {
    const c = await openaiChat()
    const limited = status(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '1' })
    provider.requests.length = 0
    provider.script(limited, { kind: 'stream', deltas: ['ok'] })
    const started = Date.now()
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'again' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(turn.reply).toMatchObject({ status: 'complete', text: 'ok' })
    expect(provider.requests).toHaveLength(2)

    const quick = status(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '0' })
    provider.requests.length = 0
    const error = await failure(c, quick, quick, quick, quick, { kind: 'stream', deltas: ['too late'] })
    expect(provider.requests).toHaveLength(4)
    expectKind(error, 'rate-limit', /limiting requests \(HTTP 429: Rate limit reached\)\. Wait a minute/)

    const later = status(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '3600' })
    provider.requests.length = 0
    const patient = await failure(c, later)
    expect(provider.requests).toHaveLength(1)
    expectKind(
      patient,
      'rate-limit',
      /OpenAI asks to wait 3600 s before the next request \(HTTP 429\)\. Try again then\.$/
    )
  })

  it('5xx: retried, then a server error', async () => {
    const c = await openaiChat()
    provider.script(status(503, { error: { message: 'busy' } }), { kind: 'stream', deltas: ['fine'] })
    expect((await c.chat.send({ conversationId: c.conversationId, text: 'x' })).reply.text).toBe('fine')
    const down = status(500, { error: { message: 'internal' } })
    const error = await failure(c, down, down, down, down)
    expectKind(error, 'server', /OpenAI had a server error \(HTTP 500: internal\)\. Try again later\.$/)
  })

  it('a connection dropped mid-stream keeps the partial reply', async () => {
    const error = await failure(await openaiChat(), {
      kind: 'stream',
      deltas: ['Kept ', 'text', 'lost'],
      fault: 'drop',
      faultAfter: 2
    })
    expectKind(
      error,
      'dropped',
      /dropped while the reply was arriving\. What had arrived is kept\. Try again\.$/
    )
    expect(error.turn?.reply).toMatchObject({ status: 'error', text: 'Kept text' })
  })

  it('connection refused and an unknown host', async () => {
    const closed = await closedPort()
    const refused = await failure(await openaiChat({}, `http://127.0.0.1:${closed}/v1`))
    expectKind(
      refused,
      'unreachable',
      /127\.0\.0\.1:\d+ refused the connection\. Check the base URL in Profiles/
    )
    const unknown = await failure(await openaiChat({}, 'http://no-such-host.invalid/v1'))
    expectKind(unknown, 'unreachable', /no-such-host\.invalid/)
  })

  it('a timeout, before the first byte and between chunks', async () => {
    const c = await openaiChat({ idleTimeoutMs: 300 })
    const silent = await failure(c, { kind: 'hang' })
    expectKind(silent, 'timeout', /no answer from 127\.0\.0\.1:\d+ for 0\.3 s\. Try again/)
    const stalled = await failure(c, { kind: 'stream', deltas: ['Slow ', 'start'], hold: true })
    expectKind(stalled, 'timeout', /What had arrived is kept\./)
    expect(stalled.turn?.reply).toMatchObject({ status: 'error', text: 'Slow start' })
    provider.release()
  })

  it('a context-length error, from OpenAI and from Anthropic', async () => {
    const openai = await failure(
      await openaiChat(),
      status(400, {
        error: {
          message:
            "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
          code: 'context_length_exceeded'
        }
      })
    )
    expectKind(openai, 'context-length', /longer than "test-model" accepts .*Start a new conversation/)
    const c = await chatFixture(fixtures.fresh(), {
      provider: 'anthropic',
      baseUrl: provider.url,
      apiKey: KEY
    })
    const anthropic = await failure(
      c,
      status(400, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'prompt is too long: 210000 tokens > 200000 maximum'
        }
      })
    )
    expectKind(anthropic, 'context-length', /prompt is too long/)
  })

  it('an endpoint that answers without an event stream, or with malformed events', async () => {
    const c = await openaiChat()
    const json = await failure(c, { kind: 'raw', contentType: 'application/json', body: '{"choices":[]}' })
    expectKind(
      json,
      'protocol',
      /answered with application\/json instead of an event stream\. Check the provider/
    )
    const html = await failure(c, { kind: 'raw', contentType: 'text/html', body: '<html>Login</html>' })
    expectKind(html, 'protocol', /answered with text\/html instead of an event stream/)
    const malformed = await failure(c, { kind: 'stream', deltas: ['Good ', 'bad'], fault: 'malformed' })
    expectKind(
      malformed,
      'protocol',
      /sent an event that is not in OpenAI's stream format\. What had arrived is kept\./
    )
    expect(malformed.turn?.reply).toMatchObject({ status: 'error', text: 'Good ' })
  })

  it('a key missing from the keychain: re-enter it in Profiles, and no request is made', async () => {
    const c = await openaiChat()
    for (const account of await c.secrets.listAccounts()) await c.secrets.delete(account)
    provider.requests.length = 0
    const error = await failure(c)
    expectKind(
      error,
      'missing-key',
      /^Profile "Test profile" has no API key in the keychain, or the keychain is locked\. Unlock the system keychain and try again, or re-enter the key in Profiles\.$/
    )
    expect(error.turn?.reply).toBeNull()
    expect(provider.requests).toHaveLength(0)
    expect(c.conversations.transcript(c.conversationId).map((m) => m.role)).toEqual(['user'])
  })
})
