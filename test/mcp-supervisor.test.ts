// The MCP supervisor on real servers: the fault server over Streamable HTTP (and the older SSE) on 127.0.0.1 with a bearer token from the
// keychain (checked by the server; a wrong one refused in one line; the token never in the database, logs or output),
// and in-process over stdio: a call cancelled through its AbortSignal reaches the server as the protocol's
// cancellation, the cached tool list follows `tools/list_changed`, and a crash is recorded with its stderr, restarted
// on next use, then held back after failures in a row until an explicit restart.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { McpSupervisor } from '../src/main/services/mcp/server-supervisor'
import { openBackend } from '../src/main/store/open-backend'
import type { Store } from '../src/main/store/store'
import { cli } from './support/cli'
import { filesUnder, tempDir } from './support/folders'
import {
  expectOneLineFailure,
  FAULT_SERVER,
  faultPids,
  faultServer,
  isRunning,
  migratedMcpFolder,
  NODE,
  TSX_LOADER
} from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const TOKEN = 'mcp-http-token-0123456789abcdef'
const keychains = storeFixtures('pa-mcp-sup-')
const LONG = 180_000

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A credential in the URL of the server that refuses: its error shows the URL redacted by the secret policy. */
const URL_TOKEN = 'wrong-url-token-0123456789ab'

describe('Streamable HTTP and SSE with a bearer token from the keychain', () => {
  let server: ChildProcess
  let dir = ''
  beforeAll(async () => {
    const portFile = join(tempDir('pa-mcp-port-'), 'port')
    server = spawn(NODE, ['--import', TSX_LOADER, FAULT_SERVER, 'http', portFile], {
      env: { ...process.env, FAULT_TOKEN: TOKEN },
      stdio: 'ignore'
    })
    await until('the HTTP server', () => existsSync(portFile) && readFileSync(portFile, 'utf8') !== '')
    const base = `http://127.0.0.1:${readFileSync(portFile, 'utf8')}`
    const url = `${base}/mcp`
    const sseUrl = `${base}/sse`
    dir = migratedMcpFolder(
      () => [
        {
          id: 'old',
          name: 'old',
          transport: 'sse',
          url: sseUrl,
          headers: { Authorization: `Bearer ${TOKEN}` }
        },
        {
          id: 'remote',
          name: 'remote',
          transport: 'http',
          url,
          headers: { Authorization: `Bearer ${TOKEN}` }
        },
        {
          id: 'wrong',
          name: 'wrong',
          transport: 'http',
          url: `${url}?token=${URL_TOKEN}&v=1`,
          headers: { Authorization: 'Bearer not-the-token-42' }
        }
      ],
      keychains.track
    )
  }, LONG)
  afterAll(() => {
    server.kill()
  })

  it(
    'calls a tool with the token the server checks, and refuses a wrong one in one line',
    () => {
      const run = cli([
        'mcp',
        'call',
        'remote',
        'echo',
        '--args',
        '{"message":"over http"}',
        '--data-dir',
        dir
      ])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout.trim()).toBe('fault echo: over http')
      const sse = cli(['mcp', 'call', 'old', 'echo', '--args', '{"message":"over sse"}', '--data-dir', dir])
      expect(sse.code, sse.stderr).toBe(0)
      expect(sse.stdout.trim()).toBe('fault echo: over sse')
      const wrong = cli(['mcp', 'tools', 'wrong', '--data-dir', dir])
      expectOneLineFailure(
        wrong,
        /MCP server "wrong" at http:\/\/127\.0\.0\.1:\d+\/mcp\?token=\*\*\*&v=1 refused the connection \(HTTP 401\)/
      )
      for (const file of [...filesUnder(join(dir, 'logs')), join(dir, 'personal-agent.db')])
        expect(readFileSync(file).includes(Buffer.from(TOKEN)), file).toBe(false)
      for (const secret of [TOKEN, URL_TOKEN])
        expect(run.stdout + run.stderr + sse.stdout + sse.stderr + wrong.stdout + wrong.stderr).not.toContain(
          secret
        )
    },
    LONG
  )
})

describe('the supervisor in-process over stdio', () => {
  const dir = migratedMcpFolder((d) => [faultServer(d, 'fault')], keychains.track)
  const log = (): string => readFileSync(join(dir, 'logs', 'mcp', 'fault.log'), 'utf8')
  let store: Store
  let supervisor: McpSupervisor
  beforeAll(async () => {
    store = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
    supervisor = await McpSupervisor.start(dir, store.mcp)
  }, LONG)
  afterAll(async () => {
    await supervisor.close()
    await store.close()
  })

  it(
    'cancelling a call through its AbortSignal sends the protocol’s cancellation; the server keeps running',
    async () => {
      const stop = new AbortController()
      const call = supervisor.call('fault', 'hang', {}, stop.signal)
      await until(
        'the hang to start',
        () => existsSync(join(dir, 'logs', 'mcp', 'fault.log')) && log().includes('hang started')
      )
      stop.abort()
      await expect(call).rejects.toThrow('The call of hang on MCP server "fault" was cancelled.')
      await until('the server to see the cancellation', () => log().includes('fault: hang cancelled'))
      expect((await supervisor.states())[0]).toMatchObject({ name: 'fault', status: 'ready' })
      expect(await supervisor.health('fault')).toBe('ready')
    },
    LONG
  )

  it(
    'the cached tool list follows tools/list_changed',
    async () => {
      expect((await supervisor.tools('fault')).map((t) => t.name)).not.toContain('added')
      await supervisor.call('fault', 'add_tool', {})
      await until('the changed list', async () =>
        (await supervisor.tools('fault')).some((t) => t.name === 'added')
      )
      expect((await supervisor.states())[0]!.toolCount).toBe((await supervisor.tools('fault')).length)
    },
    LONG
  )

  it(
    'a crash is recorded with its stderr, restarted on next use, and held back after failures in a row',
    async () => {
      const first = faultPids(dir, 'fault')!
      await expect(supervisor.call('fault', 'crash', {})).rejects.toThrow(/exited with code 3/)
      const [crashed] = await supervisor.states()
      expect(crashed).toMatchObject({ status: 'failed', pid: null })
      expect(crashed!.failure!.stderrTail).toContain('fault: crashing now')
      expect([isRunning(first.server), isRunning(first.grandchild)]).toEqual([false, false])

      const echo = await supervisor.call('fault', 'echo', { message: 'back' })
      expect(echo.content).toEqual([{ type: 'text', text: 'fault echo: back' }])
      expect(faultPids(dir, 'fault')!.server).not.toBe(first.server)

      // Two crashes with no good answer between them: the next use waits for the backoff.
      await expect(supervisor.call('fault', 'crash', {})).rejects.toThrow(/exited with code 3/)
      await expect(supervisor.call('fault', 'crash', {})).rejects.toThrow(/exited with code 3/)
      await expect(supervisor.call('fault', 'echo', { message: 'again' })).rejects.toThrow(
        /failed 2 times in a row .* it is started again in .*, or at once with restart/
      )
      expect((await supervisor.restart('fault')).map((t) => t.name)).toContain('echo')
      expect((await supervisor.states())[0]!.status).toBe('ready')
    },
    LONG
  )
})
