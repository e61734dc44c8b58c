// The MCP server form's timeouts and headers on real SQLite and a real keychain: timeouts set, shown, cleared and
// refused in one line by the IPC table; a migrated record's fields shown as they are and, untouched, exported
// byte-identical; secret headers only in the keychain (masked in answers, kept when sent back masked) and used when
// connecting; the supervisor honouring a call timeout set this way; and the json backend keeping both as fields.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateIpcRequest } from '../src/shared/ipc-schema'
import type { McpServerInput, McpServerView } from '../src/shared/types'
import { maskSecret } from '../src/shared/secret-policy'
import { SecretStore } from '../src/main/secrets/secret-store'
import { McpSupervisor } from '../src/main/services/mcp/server-supervisor'
import { openBackend } from '../src/main/store/open-backend'
import type { Store } from '../src/main/store/store'
import { SqliteMcpServers } from '../src/main/store/sqlite/sqlite-mcp-servers'
import { cli } from './support/cli'
import { tempDir } from './support/folders'
import { FAULT_SERVER, faultServer, migratedMcpFolder, NODE, TSX_LOADER } from './support/mcp-servers'
import { mutations, storeContains } from './support/store-contents'
import { storeFixtures, type StoreFixture } from './support/store-fixture'

const stores = storeFixtures('pa-mcp-form-')
const TOKEN = 'mcp-form-token-0123456789abcdef'
const LONG = 180_000

function fixture(): StoreFixture & { service: SqliteMcpServers } {
  const store = stores.fresh()
  return { ...store, service: new SqliteMcpServers(store.db, store.secrets) }
}

function extraOf(f: StoreFixture, uid: string): unknown {
  const row = f.db.prepare('SELECT extra FROM mcp_servers WHERE uid = ?').get(uid) as { extra: string }
  return JSON.parse(row.extra)
}

function pointers(f: StoreFixture): string[] {
  const rows = f.db.prepare('SELECT json_pointer FROM secret_refs ORDER BY json_pointer').all() as {
    json_pointer: string
  }[]
  return rows.map((row) => row.json_pointer)
}

/** The form as the dialog sends it back unchanged. */
function formOf(view: McpServerView): McpServerInput {
  const { name, command, args, env, enabled, transport, url, headers, timeouts } = view
  return { name, command, args, env, enabled, transport, url, headers, timeouts }
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('timeouts from the form', () => {
  it('sets, shows and clears timeouts as fields of the record; the same values again write nothing', async () => {
    const f = fixture()
    const created = await f.service.create({
      name: 'slow',
      command: 'node',
      timeouts: { callMs: 1000, listMs: null }
    })
    expect(created.timeouts).toEqual({ connectMs: null, listMs: null, callMs: 1000 })
    expect(extraOf(f, created.id)).toEqual({ call_timeout_ms: 1000 })

    const changed = await f.service.update(created.id, { timeouts: { connectMs: 5000, callMs: null } })
    expect(changed.timeouts).toEqual({ connectMs: 5000, listMs: null, callMs: null })
    expect(extraOf(f, created.id)).toEqual({ connect_timeout_ms: 5000 })

    const before = mutations(f.db)
    expect(await f.service.update(created.id, formOf(changed))).toEqual(changed)
    expect(mutations(f.db)).toBe(before)
  })

  it('refuses a timeout that is not a whole number of milliseconds up to an hour, in one line naming it', () => {
    for (const [timeouts, field] of [
      [{ callMs: 0 }, 'timeouts.callMs'],
      [{ listMs: 3_600_001 }, 'timeouts.listMs'],
      [{ connectMs: 1.5 }, 'timeouts.connectMs'],
      [{ callMs: '5' }, 'timeouts.callMs']
    ] as const) {
      for (const [channel, request] of [
        ['mcp:create', { name: 'x', timeouts }],
        ['mcp:update', { id: 'x', patch: { timeouts } }]
      ] as const) {
        expect(() => validateIpcRequest(channel, request)).toThrow(field)
        try {
          validateIpcRequest(channel, request)
        } catch (error) {
          expect((error as Error).message).not.toContain('\n')
        }
      }
    }
    expect(validateIpcRequest('mcp:update', { id: 'x', patch: { timeouts: { callMs: null } } })).toEqual({
      id: 'x',
      patch: { timeouts: { callMs: null } }
    })
  })
})

describe('headers from the form', () => {
  it('keeps a secret header only in the keychain, masked in every answer, kept when it comes back masked', async () => {
    const f = fixture()
    const bearer = `Bearer ${TOKEN}`
    const created = await f.service.create({
      name: 'remote',
      transport: 'http',
      url: 'http://127.0.0.1:9/mcp',
      headers: { Authorization: bearer, 'X-Trace': 'on' }
    })
    expect(created.headers).toEqual({ 'X-Trace': 'on', Authorization: maskSecret(`Bearer ${TOKEN}`) })
    expect(created.secretHeaderKeys).toEqual(['Authorization'])
    expect(extraOf(f, created.id)).toEqual({ headers: { 'X-Trace': 'on' } })
    expect(pointers(f)).toEqual(['/headers/Authorization'])
    expect(storeContains(f, TOKEN)).toBe(false)
    expect(JSON.stringify(await f.service.list())).not.toContain(TOKEN)
    expect((await f.service.connection(created.id)).headers).toEqual({
      'X-Trace': 'on',
      Authorization: bearer
    })

    // Sent back masked (as the dialog does when the row is not touched): nothing changes.
    const before = mutations(f.db)
    expect(await f.service.update(created.id, formOf(created))).toEqual(created)
    expect(mutations(f.db)).toBe(before)

    const replaced = await f.service.update(created.id, {
      headers: { Authorization: 'Bearer another-token-9876543210', 'X-Trace': 'on' }
    })
    expect(replaced.headers['Authorization']).toBe(maskSecret('Bearer another-token-9876543210'))
    expect((await f.service.connection(created.id)).headers['Authorization']).toBe(
      'Bearer another-token-9876543210'
    )
    expect(storeContains(f, 'another-token-9876543210')).toBe(false)

    const removed = await f.service.update(created.id, { headers: { 'X-Trace': 'off' } })
    expect(removed.headers).toEqual({ 'X-Trace': 'off' })
    expect(pointers(f)).toEqual([])
  })
})

describe('a URL edited around its masked credentials', () => {
  const WRITTEN =
    'https://me:mcp-url-pass-0123456789abcdef@mcp.example/v1/mcp?token=mcp-url-token-0123456789ab&x=1'
  const input: McpServerInput = { name: 'remote', transport: 'http', url: WRITTEN }

  it('keeps the stored credentials when only the path changes, or the form comes back unchanged', async () => {
    const f = fixture()
    const view = await f.service.create(input)
    expect(view.url).toBe('https://***@mcp.example/v1/mcp?token=***&x=1')
    expect(await f.service.update(view.id, formOf(view))).toEqual(view)
    const moved = await f.service.update(view.id, { ...formOf(view), url: view.url!.replace('/v1', '/v2') })
    expect(moved.url).toBe('https://***@mcp.example/v2/mcp?token=***&x=1')
    expect((await f.service.connection(view.id)).url).toBe(WRITTEN.replace('/v1', '/v2'))
    expect(storeContains(f, 'mcp-url-pass-0123456789abcdef')).toBe(false)
  })

  it('takes a credential typed anew, drops one removed, and forgets the keychain entry with the last', async () => {
    const f = fixture()
    const view = await f.service.create(input)
    await f.service.update(view.id, {
      url: 'https://***@mcp.example/v1/mcp?token=typed-token-0123456789ab&x=1'
    })
    expect((await f.service.connection(view.id)).url).toBe(
      'https://me:mcp-url-pass-0123456789abcdef@mcp.example/v1/mcp?token=typed-token-0123456789ab&x=1'
    )
    await f.service.update(view.id, { url: 'https://mcp.example/v1/mcp?token=***&x=1' })
    expect((await f.service.connection(view.id)).url).toBe(
      'https://mcp.example/v1/mcp?token=typed-token-0123456789ab&x=1'
    )
    expect(pointers(f)).toEqual(['/url'])
    await f.service.update(view.id, { url: 'https://mcp.example/v1/mcp?x=1' })
    expect((await f.service.connection(view.id)).url).toBe('https://mcp.example/v1/mcp?x=1')
    expect(pointers(f)).toEqual([])
    expect((await f.secrets.listAccounts()).some((a) => a.endsWith('/url'))).toBe(false)
  })
})

describe('a migrated record', () => {
  const legacy = {
    id: 'old',
    name: 'old',
    transport: 'http',
    url: 'http://127.0.0.1:9/mcp',
    headers: { Authorization: `Bearer ${TOKEN}`, 'X-Trace': 'on' },
    callTimeoutMs: 5000,
    connect_timeout_ms: '7000',
    other_field: [1, 2]
  }

  it('shows its timeouts and headers as they are, and untouched exports byte-identical', async () => {
    const dir = migratedMcpFolder(() => [legacy], stores.track)
    const before = tempDir('pa-mcp-form-before-')
    expect(cli(['export', '--out', before, '--data-dir', dir]).code).toBe(0)
    const store = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
    try {
      const view = await store.mcp.get('old')
      expect(view.timeouts).toEqual({ connectMs: 7000, listMs: null, callMs: 5000 })
      expect(view.headers).toEqual({ 'X-Trace': 'on', Authorization: maskSecret(`Bearer ${TOKEN}`) })
      expect(await store.mcp.update('old', formOf(view))).toEqual(view)
      expect(await store.mcp.update('old', { timeouts: { callMs: 5000 }, headers: view.headers })).toEqual(
        view
      )
    } finally {
      await store.close()
    }
    const after = tempDir('pa-mcp-form-after-')
    expect(cli(['export', '--out', after, '--data-dir', dir]).code).toBe(0)
    const file = (folder: string): string => readFileSync(join(folder, 'mcp_config.json'), 'utf8')
    expect(file(after)).toBe(file(before))
    expect(file(after)).toContain(TOKEN)

    // A change replaces the field that held the value (camelCase here) and keeps the rest of the record.
    const edited = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
    try {
      await edited.mcp.update('old', { timeouts: { callMs: 6000 } })
    } finally {
      await edited.close()
    }
    const changed = tempDir('pa-mcp-form-changed-')
    expect(cli(['export', '--out', changed, '--data-dir', dir]).code).toBe(0)
    const servers = (JSON.parse(file(changed)) as { servers: Record<string, unknown>[] }).servers
    expect(servers[0]).toEqual({ ...legacy, callTimeoutMs: 6000 })
  })
})

describe('the supervisor with settings from the form', () => {
  const dir = migratedMcpFolder((d) => [faultServer(d, 'fault')], stores.track)
  let http: ChildProcess
  let url = ''
  let store: Store
  let supervisor: McpSupervisor
  beforeAll(async () => {
    const portFile = join(tempDir('pa-mcp-form-port-'), 'port')
    http = spawn(NODE, ['--import', TSX_LOADER, FAULT_SERVER, 'http', portFile], {
      env: { ...process.env, FAULT_TOKEN: TOKEN },
      stdio: 'ignore'
    })
    await until('the HTTP server', () => existsSync(portFile) && readFileSync(portFile, 'utf8') !== '')
    url = `http://127.0.0.1:${readFileSync(portFile, 'utf8')}/mcp`
    store = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
    supervisor = await McpSupervisor.start(dir, store.mcp)
  }, LONG)
  afterAll(async () => {
    await supervisor.close()
    await store.close()
    http.kill()
  })

  it(
    'times out a hanging call after the 1 s call timeout set in the form',
    async () => {
      await store.mcp.update('fault', { timeouts: { callMs: 1000 } })
      const started = Date.now()
      await expect(supervisor.call('fault', 'hang', {})).rejects.toThrow(
        'MCP server "fault" did not answer "call hang" within 1 s (raise call_timeout_ms in its settings'
      )
      expect(Date.now() - started).toBeLessThan(20_000)
    },
    LONG
  )

  it(
    'connects with a bearer header entered in the form, read from the keychain',
    async () => {
      const created = await store.mcp.create({
        name: 'remote',
        transport: 'http',
        url,
        headers: { Authorization: `Bearer ${TOKEN}` }
      })
      const result = await supervisor.call(created.id, 'echo', { message: 'with the form header' })
      expect(JSON.stringify(result)).toContain('fault echo: with the form header')
      expect(readFileSync(join(dir, 'personal-agent.db')).includes(Buffer.from(TOKEN))).toBe(false)
    },
    LONG
  )
})

describe('the json backend', () => {
  it('keeps timeouts and headers as fields of mcp_config.json, untouched when the form comes back unchanged', async () => {
    const dir = tempDir('pa-mcp-form-json-')
    const file = join(dir, 'mcp_config.json')
    const server = {
      id: 'old',
      name: 'old',
      transport: 'http',
      url: 'http://127.0.0.1:9/mcp',
      headers: { Authorization: `Bearer ${TOKEN}` },
      callTimeoutMs: 5000
    }
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
    writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: [] }))
    writeFileSync(file, JSON.stringify({ servers: [server] }))
    const original = readFileSync(file, 'utf8')
    const store = await openBackend({ dataDir: dir, backend: 'json', secrets: new SecretStore(dir) })
    try {
      const view = await store.mcp.get('old')
      expect(view.timeouts).toEqual({ connectMs: null, listMs: null, callMs: 5000 })
      expect(view.headers).toEqual({ Authorization: maskSecret(`Bearer ${TOKEN}`) })
      expect(view.secretHeaderKeys).toEqual(['Authorization'])
      expect(await store.mcp.update('old', formOf(view))).toEqual(view)
      expect(readFileSync(file, 'utf8')).toBe(original)
      const changed = await store.mcp.update('old', {
        timeouts: { callMs: null, listMs: 2000 },
        headers: { ...view.headers, 'X-Trace': 'on' }
      })
      expect(changed.timeouts).toEqual({ connectMs: null, listMs: 2000, callMs: null })
    } finally {
      await store.close()
    }
    const expected: Record<string, unknown> = {
      ...server,
      headers: { ...server.headers, 'X-Trace': 'on' },
      list_timeout_ms: 2000
    }
    delete expected['callTimeoutMs']
    expect((JSON.parse(readFileSync(file, 'utf8')) as { servers: unknown[] }).servers).toEqual([expected])
  })
  it('shows a URL with credentials redacted, and keeps them in the file through a masked edit', async () => {
    const dir = tempDir('pa-mcp-form-json-url-')
    const file = join(dir, 'mcp_config.json')
    const written = 'https://me:json-pass-0123456789abcdef@mcp.example/v1?key=json-key-0123456789abcdef'
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
    const models = join(dir, 'models.json')
    writeFileSync(models, JSON.stringify({ profiles: [{ id: 'p', name: 'P', base_url: written }] }))
    writeFileSync(
      file,
      JSON.stringify({ servers: [{ id: 'web', name: 'web', transport: 'http', url: written }] })
    )
    const original = readFileSync(file, 'utf8')
    const store = await openBackend({ dataDir: dir, backend: 'json', secrets: new SecretStore(dir) })
    try {
      const view = await store.mcp.get('web')
      expect(view.url).toBe('https://***@mcp.example/v1?key=***')
      expect(await store.mcp.update('web', formOf(view))).toEqual(view)
      expect(readFileSync(file, 'utf8')).toBe(original)
      await store.mcp.update('web', { url: 'https://***@mcp.example/v2?key=***' })
      expect(readFileSync(file, 'utf8')).toContain(written.replace('/v1', '/v2'))
      await store.mcp.update('web', { url: 'https://mcp.example/v2?key=***' })
      expect(readFileSync(file, 'utf8')).toContain('"https://mcp.example/v2?key=json-key-0123456789abcdef"')
      const profile = await store.profiles.get('p')
      expect(profile.baseUrl).toBe('https://***@mcp.example/v1?key=***')
      await store.profiles.update('p', { baseUrl: profile.baseUrl!.replace('/v1', '/v3') })
      expect(readFileSync(models, 'utf8')).toContain(written.replace('/v1', '/v3'))
    } finally {
      await store.close()
    }
  })
})
