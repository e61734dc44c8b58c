// The provider embedder against a real HTTP server on 127.0.0.1 speaking the OpenAI embeddings API: the profile's
// key from the keychain in the Authorization header, batches, the requested dimensions, retries after 429/5xx, and
// one-line errors naming the endpoint and status (never the key) for 401, a wrong vector size and a timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseEmbedder } from '../src/main/search/choose-embedder'
import { embedPending } from '../src/main/search/embedding-indexer'
import { offlineVector } from '../src/main/search/offline-embedder'
import { embeddingsUrl, providerEmbedder } from '../src/main/search/provider-embedder'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { SqliteProfiles } from '../src/main/store/sqlite/sqlite-profiles'
import { SearchService } from '../src/main/services/search-service'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-embed-')
const KEY = 'sk-embed-test-0123456789'

interface Seen {
  path: string
  auth: string | undefined
  body: { model: string; input: string[]; dimensions: number }
}

let server: Server
let base = ''
const seen: Seen[] = []
/** What the next requests answer, in order; then 200 with vectors. */
let script: ('429' | '500' | '401' | 'short' | 'hang')[] = []

function answer(req: IncomingMessage, res: ServerResponse, body: Seen['body']): void {
  const next = script.shift()
  if (next === 'hang') return // never answers: the client's timeout must end it
  if (next === '401' || next === '429' || next === '500') {
    res.writeHead(Number(next), { 'Content-Type': 'application/json' })
    return void res.end(
      JSON.stringify({ error: { message: `status ${next}`, echoed_key: req.headers.authorization } })
    )
  }
  const size = next === 'short' ? 3 : body.dimensions
  const data = body.input.map((text, index) => ({
    object: 'embedding',
    index,
    embedding: Array.from(offlineVector(text, size))
  }))
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ object: 'list', data: data.reverse(), model: body.model }))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const body = JSON.parse(raw) as Seen['body']
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, body })
      answer(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('the provider embedder', () => {
  it('embeds through the profile’s endpoint with its key from the keychain, in batches, and search uses it', async () => {
    const f = fixtures.fresh()
    const profiles = new SqliteProfiles(f.db, f.secrets)
    const profile = await profiles.create({
      name: 'Local',
      provider: 'openai',
      model: 'gpt-4o',
      baseUrl: `${base}/v1`,
      apiKey: KEY
    })
    const chats = new SqliteConversations(f.db, f.secrets)
    const trip = chats.create({ title: 'Trip' }).id
    for (let i = 0; i < 5; i++)
      chats.appendMessage(trip, { role: 'user', content: `message number ${i} about trains` })
    chats.appendMessage(trip, { role: 'assistant', content: 'Night trains to Porto leave at 23:10.' })
    seen.length = 0
    script = []
    const embedder = await chooseEmbedder(f.db, f.secrets, `profile:${profile.id}`, 'embed-small')
    expect(embedder.id).toBe(`provider:${profile.id}:embed-small`)
    const summary = await embedPending(f.db, embedder, { batchSize: 4 })
    expect(summary).toMatchObject({ embedded: 6, stopped: false })
    expect(seen.map((s) => s.body.input.length)).toEqual([4, 2])
    for (const request of seen) {
      expect(request.path).toBe('/v1/embeddings')
      expect(request.auth).toBe(`Bearer ${KEY}`)
      expect(request.body).toMatchObject({ model: 'embed-small', dimensions: 1024 })
    }
    const hits = await new SearchService(f.db, embedder).search('nigth trains porto')
    expect(hits[0]).toMatchObject({ kind: 'message', sources: ['vector'] })
    expect(hits[0]!.snippet.map((p) => p.text).join('')).toContain('Night trains to Porto')
    // The offline embedder's vectors are kept apart: nothing of the provider's is pending for it, or counted as its.
    expect(
      f.db.prepare("SELECT COUNT(*) AS n FROM embedding_chunks WHERE embedder = 'offline-ngram-v1'").get()
    ).toEqual({ n: 0 })
  })

  it('retries after 429 and 500, and fails in one line naming the endpoint for 401, a wrong size and a timeout', async () => {
    const url = `${base}/v1/embeddings`
    const make = (timeoutMs = 2000) =>
      providerEmbedder({
        baseUrl: base,
        apiKey: KEY,
        model: 'm',
        profileId: 'p',
        backoffMs: 5,
        timeoutMs,
        retries: 2
      })
    seen.length = 0
    script = ['429', '500']
    const [vector] = await make().embed(['hello'])
    expect(vector).toHaveLength(1024)
    expect(seen).toHaveLength(3)

    script = ['401']
    const unauthorised = await make()
      .embed(['x'])
      .catch((error: Error) => error)
    expect((unauthorised as Error).message).toBe(
      `The embeddings endpoint ${url} answered 401. Check the API key of the profile.`
    )
    expect(String(unauthorised)).not.toContain(KEY)

    script = ['short']
    await expect(make().embed(['x'])).rejects.toThrow(
      `${url} returned embeddings of 3 dimensions; Personal Agent stores 1024.`
    )
    script = ['hang']
    await expect(make(200).embed(['x'])).rejects.toThrow(
      `The embeddings endpoint ${url} failed: no answer within 0.2 s.`
    )
    script = ['500', '500', '500']
    await expect(make().embed(['x'])).rejects.toThrow(/answered 500\. Try again later\./)
    script = ['hang']
    const controller = new AbortController()
    const pending = make().embed(['x'], controller.signal)
    controller.abort(new Error('stopped by the user'))
    await expect(pending).rejects.toThrow('stopped by the user')
  })

  it('finds the embeddings path from the base URL, and refuses a profile without one', async () => {
    expect(embeddingsUrl('https://api.openai.com')).toBe('https://api.openai.com/v1/embeddings')
    expect(embeddingsUrl('https://api.openai.com/v1/')).toBe('https://api.openai.com/v1/embeddings')
    expect(embeddingsUrl('http://localhost:11434/v2')).toBe('http://localhost:11434/v2/embeddings')
    const f = fixtures.fresh()
    const profile = await new SqliteProfiles(f.db, f.secrets).create({
      name: 'No URL',
      provider: 'openai',
      model: 'gpt'
    })
    await expect(chooseEmbedder(f.db, f.secrets, `profile:${profile.id}`)).rejects.toThrow(/has no base URL/)
    await expect(chooseEmbedder(f.db, f.secrets, 'openai')).rejects.toThrow(
      /--embedder takes "offline" or "profile:<profile id>"/
    )
  })
})
