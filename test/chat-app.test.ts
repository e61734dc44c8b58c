// Chat through the app, as the window uses it: the real `personal-agent serve` on a data folder whose profile (key in
// the real keychain) points at a fake provider on 127.0.0.1. chat:send answers at once, the reply arrives as ordered
// chat:stream events ending with its state, two conversations stream at once, chat:stop keeps the partial reply, a
// refused key arrives as the last event naming the profile, the json backend refuses in one line, and the key is in
// no answer and no event.
import { randomUUID } from 'node:crypto'
import { request, type ClientRequest } from 'node:http'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { dataPaths } from '../src/main/base/data-paths'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import type { ChatMessage } from '../src/main/store/store'
import type { ChatSendView, ChatStreamView } from '../src/shared/chat-types'
import type { IpcChannel, IpcResult } from '../src/shared/ipc'
import type { StoreCounters } from '../src/shared/types'
import { useFakeProvider } from './support/fake-providers'
import { filesUnder, tempDir } from './support/folders'
import { bridgeSocket, serve, type Served } from './support/serve'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-chat-app-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-app-')

/** The bridge of one `serve`: invoke a channel, and every chat:stream event since the start. */
interface Bridge {
  served: Served
  invoke<T>(channel: IpcChannel, req?: unknown): Promise<IpcResult<T>>
  events: ChatStreamView[]
  /** Every answer body and event line, as they crossed the bridge. */
  raw: string[]
  close(): Promise<void>
}

async function bridge(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Bridge> {
  const served = await serve(dataDir, env)
  const url = new URL(served.url)
  const token = url.searchParams.get('token') ?? ''
  const events: ChatStreamView[] = []
  const raw: string[] = []
  const sse: ClientRequest = await new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: `/api/events?token=${encodeURIComponent(token)}` },
      (res) => {
        let buffer = ''
        res.on('data', (d: Buffer) => {
          buffer += d.toString()
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            raw.push(block)
            const name = /^event: (.*)$/m.exec(block)?.[1]
            const data = /^data: (.*)$/m.exec(block)?.[1]
            if (name === 'chat:stream' && data) events.push(JSON.parse(data) as ChatStreamView)
          }
        })
        resolve(req)
      }
    )
    req.on('error', reject)
    req.end()
  })
  const invoke = <T>(channel: IpcChannel, req?: unknown): Promise<IpcResult<T>> =>
    new Promise((resolve, reject) => {
      const call = request(
        {
          host: '127.0.0.1',
          port: url.port,
          path: '/api/invoke',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-personal-agent-token': token }
        },
        (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d.toString()))
          res.on('end', () => {
            raw.push(body)
            resolve(JSON.parse(body) as IpcResult<T>)
          })
        }
      )
      call.on('error', reject)
      call.end(JSON.stringify({ channel, req }))
    })
  return {
    served,
    invoke,
    events,
    raw,
    close: async () => {
      sse.destroy()
      await served.stop()
    }
  }
}

function value<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The reply as the store keeps it (status, error), read beside the running app. */
function storedReply(dataDir: string, conversationId: string, replyId: string): ChatMessage | undefined {
  const db = openDatabase(dataPaths(dataDir).db, { readonly: true, withoutVec: true })
  try {
    return new SqliteConversations(db).transcript(conversationId).find((m) => m.id === replyId)
  } finally {
    db.close()
  }
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('chat through the app (serve)', () => {
  let app: Bridge
  let profileId = ''
  let dir = ''

  const streamOf = (streamId: string): ChatStreamView[] => app.events.filter((e) => e.streamId === streamId)
  const ended = async (streamId: string): Promise<ChatStreamView> => {
    await until(() => streamOf(streamId).some((e) => e.done), `the end of ${streamId}`)
    return streamOf(streamId).at(-1)!
  }
  const newConversation = async (title: string): Promise<string> =>
    value(await app.invoke<{ id: string }>('conversations:create', { title, profileId })).id
  const send = async (conversationId: string, text: string): Promise<ChatSendView> =>
    value(await app.invoke<ChatSendView>('chat:send', { conversationId, text }))
  const stored = async (conversationId: string): Promise<{ role: string; text: string }[]> =>
    value(
      await app.invoke<{ items: { role: string; text: string }[] }>('conversations:messages', {
        id: conversationId
      })
    ).items

  beforeAll(async () => {
    dir = tempDir('pa-chat-app-')
    keychains.track(new SecretStore(dir))
    app = await bridge(dir)
    profileId = value(
      await app.invoke<{ id: string }>('profiles:create', {
        name: 'Fake GPT',
        provider: 'openai',
        model: 'gpt-app',
        baseUrl: provider.url,
        apiKey: KEY
      })
    ).id
  })
  afterAll(async () => {
    await app?.close()
  })

  it('answers chat:send at once, then streams the reply in order and ends it complete and stored', async () => {
    const conversationId = await newConversation('Trains')
    const chosen = value(
      await app.invoke<{ id: string; name: string }>('chat:profileFor', { conversationId })
    )
    expect(chosen).toMatchObject({ id: profileId, name: 'Fake GPT', model: 'gpt-app' })
    provider.script({ kind: 'stream', deltas: ['Hello', ', ', 'world', '!'], gapMs: 60 })
    const sent = await send(conversationId, 'When is the night train?')
    expect(sent).toMatchObject({
      conversationId,
      userMessage: { role: 'user', text: 'When is the night train?' },
      profile: { id: profileId, name: 'Fake GPT' }
    })
    const last = await ended(sent.streamId)
    const events = streamOf(sent.streamId)
    expect(events.length).toBeGreaterThan(1)
    expect(events.map((e) => e.done)).toEqual([...events.slice(1).map(() => false), true])
    expect(events.every((e) => e.messageId === sent.replyId && e.conversationId === conversationId)).toBe(
      true
    )
    expect(events.map((e) => e.delta).join('')).toBe('Hello, world!')
    expect(last).toMatchObject({ done: true, status: 'complete' })
    expect(last.error).toBeUndefined()
    expect(await stored(conversationId)).toMatchObject([
      { role: 'user', text: 'When is the night train?' },
      { role: 'assistant', text: 'Hello, world!' }
    ])
    expect(storedReply(dir, conversationId, sent.replyId)).toMatchObject({
      status: 'complete',
      profileId,
      model: 'gpt-app'
    })
    expect(provider.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`)
  })

  it("over the page's socket: sends under the window's stream id, its events carry it, and it is not taken twice", async () => {
    const conversationId = await newConversation('Socket')
    const socket = await bridgeSocket(app.served)
    try {
      provider.script({ kind: 'stream', deltas: ['Over ', 'the socket'], hold: true })
      const streamId = randomUUID()
      const sent = await socket.call<IpcResult<ChatSendView>>(1, 'chat:send', {
        conversationId,
        text: 'by socket',
        streamId
      })
      expect(value(sent)).toMatchObject({ streamId, conversationId, userMessage: { text: 'by socket' } })
      await socket.event<ChatStreamView>('chat:stream', (e) => e.streamId === streamId && e.delta !== '')
      // The stream is running (held open by the provider): its id is not taken by another send.
      const again = await socket.call<IpcResult<ChatSendView>>(2, 'chat:send', {
        conversationId,
        text: 'same id',
        streamId
      })
      expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      expect(!again.ok && again.error.message).toContain('already running')
      provider.release()
      const last = await socket.event<ChatStreamView>('chat:stream', (e) => e.streamId === streamId && e.done)
      expect(last).toMatchObject({ status: 'complete', messageId: value(sent).replyId })
      const deltas = socket.received
        .filter((m) => m.event === 'chat:stream' && (m.payload as ChatStreamView).streamId === streamId)
        .map((m) => (m.payload as ChatStreamView).delta)
      expect(deltas.join('')).toBe('Over the socket')
      // The same events reach the event stream (SSE) as well.
      await ended(streamId)
      expect(
        streamOf(streamId)
          .map((e) => e.delta)
          .join('')
      ).toBe('Over the socket')
      expect(JSON.stringify(socket.received)).not.toContain(KEY)
    } finally {
      socket.close()
    }
  })

  it('streams two conversations at once, each with its own events', async () => {
    const [a, b] = [await newConversation('A'), await newConversation('B')]
    provider.script(
      { kind: 'stream', deltas: ['Alpha ', 'one'], hold: true },
      { kind: 'stream', deltas: ['Beta ', 'two'], hold: true }
    )
    const first = await send(a, 'first')
    await until(() => streamOf(first.streamId).length > 0, 'the first reply to start')
    const second = await send(b, 'second')
    await until(() => streamOf(second.streamId).length > 0, 'the second reply to start')
    // Both are streaming (held open by the provider) before either ends.
    expect(streamOf(first.streamId).some((e) => e.done)).toBe(false)
    provider.release()
    const [endA, endB] = [await ended(first.streamId), await ended(second.streamId)]
    expect([endA.status, endB.status]).toEqual(['complete', 'complete'])
    expect(
      streamOf(first.streamId)
        .map((e) => e.delta)
        .join('')
    ).toBe('Alpha one')
    expect(
      streamOf(second.streamId)
        .map((e) => e.delta)
        .join('')
    ).toBe('Beta two')
    expect(streamOf(second.streamId).every((e) => e.conversationId === b)).toBe(true)
    expect((await stored(a)).at(-1)).toMatchObject({ role: 'assistant', text: 'Alpha one' })
    expect((await stored(b)).at(-1)).toMatchObject({ role: 'assistant', text: 'Beta two' })
  })

  it('stops a stream on chat:stop, keeping the partial reply marked stopped', async () => {
    const conversationId = await newConversation('Stop')
    provider.script({ kind: 'stream', deltas: ['Part', 'ial'], hold: true })
    const sent = await send(conversationId, 'go on')
    await until(
      () =>
        streamOf(sent.streamId)
          .map((e) => e.delta)
          .join('') === 'Partial',
      'the partial text'
    )
    expect(value(await app.invoke('chat:stop', { streamId: sent.streamId }))).toEqual({ stopped: true })
    // The answer and the events travel apart (an HTTP answer, the event stream): the last event may come after.
    expect(await ended(sent.streamId)).toMatchObject({ done: true, status: 'stopped' })
    expect(
      streamOf(sent.streamId)
        .map((e) => e.delta)
        .join('')
    ).toBe('Partial')
    expect((await stored(conversationId)).at(-1)).toMatchObject({ role: 'assistant', text: 'Partial' })
    expect(storedReply(dir, conversationId, sent.replyId)).toMatchObject({
      status: 'stopped',
      text: 'Partial'
    })
    // A stream that has ended is not stopped again.
    expect(value(await app.invoke('chat:stop', { streamId: sent.streamId }))).toEqual({ stopped: false })
    provider.release()
  })

  it('ends with an error event naming the profile when the provider refuses the key', async () => {
    const conversationId = await newConversation('Refused')
    provider.script({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } }
    })
    const sent = await send(conversationId, 'hello?')
    const last = await ended(sent.streamId)
    expect(last).toMatchObject({ done: true, status: 'error', messageId: sent.replyId })
    expect(last.error).toMatch(/Profile "Fake GPT"/)
    expect(last.error).not.toMatch(/\n/)
    expect((await stored(conversationId))[0]).toMatchObject({ role: 'user', text: 'hello?' })
    expect(storedReply(dir, conversationId, sent.replyId)).toMatchObject({
      status: 'error',
      error: last.error
    })
  })

  it('sends a key changed in Profiles, even right after the window had the old one read ahead', async () => {
    const conversationId = await newConversation('New key')
    const changed = 'sk-chat-app-changed-0123456789abcdef'
    // The window opening the conversation: its profile's key is read ahead for the next turn.
    value(await app.invoke('chat:profileFor', { conversationId }))
    value(await app.invoke('profiles:update', { id: profileId, patch: { apiKey: changed } }))
    provider.requests.length = 0
    provider.script({ kind: 'stream', deltas: ['Fine.'] })
    const sent = await send(conversationId, 'which key?')
    await ended(sent.streamId)
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${changed}`)
    value(await app.invoke('profiles:update', { id: profileId, patch: { apiKey: KEY } }))
  })

  it('refuses before streaming when there is nothing to send with: the answer is the error', async () => {
    const result = await app.invoke('chat:send', { conversationId: 'no-such-conversation', text: 'x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const badProfile = await app.invoke('chat:send', {
      conversationId: await newConversation('Bad profile'),
      text: 'x',
      profileId: 'no-such-profile'
    })
    expect(badProfile.ok).toBe(false)
  })

  it('never puts the key in an answer, an event or the log', () => {
    expect(app.raw.length).toBeGreaterThan(10)
    for (const line of app.raw) expect(line).not.toContain(KEY)
    const logs = filesUnder(join(dir, 'logs'))
    expect(logs.length).toBeGreaterThan(0)
    for (const file of logs) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY)
  })
})

describe('chat on the json backend', () => {
  it('refuses chat:send in one line naming the fix', async () => {
    const dir = tempDir('pa-chat-app-json-')
    keychains.track(new SecretStore(dir))
    writeFileSync(
      join(dir, 'conversations.json'),
      JSON.stringify({ conversations: [{ id: 'c1', title: 'Old', messages: [] }] })
    )
    writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: [] }))
    const before = readFileSync(join(dir, 'conversations.json'))
    const app = await bridge(dir, { STORAGE_BACKEND: 'json' })
    try {
      expect(value(await app.invoke<{ storageBackend: string }>('app:status')).storageBackend).toBe('json')
      const result = await app.invoke('chat:send', { conversationId: 'c1', text: 'hello' })
      expect(result).toMatchObject({ ok: false, error: { code: 'WRONG_STATE' } })
      const message = result.ok ? '' : result.error.message
      expect(message).toMatch(/^Chat needs the SQLite store.*Settings → Storage/)
      expect(message).not.toMatch(/\n/)
      // Refused before anything is written: the legacy file does not gain a message that gets no reply.
      expect(readFileSync(join(dir, 'conversations.json')).equals(before)).toBe(true)
    } finally {
      await app.close()
    }
  })
})

describe('chat on the hybrid backend', () => {
  it('counts the reply writes and mirrors the reply to the legacy files', async () => {
    const dir = tempDir('pa-chat-app-hybrid-')
    keychains.track(new SecretStore(dir))
    const app = await bridge(dir, { STORAGE_BACKEND: 'hybrid' })
    try {
      expect(value(await app.invoke<{ storageBackend: string }>('app:status')).storageBackend).toBe('hybrid')
      const profileId = value(
        await app.invoke<{ id: string }>('profiles:create', {
          name: 'Hybrid GPT',
          provider: 'openai',
          model: 'gpt-app',
          baseUrl: provider.url
        })
      ).id
      const conversationId = value(
        await app.invoke<{ id: string }>('conversations:create', { title: 'Mirrored', profileId })
      ).id
      // No key yet: refused before anything streams, as the answer's error.
      const refused = await app.invoke('chat:send', { conversationId, text: 'no key' })
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no API key/) } })
      value(await app.invoke('profiles:update', { id: profileId, patch: { apiKey: 'sk-hybrid-0123456789' } }))
      const before = value(await app.invoke<StoreCounters>('storage:flush')).sqlite.writes
      // Slower than the mirror's debounce: the mirror is written mid-reply, so the final text reaches it only if
      // the reply's own writes schedule it again.
      provider.script({ kind: 'stream', deltas: ['Mirrored ', 'reply'], gapMs: 1_600 })
      const sent = value(await app.invoke<ChatSendView>('chat:send', { conversationId, text: 'mirror me' }))
      await until(() => app.events.some((e) => e.streamId === sent.streamId && e.done), 'the reply to end')
      const after = value(await app.invoke<StoreCounters>('storage:flush')).sqlite.writes
      // The user's message, the reply's start and its end at least.
      expect(after - before).toBeGreaterThanOrEqual(3)
      const mirror = readFileSync(join(dir, 'conversations.json'), 'utf8')
      expect(mirror).toContain('mirror me')
      expect(mirror).toContain('Mirrored reply')
    } finally {
      await app.close()
    }
  })
})
