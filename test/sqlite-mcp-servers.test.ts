// SqliteMcpServers on real SQLite files and a real keychain: secret env values only in the keychain (masked in views,
// kept when sent back masked), RFC 6901 pointers, legacy edits, enabling and deletion.
import { describe, expect, it } from 'vitest'
import { storeFixtures, type StoreFixture } from './support/store-fixture'
import { mutations, storeContains, storeLegacySecrets } from './support/store-contents'
import type { Db } from '../src/main/store/sqlite/database'
import { splitRecord, type JsonObject } from '../src/main/base/record-codec'
import { MCP_FIELDS, MCP_LIST_FIELDS } from '../src/main/store/sqlite/record-specs'
import { liftSecrets } from '../src/main/secrets/secret-fields'
import { maskSecret } from '../src/shared/secret-policy'
import { SqliteMcpServers } from '../src/main/store/sqlite/sqlite-mcp-servers'

const stores = storeFixtures('pa-mcp-')

interface Fixture extends StoreFixture {
  service: SqliteMcpServers
}

function fixture(): Fixture {
  const store = stores.fresh()
  return { ...store, service: new SqliteMcpServers(store.db, store.secrets) }
}

/** Stores a legacy server the way the migration does; in a map-shaped file the map key is the uid. */
async function insertLegacy(
  f: Fixture,
  record: JsonObject,
  position: number,
  mapKey?: string
): Promise<number> {
  const lifted = liftSecrets(record)
  const { columns, extra } = splitRecord(
    lifted.stripped as JsonObject,
    mapKey === undefined ? MCP_LIST_FIELDS : MCP_FIELDS
  )
  const id = Number(
    f.db
      .prepare(
        `INSERT INTO mcp_servers(uid, position, name, command, args, env, enabled, transport, url, extra, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'legacy')`
      )
      .run(
        mapKey ?? columns.uid ?? `legacy-${position}`,
        position,
        columns.name,
        columns.command,
        columns.args,
        columns.env,
        columns.enabled,
        columns.transport,
        columns.url,
        extra
      ).lastInsertRowid
  )
  await storeLegacySecrets(f, { kind: 'mcp_server', id }, 'mcp_config.json', position, lifted.secrets)
  return id
}

function rowOf(db: Db, uid: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM mcp_servers WHERE uid = ?').get(uid) as Record<string, unknown> | undefined
}

function refs(db: Db): { account: string; json_pointer: string; run_id: string | null }[] {
  return db.prepare('SELECT account, json_pointer, run_id FROM secret_refs ORDER BY json_pointer').all() as {
    account: string
    json_pointer: string
    run_id: string | null
  }[]
}

const GITHUB = 'ghp_abcdefghijklmnop1234567890'
const NO_HEADERS_OR_TIMEOUTS = {
  headers: {},
  secretHeaderKeys: [],
  timeouts: { connectMs: null, listMs: null, callMs: null }
}

describe('SqliteMcpServers views', () => {
  it('shows legacy servers with defaults, plain env values and masked secrets', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      {
        id: 'gh',
        name: 'GitHub',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        env: { GITHUB_TOKEN: GITHUB, LOG_LEVEL: 'debug', RETRIES: 3 }
      },
      0
    )
    await insertLegacy(
      f,
      { id: 'web', name: 'Web', transport: 'sse', url: 'http://localhost:8080/sse', enabled: false },
      1
    )
    await insertLegacy(f, { id: 'odd', args: ['ok', 5], enabled: 'yes' }, 2)
    const views = await f.service.list()
    expect(views).toEqual([
      {
        id: 'gh',
        name: 'GitHub',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        env: { LOG_LEVEL: 'debug', RETRIES: '3', GITHUB_TOKEN: maskSecret(GITHUB) },
        secretEnvKeys: ['GITHUB_TOKEN'],
        enabled: true,
        transport: 'stdio',
        url: null,
        startAtLaunch: false,
        ...NO_HEADERS_OR_TIMEOUTS
      },
      {
        id: 'web',
        name: 'Web',
        command: null,
        args: [],
        env: {},
        secretEnvKeys: [],
        enabled: false,
        transport: 'sse',
        url: 'http://localhost:8080/sse',
        startAtLaunch: false,
        ...NO_HEADERS_OR_TIMEOUTS
      },
      {
        id: 'odd',
        name: '',
        command: null,
        args: [],
        env: {},
        secretEnvKeys: [],
        enabled: true,
        transport: 'stdio',
        url: null,
        startAtLaunch: false,
        ...NO_HEADERS_OR_TIMEOUTS
      }
    ])
    expect(views[0]!.env.GITHUB_TOKEN).toBe('ghp…7890')
    expect(storeContains(f, GITHUB)).toBe(false)
  })

  it('names servers of a name→server map by their map key', async () => {
    const f = fixture()
    f.db
      .prepare(
        "INSERT INTO legacy_documents(file, shape, list_key) VALUES ('mcp_config.json', 'map', 'mcpServers')"
      )
      .run()
    await insertLegacy(f, { command: 'uvx', args: ['mcp-server-git'] }, 0, 'git')
    expect(await f.service.get('git')).toMatchObject({ id: 'git', name: 'git', command: 'uvx' })
  })

  it('reports unknown servers as NOT_FOUND', async () => {
    const f = fixture()
    const message = 'MCP server nope was not found. It may have been deleted; refresh the list.'
    await expect(f.service.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message })
    await expect(f.service.update('nope', { name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message
    })
    await expect(f.service.delete('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message })
    expect(() => f.service.setEnabled('nope', true)).toThrow(message)
    expect(mutations(f.db)).toBe(0)
  })
})

describe('SqliteMcpServers secrets in env', () => {
  it('creates a server with secret env values in the keychain under escaped pointers', async () => {
    const f = fixture()
    const created = await f.service.create({
      name: 'Mine',
      command: 'node',
      args: ['server.js'],
      env: {
        GITHUB_TOKEN: GITHUB,
        'A/B_TOKEN': 'slash-secret-value-1',
        'X~Y_SECRET': 'tilde-secret-value-2',
        API_KEY: '',
        HOME_DIR: '/home/me'
      }
    })
    expect(created.env).toEqual({
      API_KEY: '',
      HOME_DIR: '/home/me',
      GITHUB_TOKEN: maskSecret(GITHUB),
      'A/B_TOKEN': maskSecret('slash-secret-value-1'),
      'X~Y_SECRET': maskSecret('tilde-secret-value-2')
    })
    expect([...created.secretEnvKeys].sort()).toEqual(['A/B_TOKEN', 'GITHUB_TOKEN', 'X~Y_SECRET'])
    const row = rowOf(f.db, created.id)!
    expect(row).toMatchObject({
      origin: 'app',
      enabled: 1,
      env: '{"API_KEY":"","HOME_DIR":"/home/me"}',
      args: '["server.js"]'
    })
    expect(refs(f.db)).toEqual([
      {
        account: f.secrets.account(`mcp_server/${created.id}/env/A~1B_TOKEN`),
        json_pointer: '/env/A~1B_TOKEN',
        run_id: null
      },
      {
        account: f.secrets.account(`mcp_server/${created.id}/env/GITHUB_TOKEN`),
        json_pointer: '/env/GITHUB_TOKEN',
        run_id: null
      },
      {
        account: f.secrets.account(`mcp_server/${created.id}/env/X~0Y_SECRET`),
        json_pointer: '/env/X~0Y_SECRET',
        run_id: null
      }
    ])
    expect(await f.secrets.get(f.secrets.account(`mcp_server/${created.id}/env/GITHUB_TOKEN`))).toBe(GITHUB)
    for (const secret of [GITHUB, 'slash-secret-value-1', 'tilde-secret-value-2'])
      expect(storeContains(f, secret)).toBe(false)
    expect(mutations(f.db)).toBe(1)
  })

  it('leaves a legacy server untouched when its view comes back unchanged', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'gh', name: 'GitHub', command: 'npx', env: { GITHUB_TOKEN: GITHUB, RETRIES: 3, FLAGS: ['a'] } },
      0
    )
    const before = rowOf(f.db, 'gh')
    const view = await f.service.get('gh')
    const form = {
      name: view.name,
      command: view.command,
      args: view.args,
      env: view.env,
      enabled: view.enabled,
      transport: view.transport,
      url: view.url
    }
    const after = await f.service.update('gh', form)
    expect(after).toEqual(view)
    expect(rowOf(f.db, 'gh')).toEqual(before)
    expect(mutations(f.db)).toBe(0)
  })

  it('keeps a masked secret, changes plain values, keeps non-string legacy values that come back as shown', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'gh', env: { GITHUB_TOKEN: GITHUB, RETRIES: 3, LEVEL: 'info' } }, 0)
    const [migrated] = refs(f.db)
    const view = await f.service.get('gh')
    await f.service.update('gh', { env: { ...view.env, LEVEL: 'debug' } })
    expect(rowOf(f.db, 'gh')).toMatchObject({ env: '{"RETRIES":3,"LEVEL":"debug"}', changed: 1 })
    expect(refs(f.db)).toEqual([migrated])
    expect(await f.secrets.get(migrated!.account)).toBe(GITHUB)
    expect(mutations(f.db)).toBe(1)
  })

  it('replaces a migrated secret under the app account and forgets the migrated entry', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'gh', env: { GITHUB_TOKEN: GITHUB } }, 0)
    const [migrated] = refs(f.db)
    const updated = await f.service.update('gh', { env: { GITHUB_TOKEN: 'ghp_newnewnewnewnewnew0000' } })
    expect(updated.env).toEqual({ GITHUB_TOKEN: 'ghp…0000' })
    const account = f.secrets.account('mcp_server/gh/env/GITHUB_TOKEN')
    expect(refs(f.db)).toEqual([{ account, json_pointer: '/env/GITHUB_TOKEN', run_id: null }])
    expect(await f.secrets.get(account)).toBe('ghp_newnewnewnewnewnew0000')
    expect(await f.secrets.get(migrated!.account)).toBeNull()
    expect(rowOf(f.db, 'gh')).toMatchObject({ env: '{}', changed: 1 })
    expect(storeContains(f, 'ghp_newnewnewnewnewnew0000')).toBe(false)
  })

  it('removes a secret whose key is dropped, and moves a cleared secret into the column', async () => {
    const f = fixture()
    const created = await f.service.create({
      name: 's',
      env: { GITHUB_TOKEN: GITHUB, SLACK_TOKEN: 'xoxb-slack-secret-123' }
    })
    const accounts = refs(f.db).map((r) => r.account)
    const updated = await f.service.update(created.id, { env: { SLACK_TOKEN: '' } })
    expect(updated).toMatchObject({ env: { SLACK_TOKEN: '' }, secretEnvKeys: [] })
    expect(refs(f.db)).toEqual([])
    for (const account of accounts) expect(await f.secrets.get(account)).toBeNull()
    expect(rowOf(f.db, created.id)).toMatchObject({ env: '{"SLACK_TOKEN":""}' })
  })

  it('deletes a server with every keychain entry it owns and records legacy deletions', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'gh', env: { GITHUB_TOKEN: GITHUB }, headers: { Authorization_token: 'bearer-secret-xyz' } },
      0
    )
    const created = await f.service.create({ name: 'mine', env: { API_KEY: 'sk-mine-1234567890ab' } })
    expect(refs(f.db)).toHaveLength(3)
    await f.service.delete('gh')
    await f.service.delete(created.id)
    expect(refs(f.db)).toEqual([])
    expect(await f.secrets.listAccounts()).toEqual([])
    expect(f.db.prepare('SELECT kind, uid FROM deletions').all()).toEqual([{ kind: 'mcp_server', uid: 'gh' }])
    expect(f.db.prepare('SELECT count(*) AS n FROM mcp_servers').get()).toEqual({ n: 0 })
    expect(mutations(f.db)).toBe(3)
  })
})

describe('SqliteMcpServers edits', () => {
  it('updates only touched columns, replacing legacy fields kept in extra', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 's', name: 'S', command: 'old', args: ['x', 1], custom: true }, 0)
    expect(JSON.parse(rowOf(f.db, 's')!.extra as string)).toEqual({ args: ['x', 1], custom: true })
    const updated = await f.service.update('s', { args: ['x', '1'], transport: 'stdio' })
    expect(updated.args).toEqual(['x', '1'])
    expect(rowOf(f.db, 's')).toMatchObject({
      name: 'S',
      command: 'old',
      args: '["x","1"]',
      transport: null,
      extra: '{"custom":true}',
      changed: 1
    })
    await f.service.update('s', { command: null, url: 'http://u' })
    expect(rowOf(f.db, 's')).toMatchObject({ command: null, url: 'http://u' })
    expect(mutations(f.db)).toBe(2)
  })

  it('setEnabled writes only a real change', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 's', enabled: 'no' }, 0)
    f.service.setEnabled('s', true)
    expect(rowOf(f.db, 's')).toMatchObject({ enabled: null, changed: 0 })
    expect(mutations(f.db)).toBe(0)
    f.service.setEnabled('s', false)
    expect(rowOf(f.db, 's')).toMatchObject({ enabled: 0, changed: 1, extra: '{}' })
    expect((await f.service.get('s')).enabled).toBe(false)
    f.service.setEnabled('s', false)
    expect(mutations(f.db)).toBe(1)
    expect(() => f.service.setEnabled('s', 'yes' as unknown as boolean)).toThrow(/true or false/)
  })

  it('creates servers after legacy and quarantined records', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 's' }, 0)
    f.db
      .prepare(
        "INSERT INTO quarantine(file, json_path, reason, raw, position) VALUES ('mcp_config.json', '$.servers[3]', 'x', '3', 3)"
      )
      .run()
    const created = await f.service.create({ name: 'n', transport: 'http', url: 'http://x', enabled: false })
    expect(created).toMatchObject({
      transport: 'http',
      url: 'http://x',
      enabled: false,
      args: [],
      env: {},
      command: null
    })
    expect(rowOf(f.db, created.id)).toMatchObject({ position: 4, env: null, enabled: 0 })
  })

  it('rejects malformed input without writing', async () => {
    const f = fixture()
    await expect(
      f.service.create({ name: 'x', env: { A: 1 } as unknown as Record<string, string> })
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    await expect(f.service.create({ name: 'x', args: 'a b' as unknown as string[] })).rejects.toMatchObject({
      code: 'INVALID_INPUT'
    })
    expect(f.db.prepare('SELECT count(*) AS n FROM mcp_servers').get()).toEqual({ n: 0 })
  })
})
