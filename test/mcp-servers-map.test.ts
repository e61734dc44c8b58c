// mcp_config.json with `servers` as a name→server map (the shape VS Code writes): counted by the dry run, migrated
// server by server with its headers in the keychain, given back by export under the same key with the same names and
// values, restored byte-identical by rollback, and read and written in that shape by the json backend.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openJsonStore } from '../src/main/store/json/json-store'
import { StoreStats } from '../src/main/store/store-stats'
import { cli, cliJson } from './support/cli'
import { copyOf, filesUnder, sha256, tempDir } from './support/folders'

const TOKEN = `Bearer sk-PLANTED-map-${Date.now()}`
const MCP = {
  servers: {
    remote: { type: 'http', url: 'https://x.example/mcp', headers: { Authorization: TOKEN } },
    local: { command: 'npx', args: ['-y', 'some-server'] }
  }
}

function folder(): string {
  const dir = tempDir('pa-servers-map-')
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify([
      { id: 'p1', name: 'P', provider: 'openai', model: 'gpt-4o', api_key: 'sk-map-profile-key' }
    ])
  )
  writeFileSync(join(dir, 'conversations.json'), '[]')
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify(MCP, null, 2))
  return dir
}

describe('mcp_config.json with a `servers` map', () => {
  it('is counted by the dry run, migrated with its headers in the keychain, exported and rolled back as it was', async () => {
    const dir = folder()
    const original = copyOf(dir)
    const dry = cliJson(['migrate', '--dry-run', '--data-dir', dir])
    expect(dry.run.code, dry.run.stderr).toBe(0)
    expect((dry.json['counts'] as Record<string, number>)['mcp_servers']).toBe(2)

    const migrated = cliJson(['migrate', '--data-dir', dir])
    expect(migrated.run.code, migrated.run.stderr).toBe(0)
    expect((migrated.json['counts'] as Record<string, number>)['mcp_servers']).toBe(2)
    expect(migrated.json['quarantined']).toBe(0)
    for (const file of filesUnder(dir, ['backup_before_migration']))
      expect(readFileSync(file).includes(TOKEN), file).toBe(false)
    const secrets = new SecretStore(dir)
    const values = await Promise.all((await secrets.listAccounts()).map((a) => secrets.get(a)))
    expect(values).toContain(TOKEN)

    const out = tempDir('pa-servers-map-out-')
    const exported = cli(['export', '--out', out, '--data-dir', dir])
    expect(exported.code, exported.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'mcp_config.json'), 'utf8'))).toEqual(MCP)

    const rollback = cli(['rollback', '--yes', '--data-dir', dir])
    expect(rollback.code, rollback.stderr).toBe(0)
    expect(sha256(join(dir, 'mcp_config.json'))).toBe(sha256(join(original, 'mcp_config.json')))
  })

  it('is the json backend’s live store in the same shape', async () => {
    const dir = folder()
    const store = openJsonStore(dir, new StoreStats(dir))
    const servers = await store.mcp.list()
    expect(servers.map((s) => s.id)).toEqual(['remote', 'local'])
    expect(servers[0]!.secretHeaderKeys).toEqual(['Authorization'])
    expect(servers[0]!.headers['Authorization']).not.toBe(TOKEN)
    await store.mcp.create({ name: 'added', command: 'node', args: [], env: {}, enabled: true })
    const written = JSON.parse(readFileSync(join(dir, 'mcp_config.json'), 'utf8')) as typeof MCP
    expect(Object.keys(written.servers)).toEqual(['remote', 'local', 'added'])
    expect(written.servers.remote).toEqual(MCP.servers.remote)
  })
})
