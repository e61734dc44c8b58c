// Secrets at rest: distinctive keys planted everywhere a user's data can hold them (profile keys, a base URL with
// userinfo and ?key=, MCP env values, SSE and HTTP headers, an MCP URL with a token, the web version's apiKey,
// endpoint, auth_token and the keys inside its agents and preferences, other apps' MCP configs) are, after each real
// operation on a temp data folder with the real keychain (migration of each legacy shape, each importer, a switch to
// hybrid and back, a rollback of an import, a schema downgrade and upgrade), nowhere in any file under the data
// folder: not as bytes, not as UTF-16, not as base64. The only exception is the hybrid mirror's legacy files while
// hybrid is chosen.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startAppHost } from '../src/main/app/app-host'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliJson } from './support/cli'
import { filesUnder, tempDir } from './support/folders'

/** The legacy files the hybrid mirror writes, which hold keys by the user's choice while hybrid is chosen. */
const HYBRID_MIRROR_FILES: readonly string[] = ['models.json', 'mcp_config.json', 'conversations.json']

const RUN = randomBytes(6).toString('hex')
const planted: string[] = []

/** A distinctive secret; some look like keys (`sk-…`), some do not, so the log's key-shaped rule is not what hides them. */
function plant(label: string, keyShaped = true): string {
  const secret = keyShaped ? `sk-PLANTED-${RUN}-${label}` : `PLANTEDx${RUN}x${label}`
  planted.push(secret)
  return secret
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

/** The byte forms a planted secret must not take anywhere: as written, UTF-16 and base64. */
function forms(secret: string): { name: string; bytes: Buffer }[] {
  return [
    { name: 'utf8', bytes: Buffer.from(secret, 'utf8') },
    { name: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'base64', bytes: Buffer.from(Buffer.from(secret).toString('base64')) }
  ]
}

/** Every planted secret found in any file under the data folder, as `file: secret (form)`. */
function findings(dataDir: string, options: { hybridMirror?: boolean } = {}): string[] {
  const found: string[] = []
  for (const file of filesUnder(dataDir)) {
    const rel = relative(dataDir, file)
    if (options.hybridMirror && HYBRID_MIRROR_FILES.includes(rel)) continue
    const bytes = readFileSync(file)
    for (const secret of planted)
      for (const form of forms(secret.trim()))
        if (bytes.includes(form.bytes)) found.push(`${rel}: ${secret.trim()} (${form.name})`)
  }
  return found
}

function expectClean(dataDir: string, options: { hybridMirror?: boolean } = {}): void {
  expect(filesUnder(dataDir).some((f) => f.endsWith('personal-agent.db'))).toBe(true)
  expect(findings(dataDir, options)).toEqual([])
}

function legacyListFolder(): string {
  const dir = tempDir('pa-scan-list-')
  write(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [
        {
          id: 'p-1',
          name: 'GPT',
          provider: 'openai',
          model: 'gpt-4o',
          api_key: `${plant('profile-key')}\n`,
          is_default: true
        },
        {
          id: 'p-2',
          name: 'Proxy',
          provider: 'openai',
          model: 'gpt-4o',
          base_url: `https://proxyuser:${plant('userinfo', false)}@llm.example.com/v1?key=${plant('query-key', false)}`
        }
      ]
    })
  )
  write(
    join(dir, 'mcp_config.json'),
    JSON.stringify({
      servers: [
        {
          id: 's-stdio',
          name: 'github',
          command: 'npx',
          args: ['-y', 'server-github'],
          env: { GITHUB_TOKEN: plant('env-token'), MY_AUTH: plant('env-auth', false), DEBUG: '1' },
          enabled: true,
          transport: 'stdio'
        },
        {
          id: 's-sse',
          name: 'remote-sse',
          transport: 'sse',
          url: 'https://mcp.example.com/sse',
          headers: { Authorization: `Bearer ${plant('sse-bearer', false)}`, Accept: 'text/event-stream' },
          enabled: true
        },
        {
          id: 's-http',
          name: 'remote-http',
          transport: 'http',
          url: `https://mcp.example.com/mcp?access_token=${plant('url-token', false)}`,
          headers: { 'X-Api-Key': plant('http-api-key', false), Cookie: `session=${plant('cookie', false)}` },
          enabled: true
        }
      ]
    })
  )
  return dir
}

function legacyMapFolder(): string {
  const dir = tempDir('pa-scan-map-')
  write(
    join(dir, 'mcp_config.json'),
    JSON.stringify({
      mcpServers: {
        search: { command: 'uvx', args: ['search'], env: { BRAVE_API_KEY: plant('map-env', false) } },
        remote: {
          transport: 'sse',
          url: 'https://mcp.example.com/sse',
          headers: { 'Api-Key': plant('map-header', false) }
        }
      }
    })
  )
  return dir
}

/** Legacy files with secrets the records cannot carry: VS Code's `servers` map, files kept whole, a quarantined record. */
function legacyRawFolder(): string {
  const dir = tempDir('pa-scan-raw-')
  write(
    join(dir, 'models.json'),
    JSON.stringify({ settings: { default: { api_key: plant('raw-models-key', false) } } })
  )
  write(
    join(dir, 'conversations.json'),
    JSON.stringify([
      { id: 'c-1', title: 'kept', messages: [] },
      { title: 'no id', api_key: plant('quarantined', false) }
    ])
  )
  return dir
}

function vscodeServersFolder(): string {
  const dir = tempDir('pa-scan-vscode-')
  write(join(dir, 'conversations.json'), '[]')
  write(
    join(dir, 'mcp_config.json'),
    JSON.stringify({
      servers: {
        remote: {
          type: 'http',
          url: 'https://x.example/mcp',
          headers: { Authorization: `Bearer ${plant('servers-map-bearer', false)}` }
        }
      }
    })
  )
  return dir
}

function rawMcpFolder(): string {
  const dir = tempDir('pa-scan-raw-mcp-')
  write(
    join(dir, 'mcp_config.json'),
    JSON.stringify({ inputs: [{ id: 'tok', token: plant('raw-mcp-token', false) }] })
  )
  return dir
}

function webDump(): string {
  const file = join(tempDir('pa-scan-dump-'), 'web-export.json')
  write(
    file,
    JSON.stringify({
      current_tenant_id: 'acme',
      auth_token: plant('web-auth-token', false),
      // Keys this version does not know: quarantined as they are, sealed since they hold secrets.
      openai_api_key: plant('dump-unknown-name', false),
      weird_thing: JSON.stringify({ apiKey: plant('dump-unknown-json', false) }),
      user_llm_configs_acme: JSON.stringify([
        {
          id: 'llm-1',
          name: 'Web GPT',
          provider: 'openai',
          model: 'gpt-4o',
          apiKey: plant('web-api-key'),
          endpoint: `https://api.example.com/v1?api_key=${plant('web-endpoint', false)}`
        }
      ]),
      ai_agents_acme: JSON.stringify([
        {
          id: 'agent-1',
          name: 'Keyed agent',
          apiKey: plant('agent-key'),
          llmConfig: { id: 'llm-1', auth: { token: plant('agent-nested', false) } },
          webhookUrl: `https://bot:${plant('agent-url', false)}@hooks.example/in`
        }
      ]),
      ui_preferences_acme: JSON.stringify({
        theme: 'dark',
        openaiApiKey: plant('pref-key'),
        proxy: `https://proxy.example/v1?token=${plant('pref-url', false)}`
      }),
      app_settings: JSON.stringify({ sync: { secret: plant('settings-secret', false) } }),
      tenant_mcp_servers_acme: JSON.stringify([
        {
          id: 'm-1',
          name: 'web-mcp',
          command: 'npx',
          args: [],
          env: { SEARCH_TOKEN: plant('web-env', false) }
        }
      ])
    })
  )
  return file
}

function otherAppsHome(): string {
  const home = tempDir('pa-scan-home-')
  write(
    join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    JSON.stringify({
      mcpServers: {
        'gh-claude': {
          command: 'npx',
          args: ['-y', 'server-github'],
          env: { GITHUB_TOKEN: plant('claude-env') }
        }
      }
    })
  )
  write(
    join(home, '.cursor', 'mcp.json'),
    JSON.stringify({
      mcpServers: {
        'remote-cursor': {
          url: 'https://mcp.cursor.example/sse',
          headers: { Authorization: `Bearer ${plant('cursor-bearer', false)}` }
        },
        'url-cursor': { url: `https://u:${plant('cursor-userinfo', false)}@mcp.cursor.example/mcp` }
      }
    })
  )
  return home
}

describe('secrets at rest: a scan of every file under the data folder after each operation', () => {
  const list = legacyListFolder()
  const map = legacyMapFolder()
  const dump = webDump()
  const home = otherAppsHome()
  const raw = legacyRawFolder()
  const vscode = vscodeServersFolder()
  const rawMcp = rawMcpFolder()

  afterAll(async () => {
    for (const dir of [list, map, raw, vscode, rawMcp]) {
      const secrets = new SecretStore(dir)
      for (const account of await secrets.listAccounts()) await secrets.delete(account)
    }
  })

  it('after migrating the list shapes (models.json, mcp_config.json servers)', () => {
    const run = cli(['migrate', '--data-dir', list])
    expect(run.code, run.stderr).toBe(0)
    expectClean(list)
  })

  it('after migrating the Claude Desktop map shape', () => {
    const run = cli(['migrate', '--data-dir', map])
    expect(run.code, run.stderr).toBe(0)
    expectClean(map)
  })

  it("after migrating VS Code's `servers` map, files kept whole and a quarantined record; export gives them back", () => {
    for (const dir of [raw, vscode, rawMcp]) {
      const original = Object.fromEntries(
        filesUnder(dir).map((f) => [relative(dir, f), JSON.parse(readFileSync(f, 'utf8')) as unknown])
      )
      const run = cli(['migrate', '--data-dir', dir])
      expect(run.code, run.stderr).toBe(0)
      expectClean(dir)
      const out = tempDir('pa-scan-raw-export-')
      const exported = cli(['export', '--out', out, '--data-dir', dir])
      expect(exported.code, exported.stderr).toBe(0)
      for (const [file, value] of Object.entries(original))
        expect(JSON.parse(readFileSync(join(out, file), 'utf8')), file).toEqual(value)
    }
  })

  it("after importing the web version's localStorage dump", () => {
    const run = cli(['import', '--format', 'localstorage', dump, '--data-dir', list])
    expect(run.code, run.stderr).toBe(0)
    expectClean(list)
  })

  let mcpRun = ''
  it("after importing other apps' MCP servers, and after rolling that import back", () => {
    const imported = cliJson<{ runId: string }>([
      'import',
      '--format',
      'mcp',
      '--home',
      home,
      '--data-dir',
      list
    ])
    expect(imported.run.code, imported.run.stderr).toBe(0)
    mcpRun = imported.json.runId
    expectClean(list)
    const rolledBack = cli(['rollback', '--run', mcpRun, '--data-dir', list])
    expect(rolledBack.code, rolledBack.stderr).toBe(0)
    expectClean(list)
  })

  it('while hybrid is chosen only its mirror holds keys; after switching back, nothing does', async () => {
    const host = await startAppHost({ dataDir: list, onProgress: () => undefined, storageBackend: null })
    try {
      await host.handlers['storage:setBackend']({ backend: 'hybrid' })
      await host.handlers['storage:flush']()
      expect(readFileSync(join(list, 'models.json'), 'utf8')).toContain(planted[0]!.trim())
      expectClean(list, { hybridMirror: true })
      await host.handlers['storage:setBackend']({ backend: 'sqlite' })
    } finally {
      await host.dispose()
    }
    expectClean(list)
  })

  it('after a schema downgrade and upgrade', () => {
    const status = cliJson<{ currentVersion: number }>(['schema', 'status', '--data-dir', list]).json
    const down = cli([
      'schema',
      'downgrade',
      '--target',
      String(status.currentVersion - 1),
      '--data-dir',
      list
    ])
    expect(down.code, down.stderr).toBe(0)
    const up = cli(['schema', 'upgrade', '--data-dir', list])
    expect(up.code, up.stderr).toBe(0)
    expectClean(list)
  })

  it('export gives every planted secret back where the user asked for plain files', () => {
    const out = tempDir('pa-scan-export-')
    const run = cli(['export', '--out', out, '--data-dir', list])
    expect(run.code, run.stderr).toBe(0)
    const text = filesUnder(out)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    for (const label of [
      'profile-key',
      'userinfo',
      'query-key',
      'env-token',
      'sse-bearer',
      'url-token',
      'cookie'
    ])
      expect(text).toContain(planted.find((s) => s.includes(`${label}`))!.trim())
  })
})
