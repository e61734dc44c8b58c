// Search in the running app (the app host, as Electron and `serve` run it): the embedder chosen in Settings (a
// profile's endpoint, here a local OpenAI-style server on 127.0.0.1) embeds in the background with progress events,
// search by meaning answers through it, the choice survives a restart, a bad choice is refused, and a profile that
// has gone makes search fall back to the built-in embedder with a message.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppHost, type AppHost } from '../src/main/app/app-host'
import { offlineVector } from '../src/main/search/offline-embedder'
import { SecretStore } from '../src/main/secrets/secret-store'
import type { EmbeddingStatusView } from '../src/shared/import-types'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const tracker = storeFixtures('pa-search-host-')
const KEY = 'sk-search-host-key-4242'
let server: Server
let base = ''
const auths: (string | undefined)[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      auths.push(req.headers.authorization)
      const body = JSON.parse(raw) as { input: string[]; dimensions: number }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(
        JSON.stringify({
          data: body.input.map((text, index) => ({
            index,
            embedding: Array.from(offlineVector(text, body.dimensions))
          }))
        })
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function settled(host: AppHost): Promise<EmbeddingStatusView> {
  for (let i = 0; i < 200; i++) {
    const status = await host.handlers['embedding:status']()
    if (!status.running && status.pending === 0) return status
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('embedding did not finish')
}

describe('search in the app', () => {
  it('embeds through the profile chosen in Settings, in the background, and keeps the choice', async () => {
    const dataDir = join(tempDir(), 'data')
    tracker.track(new SecretStore(dataDir))
    const events: EmbeddingStatusView[] = []
    let host = await startAppHost({
      dataDir,
      onProgress: () => undefined,
      emit: (event, payload) => event === 'embedding:progress' && events.push(payload as EmbeddingStatusView)
    })
    try {
      const chat = await host.handlers['conversations:create']({ title: 'Trains' })
      await host.handlers['conversations:append']({
        id: chat.id,
        role: 'user',
        content: 'Which night train goes from Lisbon to Madrid?'
      })
      expect((await settled(host)).embedder).toBe('offline-ngram-v1')

      const profile = await host.handlers['profiles:create']({
        name: 'Local',
        provider: 'openai',
        model: 'gpt',
        baseUrl: base,
        apiKey: KEY
      })
      const noUrl = await host.handlers['profiles:create']({
        name: 'No URL',
        provider: 'openai',
        model: 'gpt'
      })
      await expect(host.handlers['embedding:setEmbedder']({ profileId: noUrl.id })).rejects.toThrow(
        /has no base URL/
      )
      expect((await host.handlers['embedding:status']()).profileId).toBeNull()

      events.length = 0
      const chosen = await host.handlers['embedding:setEmbedder']({
        profileId: profile.id,
        model: 'embed-small'
      })
      expect(chosen).toMatchObject({
        profileId: profile.id,
        model: 'embed-small',
        embedder: `provider:${profile.id}:embed-small`
      })
      const done = await settled(host)
      expect(done.error).toBeNull()
      expect(events.some((event) => event.embedder === `provider:${profile.id}:embed-small`)).toBe(true)
      expect(auths).toContain(`Bearer ${KEY}`)
      const hits = await host.handlers['search:query']({ query: 'nigth train to madrid' })
      expect(hits[0]).toMatchObject({ kind: 'message', conversationId: chat.id, sources: ['vector'] })
      expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
        searchEmbedder: { profileId: profile.id, model: 'embed-small' }
      })
      expect(JSON.stringify(await host.handlers['embedding:status']())).not.toContain(KEY)

      // A restart keeps the choice.
      await host.dispose()
      host = await startAppHost({ dataDir, onProgress: () => undefined })
      await expect.poll(async () => (await host.handlers['embedding:status']()).profileId).toBe(profile.id)

      // The profile is deleted: search falls back to the built-in embedder and says why.
      await host.handlers['profiles:delete']({ id: profile.id })
      await host.dispose()
      host = await startAppHost({ dataDir, onProgress: () => undefined })
      await expect
        .poll(async () => (await host.handlers['embedding:status']()).error)
        .toMatch(/could not be used .*the built-in one is used/)
      const fallback = await settled(host)
      expect(fallback).toMatchObject({ embedder: 'offline-ngram-v1', profileId: null })
      expect((await host.handlers['search:query']({ query: 'night train' }))[0]).toMatchObject({
        conversationId: chat.id
      })
    } finally {
      await host.dispose()
    }
  })
})
