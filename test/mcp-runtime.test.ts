// The MCP screen's runtime through the app host's IPC handlers, with real servers: server-everything started,
// listed with its tools and their input schemas, pinged, stopped and restarted; a server that crashes while starting
// shown failed with its last stderr lines; "Start at launch" starting a marked server when the app opens; and a
// `${input:…}` value asked for, used for one start (it reaches the child and never the log), or saved in the
// keychain (never the database) for the next ones. No answer carries a secret.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { startAppHost, type AppHost } from '../src/main/app/app-host'
import { SecretStore } from '../src/main/secrets/secret-store'
import { dataPaths } from '../src/main/base/data-paths'
import { crashingServer, everythingServer, faultServer, migratedMcpFolder } from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'
import { redact } from '../src/main/logging/redact'
import { serverInputs, withInputs } from '../src/main/services/mcp/server-inputs'
import type { McpConnectionConfig } from '../src/main/store/store'

const keychains = storeFixtures('pa-mcp-runtime-')
const TYPED = 'typed-input-secret-4711'

const crasher = crashingServer()

async function withHost<T>(dataDir: string, use: (host: AppHost) => Promise<T>): Promise<T> {
  const host = await startAppHost({ dataDir, onProgress: () => undefined })
  try {
    return await use(host)
  } finally {
    await host.dispose()
  }
}

async function idOf(host: AppHost, name: string): Promise<string> {
  return (await host.handlers['mcp:list']()).find((server) => server.name === name)!.id
}

describe('the MCP runtime of the app', () => {
  it('starts, lists tools with their schemas, pings, stops and restarts a server; a crash shows its stderr', async () => {
    const dir = migratedMcpFolder(
      () => [everythingServer(), crasher],
      (s) => keychains.track(s)
    )
    await withHost(dir, async (host) => {
      const id = await idOf(host, 'everything')
      expect((await host.handlers['mcp:states']()).map((s) => [s.name, s.status])).toEqual([
        ['everything', 'stopped'],
        ['crasher', 'stopped']
      ])
      const started = await host.handlers['mcp:start']({ id })
      expect(started).toMatchObject({ name: 'everything', status: 'ready', failure: null })
      expect(started.toolCount).toBeGreaterThan(3)
      expect(started.pid).toBeGreaterThan(0)
      const tools = await host.handlers['mcp:tools']({ id })
      expect(tools).toHaveLength(started.toolCount!)
      const echo = tools.find((tool) => tool.name === 'echo')!
      expect(echo.description).toMatch(/echo/i)
      expect(echo.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } } })
      expect((await host.handlers['mcp:health']({ id })).status).toBe('ready')

      const stopped = await host.handlers['mcp:stop']({ id })
      expect(stopped).toMatchObject({ status: 'stopped', pid: null })
      expect((await host.handlers['mcp:health']({ id })).status).toBe('stopped')
      const restarted = await host.handlers['mcp:restart']({ id })
      expect(restarted.status).toBe('ready')
      expect(restarted.pid).not.toBe(started.pid)

      const crashed = await host.handlers['mcp:start']({ id: await idOf(host, 'crasher') })
      expect(crashed.status).toBe('failed')
      expect(crashed.failure!.reason).toMatch(/crasher/)
      expect(crashed.failure!.stderrTail.join('\n')).toMatch(
        /boot: reading config[\s\S]*boot: \/etc\/crasher\.conf is missing/
      )
      await expect(host.handlers['mcp:start']({ id: 'nope' })).rejects.toThrow(
        /There is no MCP server "nope"/
      )
    })
  })

  it('starts the servers marked "Start at launch" when the app opens', async () => {
    const dir = migratedMcpFolder(
      () => [everythingServer(), everythingServer('other')],
      (s) => keychains.track(s)
    )
    await withHost(dir, async (host) => {
      const marked = await host.handlers['mcp:setStartAtLaunch']({
        id: await idOf(host, 'everything'),
        on: true
      })
      expect(marked.startAtLaunch).toBe(true)
      expect((await host.handlers['mcp:list']()).map((s) => s.startAtLaunch)).toEqual([true, false])
    })
    await withHost(dir, async (host) => {
      let states = await host.handlers['mcp:states']()
      for (let i = 0; i < 100 && states[0]!.status !== 'ready'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        states = await host.handlers['mcp:states']()
      }
      expect(states.map((s) => [s.name, s.status])).toEqual([
        ['everything', 'ready'],
        ['other', 'stopped']
      ])
    })
  })

  it('asks for ${input:…} values: used for one start, or saved in the keychain only', async () => {
    let secrets: SecretStore | null = null
    const dir = migratedMcpFolder(
      (folder) => [
        faultServer(folder, 'guarded', {
          env: { FAULT_SECRET_TOKEN: '${input:fault-token}', GREETING: 'hello ${input:greeting}' },
          inputs: [{ id: 'greeting', type: 'promptString', description: 'Whom to greet' }]
        })
      ],
      (s) => (secrets = keychains.track(s))
    )
    await withHost(dir, async (host) => {
      const id = await idOf(host, 'guarded')
      const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id)
      expect((await host.handlers['mcp:inputs']({ id })).sort(byId)).toEqual([
        { id: 'fault-token', description: 'env FAULT_SECRET_TOKEN', password: true, saved: false },
        { id: 'greeting', description: 'Whom to greet', password: false, saved: false }
      ])
      // Without the values the start fails, naming the input.
      const refused = await host.handlers['mcp:start']({ id })
      expect(refused.status).toBe('failed')
      expect(refused.failure!.reason).toMatch(/needs the value of \$\{input:(fault-token|greeting)\}/)
      // Typed for this start: the value reaches the server (which prints it) and the log holds it redacted.
      const started = await host.handlers['mcp:start']({
        id,
        inputs: { 'fault-token': TYPED, greeting: 'you' }
      })
      expect(started.status).toBe('ready')
      const log = readFileSync(started.logPath, 'utf8')
      expect(log).toContain('my secret is [redacted]')
      expect(log).not.toContain(TYPED)
      await host.handlers['mcp:stop']({ id })
      // Not saved: the next start asks again.
      expect((await host.handlers['mcp:start']({ id })).status).toBe('failed')
      // Saved: in the keychain, referred to from the database, and used by later starts.
      const saved = await host.handlers['mcp:start']({
        id,
        inputs: { 'fault-token': TYPED, greeting: 'you' },
        saveInputs: true
      })
      expect(saved.status).toBe('ready')
      await host.handlers['mcp:stop']({ id })
      expect((await host.handlers['mcp:inputs']({ id })).map((input) => input.saved)).toEqual([true, true])
      expect((await host.handlers['mcp:start']({ id })).status).toBe('ready')
      const answers = JSON.stringify([
        await host.handlers['mcp:states'](),
        await host.handlers['mcp:list'](),
        await host.handlers['mcp:inputs']({ id })
      ])
      expect(answers).not.toContain(TYPED)
    })
    const values = await Promise.all(
      (await secrets!.listAccounts()).map(async (account) => secrets!.get(account))
    )
    expect(values).toContain(TYPED)
    for (const file of [dataPaths(dir).db, `${dataPaths(dir).db}-wal`].filter((f) => existsSync(f)))
      expect(readFileSync(file).includes(Buffer.from(TYPED)), file).toBe(false)
  })

  it('fills typed values before saved ones, masks password inputs, and scrubs them from logs', () => {
    const config: McpConnectionConfig = {
      id: 's1',
      name: 'remote',
      transport: 'http',
      command: null,
      args: [],
      env: { GREETING: 'hi ${input:who}', PLAIN: 'none' },
      url: 'https://example.test/mcp',
      headers: { Authorization: 'Bearer ${input:token}', 'X-Region': '${input:region}' },
      settings: { inputs: [{ id: 'who', description: 'Your name', password: true }] },
      savedInputs: { token: 'saved-token-1', region: 'eu' }
    }
    expect(serverInputs(config)).toEqual([
      { id: 'who', description: 'Your name', password: true, saved: false },
      { id: 'token', description: 'header Authorization', password: true, saved: true },
      { id: 'region', description: 'header X-Region', password: false, saved: true }
    ])
    const filled = withInputs(config, { who: 'typed-who-9911', region: 'us' })
    expect(filled.env).toEqual({ GREETING: 'hi typed-who-9911', PLAIN: 'none' })
    expect(filled.headers).toEqual({ Authorization: 'Bearer saved-token-1', 'X-Region': 'us' })
    // A password input is scrubbed wherever it would be logged, even under a name that does not look secret.
    expect(redact('the server said typed-who-9911 and saved-token-1')).toBe(
      'the server said [redacted] and [redacted]'
    )
    expect(redact('region us')).toBe('region us')
    // Nothing given and nothing saved: the reference stays, for the transport's one-line refusal.
    expect(withInputs({ ...config, savedInputs: {} }, {}).headers.Authorization).toBe('Bearer ${input:token}')
  })
})
