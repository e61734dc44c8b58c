// "Test connection" and "Fetch models" against real servers on 127.0.0.1 with the key in the real keychain: the key
// goes out as `Authorization: Bearer` or `x-api-key` and never comes back in an answer or a line; each failure is one
// line naming the profile and the fix; listings are sorted, paged (Anthropic) and bounded.
import { describe, expect, it } from 'vitest'
import type { ModelListRequest } from '../src/shared/chat-types'
import { ConnectionCheck, type ConnectionCheckOptions } from '../src/main/services/chat/connection-check'
import { MAX_LISTING_PAGES } from '../src/main/services/chat/model-listing'
import { SqliteProfiles } from '../src/main/store/sqlite/sqlite-profiles'
import { closedPort, useFakeProvider, type ModelsAnswer } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-connection-')
const KEY = 'sk-connection-test-0123456789abcdef'
const provider = useFakeProvider()

interface Setup {
  check: ConnectionCheck
  profiles: SqliteProfiles
  id: string
}

async function setup(
  profile: { provider: string; baseUrl?: string | null; apiKey?: string; model?: string },
  options: ConnectionCheckOptions = {}
): Promise<Setup> {
  const f = fixtures.fresh()
  const profiles = new SqliteProfiles(f.db, f.secrets)
  const created = await profiles.create({
    name: 'Work',
    provider: profile.provider,
    model: profile.model ?? 'gpt-test',
    baseUrl: profile.baseUrl === undefined ? provider.url : profile.baseUrl,
    ...(profile.apiKey !== undefined ? { apiKey: profile.apiKey } : { apiKey: KEY })
  })
  return { check: new ConnectionCheck(profiles, options), profiles, id: created.id }
}

/** The answer carries no key, and its line is one line. */
function keyless<T extends { line: string }>(answer: T): T {
  expect(JSON.stringify(answer)).not.toContain(KEY)
  expect(answer.line).not.toContain('\n')
  return answer
}

const status = (code: number, body: unknown): Extract<ModelsAnswer, { kind: 'status' }> => ({
  kind: 'status',
  status: code,
  body
})

describe('Test connection', () => {
  it('OpenAI: a tiny streamed completion with the keychain’s key as Bearer, answered with the time it took', async () => {
    const s = await setup({ provider: 'openai' })
    provider.requests.length = 0
    const answer = keyless(await s.check.testConnection(s.id))
    expect(answer).toMatchObject({ ok: true, kind: null })
    expect(answer.line).toMatch(/^Connected: OpenAI answered with gpt-test in \d+ ms\.$/)
    expect(answer.line).toContain(`${answer.ms} ms`)
    expect(provider.requests).toHaveLength(1)
    const request = provider.requests[0]!
    expect(request.path).toBe('/v1/chat/completions')
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(request.body).toMatchObject({ model: 'gpt-test', stream: true, max_tokens: 16 })
  })

  it('Anthropic: the Messages stream with x-api-key', async () => {
    const s = await setup({ provider: 'anthropic', model: 'claude-test' })
    provider.requests.length = 0
    const answer = keyless(await s.check.testConnection(s.id))
    expect(answer.line).toMatch(/^Connected: Anthropic answered with claude-test in \d+ ms\.$/)
    expect(provider.requests[0]!.path).toBe('/v1/messages')
    expect(provider.requests[0]!.headers['x-api-key']).toBe(KEY)
  })

  it('a refused key (401), an unknown model (404), a non-streamed answer: the classified line, never the key', async () => {
    const s = await setup({ provider: 'openai' })
    provider.script(status(401, { error: { message: `Incorrect API key provided: ${KEY}` } }))
    const refused = keyless(await s.check.testConnection(s.id))
    expect(refused).toMatchObject({ ok: false, kind: 'auth', ms: null })
    expect(refused.line).toMatch(/^Profile "Work": OpenAI refused the API key \(HTTP 401\).*Re-enter the key/)

    provider.script(status(404, { error: { message: 'The model `gpt-test` does not exist' } }))
    const unknown = keyless(await s.check.testConnection(s.id))
    expect(unknown).toMatchObject({ ok: false, kind: 'not-found' })
    expect(unknown.line).toMatch(/404 for the model "gpt-test"\. Check the model name/)

    provider.script({ kind: 'raw', contentType: 'text/html', body: '<html>login</html>' })
    const page = keyless(await s.check.testConnection(s.id))
    expect(page).toMatchObject({ ok: false, kind: 'protocol' })
    expect(page.line).toContain('answered with text/html instead of an event stream')
  })

  it('no server, no key in the keychain, no answer in time: one line each, and the check never hangs', async () => {
    const port = await closedPort()
    const down = await setup({ provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` })
    const refused = keyless(await down.check.testConnection(down.id))
    expect(refused).toMatchObject({ ok: false, kind: 'unreachable' })
    expect(refused.line).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`))

    const keyless_ = await setup({ provider: 'openai', apiKey: '' })
    const missing = await keyless_.check.testConnection(keyless_.id)
    expect(missing).toMatchObject({ ok: false, kind: 'missing-key' })
    expect(missing.line).toBe(
      'Profile "Work" has no API key in the keychain, or the keychain is locked. Unlock the system keychain and try again, or re-enter the key in Profiles.'
    )

    const slow = await setup({ provider: 'openai' }, { timeoutMs: 300 })
    provider.script({ kind: 'hang' })
    const started = Date.now()
    const timeout = keyless(await slow.check.testConnection(slow.id))
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(timeout).toMatchObject({ ok: false, kind: 'timeout' })
    expect(timeout.line).toMatch(/no answer from 127\.0\.0\.1:\d+ for 0\.3 s/)
  })

  it('a local server takes no key', async () => {
    const s = await setup({ provider: 'ollama', apiKey: '', model: 'llama3' })
    provider.requests.length = 0
    expect((await s.check.testConnection(s.id)).line).toMatch(/^Connected: Ollama answered with llama3 in/)
    expect(provider.requests[0]!.headers.authorization).toBeUndefined()
  })
})

describe('Fetch models', () => {
  it('OpenAI-compatible: GET /models with the key as Bearer, the ids sorted', async () => {
    const s = await setup({ provider: 'openai' })
    provider.models({ kind: 'models', ids: ['gpt-z', 'gpt-a', 'gpt-m'] })
    provider.requests.length = 0
    const answer = keyless(await s.check.fetchModels({ id: s.id }))
    expect(answer).toEqual({ ok: true, models: ['gpt-a', 'gpt-m', 'gpt-z'], line: 'OpenAI lists 3 models.' })
    expect(provider.requests.map((r) => r.path)).toEqual(['/v1/models'])
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)
  })

  it('Anthropic: x-api-key and anthropic-version, following has_more page by page, and stopping at the page limit', async () => {
    const s = await setup({ provider: 'anthropic', model: 'claude-test' })
    const ids = Array.from({ length: 25 }, (_, i) => `claude-${String(i).padStart(2, '0')}`)
    provider.models({ kind: 'models', ids: [...ids].reverse(), pageSize: 10 })
    provider.requests.length = 0
    const answer = keyless(await s.check.fetchModels({ id: s.id }))
    expect(answer).toEqual({ ok: true, models: ids, line: 'Anthropic lists 25 models.' })
    expect(provider.requests.map((r) => r.path)).toEqual([
      '/v1/models?limit=1000',
      '/v1/models?limit=1000&after_id=claude-15',
      '/v1/models?limit=1000&after_id=claude-05'
    ])
    for (const r of provider.requests) {
      expect(r.headers['x-api-key']).toBe(KEY)
      expect(r.headers['anthropic-version']).toBe('2023-06-01')
      expect(r.headers.authorization).toBeUndefined()
    }

    // A listing that never ends is read up to the page limit.
    provider.models({ kind: 'models', ids: Array.from({ length: 50 }, (_, i) => `m-${i}`), pageSize: 1 })
    provider.requests.length = 0
    const capped = await s.check.fetchModels({ id: s.id })
    expect(provider.requests).toHaveLength(MAX_LISTING_PAGES)
    expect(capped.models).toHaveLength(MAX_LISTING_PAGES)
  })

  it('an endpoint that does not list its models (404, 405, not JSON, no data): type the model name', async () => {
    const s = await setup({ provider: 'custom-server', apiKey: '' })
    const answers = [
      status(404, { error: 'not found' }),
      status(405, { error: 'method not allowed' }),
      { kind: 'raw', contentType: 'text/html', body: '<html>hello</html>' },
      status(200, { models: 'none here' })
    ] satisfies ModelsAnswer[]
    for (const listing of answers) {
      provider.models(listing)
      expect(await s.check.fetchModels({ id: s.id })).toEqual({
        ok: false,
        models: [],
        line: `Profile "Work": this endpoint (${provider.url}) does not list its models; type the model name.`
      })
    }
  })

  it('a refused key, no server, a listing too large: one line, never the key', async () => {
    const s = await setup({ provider: 'openai' })
    provider.models(status(401, { error: { message: `Incorrect API key provided: ${KEY}` } }))
    const refused = keyless(await s.check.fetchModels({ id: s.id }))
    expect(refused.ok).toBe(false)
    expect(refused.line).toMatch(/^Profile "Work": OpenAI refused the API key \(HTTP 401\).*Re-enter the key/)

    provider.models({ kind: 'models', ids: Array.from({ length: 50 }, (_, i) => `m-${i}`), padding: 100_000 })
    const large = keyless(await s.check.fetchModels({ id: s.id }))
    expect(large).toEqual({
      ok: false,
      models: [],
      line: `Profile "Work": ${provider.url} listed more than 4 MiB of models; type the model name.`
    })

    const port = await closedPort()
    const down = keyless(await s.check.fetchModels({ id: s.id, baseUrl: `http://127.0.0.1:${port}` }))
    expect(down.line).toMatch(new RegExp(`^Profile "Work": 127\\.0\\.0\\.1:${port} refused the connection`))
  })

  it('an unsaved form: its provider, base URL and typed key; an edit form without a typed key uses the stored one', async () => {
    const s = await setup({ provider: 'openai' })
    provider.models({ kind: 'models', ids: ['b', 'a'] })
    const forms: [ModelListRequest, string | undefined][] = [
      [
        { name: 'Draft', provider: 'groq', baseUrl: provider.url, apiKey: 'sk-typed-0123456789abcdef' },
        'Bearer sk-typed-0123456789abcdef'
      ],
      [{ id: s.id, provider: 'openai', baseUrl: provider.url }, `Bearer ${KEY}`],
      [{ name: 'Local', provider: 'lmstudio', baseUrl: provider.url }, undefined]
    ]
    for (const [form, authorization] of forms) {
      provider.requests.length = 0
      const answer = keyless(await s.check.fetchModels(form))
      expect(answer.models).toEqual(['a', 'b'])
      expect(provider.requests[0]!.headers.authorization).toBe(authorization)
    }
    // A hosted provider's form with the key removed, and none typed, asks for it.
    const removed = await s.check.fetchModels({ id: s.id, apiKey: '' })
    expect(removed).toMatchObject({ ok: false, line: expect.stringContaining('has no API key') })
    provider.models({ kind: 'models', ids: ['fake-large', 'fake-mini'] })
  })
})
