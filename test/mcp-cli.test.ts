// `personal-agent mcp`, run as a user runs it, on migrated legacy MCP server records: server-everything's tools
// listed and called over stdio, the fault server's failures (crash mid-call, hang, freeze, huge output, invalid JSON
// on stdout, slow start, a missing command, a tool error), each one line with nothing left running, the secret env
// value reaching the child but never the logs or the database, and no orphans after a real SIGKILL mid-call.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, cli, cliJson } from './support/cli'
import { filesUnder } from './support/folders'
import {
  everythingServer,
  expectOneLineFailure,
  faultPids,
  faultServer,
  hangStarted,
  isRunning,
  killOwner,
  migratedMcpFolder
} from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const SECRET = 'fault-secret-0123456789abcdef'
const keychains = storeFixtures('pa-mcp-cli-')
const LONG = 180_000

function expectGone(dir: string, name: string): void {
  const pids = faultPids(dir, name)
  expect(pids, `${name} never started`).not.toBeNull()
  expect(isRunning(pids!.server), `${name} server ${pids!.server}`).toBe(false)
  expect(isRunning(pids!.grandchild), `${name} grandchild ${pids!.grandchild}`).toBe(false)
}

/** No PID file is left by a command that ended normally. */
function expectNoPidFiles(dir: string): void {
  const folder = join(dir, 'mcp-servers')
  expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([])
}

describe('personal-agent mcp with server-everything', () => {
  const dir = migratedMcpFolder(() => [everythingServer()], keychains.track)

  it(
    'lists the migrated server with its state',
    () => {
      const { run, json } = cliJson<{ servers: { name: string; status: string; transport: string }[] }>([
        'mcp',
        'list',
        '--data-dir',
        dir
      ])
      expect(run.code, run.stderr).toBe(0)
      expect(json.servers.map((s) => [s.name, s.transport, s.status])).toEqual([
        ['everything', 'stdio', 'stopped']
      ])
    },
    LONG
  )

  it(
    'lists its tools and calls echo and get-sum',
    () => {
      const tools = cliJson<{ tools: { name: string; inputSchema: { properties?: object } }[] }>([
        'mcp',
        'tools',
        'everything',
        '--data-dir',
        dir
      ])
      expect(tools.run.code, tools.run.stderr).toBe(0)
      const echo = tools.json.tools.find((t) => t.name === 'echo')
      expect(Object.keys(echo?.inputSchema.properties ?? {})).toEqual(['message'])
      expect(tools.json.tools.map((t) => t.name)).toContain('get-sum')

      const said = cli([
        'mcp',
        'call',
        'everything',
        'echo',
        '--args',
        '{"message":"night train"}',
        '--data-dir',
        dir
      ])
      expect(said.code, said.stderr).toBe(0)
      expect(said.stdout.trim()).toBe('Echo: night train')
      const sum = cli([
        'mcp',
        'call',
        'everything',
        'get-sum',
        '--args',
        '{"a":19,"b":23}',
        '--data-dir',
        dir
      ])
      expect(sum.code, sum.stderr).toBe(0)
      expect(sum.stdout).toContain('42')
      expectNoPidFiles(dir)
      expect(readFileSync(join(dir, 'logs', 'mcp', 'everything.log'), 'utf8')).toMatch(/ready \(pid \d+\)/)
    },
    LONG
  )

  it(
    'refuses an unknown server and bad --args in one line',
    () => {
      expectOneLineFailure(
        cli(['mcp', 'tools', 'nowhere', '--data-dir', dir]),
        /no MCP server "nowhere".*everything/
      )
      const bad = cli(['mcp', 'call', 'everything', 'echo', '--args', '[1]', '--data-dir', dir])
      expect(bad.code).toBe(2)
      expect(bad.stderr.trim()).toMatch(/--args must be a JSON object/)
    },
    LONG
  )
})

describe('personal-agent mcp with the fault server', () => {
  const dir = migratedMcpFolder(
    (d) => [
      faultServer(d, 'fault', { env: { FAULT_SECRET_TOKEN: SECRET } }),
      faultServer(d, 'crashy'),
      faultServer(d, 'hangs', { call_timeout_ms: 2000 }),
      faultServer(d, 'freezes', { call_timeout_ms: 2000, ping_timeout_ms: 1000 }),
      faultServer(d, 'huge', { max_message_bytes: 1024 * 1024 }),
      faultServer(d, 'noisy'),
      faultServer(d, 'slow', { connect_timeout_ms: 8000, env: { FAULT_SLOW_START_MS: '60000' } }),
      { id: 'missing', name: 'missing', command: '/nonexistent/mcp-server', args: [], transport: 'stdio' }
    ],
    keychains.track
  )
  const call = (server: string, tool: string, args = '{}') =>
    cli(['mcp', 'call', server, tool, '--args', args, '--data-dir', dir])

  it(
    'the secret env value reaches the child (by hash) but never the logs, the database or the output',
    () => {
      const run = call('fault', 'secret_check')
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout.trim()).toBe(`sha256:${createHash('sha256').update(SECRET).digest('hex')}`)
      const log = readFileSync(join(dir, 'logs', 'mcp', 'fault.log'), 'utf8')
      expect(log).toContain('my secret is [redacted]')
      for (const file of [...filesUnder(join(dir, 'logs')), join(dir, 'personal-agent.db')])
        expect(readFileSync(file).includes(Buffer.from(SECRET)), file).toBe(false)
      expect(run.stdout + run.stderr).not.toContain(SECRET)
      expectGone(dir, 'fault')
    },
    LONG
  )

  it(
    'a tool error is one line with the tool’s message',
    () => {
      expectOneLineFailure(
        call('fault', 'fail'),
        /Tool fail of MCP server "fault" returned an error: the fault tool failed on purpose/
      )
    },
    LONG
  )

  it(
    'a crash mid-call names the exit code and the last stderr line, and leaves nothing running',
    () => {
      expectOneLineFailure(
        call('crashy', 'crash'),
        /"crashy" exited with code 3; its last stderr line: fault: crashing now/
      )
      expectGone(dir, 'crashy')
      expectNoPidFiles(dir)
    },
    LONG
  )

  it(
    'a hanging call times out, is told apart from a hung server by a ping, and ends with the command',
    () => {
      expectOneLineFailure(
        call('hangs', 'hang'),
        /did not answer "call hang" within 2 s .*still answers a ping/
      )
      expectGone(dir, 'hangs')
      expect(readFileSync(join(dir, 'logs', 'mcp', 'hangs.log'), 'utf8')).toContain('fault: hang cancelled')
    },
    LONG
  )

  it(
    'a frozen server answers no ping either: it is stopped as hung',
    () => {
      expectOneLineFailure(call('freezes', 'freeze'), /no longer answers a ping either, so it was stopped/)
      expectGone(dir, 'freezes')
    },
    LONG
  )

  it(
    'output over the size limit and invalid JSON on stdout stop the server with their reason',
    () => {
      expectOneLineFailure(
        call('huge', 'huge', '{"bytes":2000000}'),
        /sent a message larger than 1 MB on stdout/
      )
      expectGone(dir, 'huge')
      expectOneLineFailure(
        call('noisy', 'garbage'),
        /wrote something on stdout that is not a JSON-RPC message/
      )
      expectGone(dir, 'noisy')
    },
    LONG
  )

  it(
    'a slow start times out, and a missing command is named',
    () => {
      expectOneLineFailure(
        call('slow', 'echo'),
        /"slow" did not finish starting within 8 s \(raise connect_timeout_ms/
      )
      expectGone(dir, 'slow')
      expectOneLineFailure(
        call('missing', 'echo'),
        /could not start: the command "\/nonexistent\/mcp-server" was not found/
      )
      expectNoPidFiles(dir)
    },
    LONG
  )
})

describe('no orphans after a SIGTERM or a SIGKILL', () => {
  const dir = migratedMcpFolder((d) => [faultServer(d, 'orphan'), faultServer(d, 'stopped')], keychains.track)

  it(
    'a SIGTERM mid-call cancels it and ends the server and its grandchild at once',
    async () => {
      const child = spawn(BIN, ['mcp', 'call', 'stopped', 'hang', '--data-dir', dir], {
        stdio: ['ignore', 'ignore', 'pipe']
      })
      let stderr = ''
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve))
      await hangStarted(dir, 'stopped')
      child.kill('SIGTERM')
      expect(await exited).toBe(1)
      expect(stderr.trim()).toBe('personal-agent: The call of hang on MCP server "stopped" was cancelled.')
      expectGone(dir, 'stopped')
      expectNoPidFiles(dir)
    },
    LONG
  )

  it(
    'the server and its grandchild are ended at the next start of the supervisor',
    async () => {
      const child = spawn(BIN, ['mcp', 'call', 'orphan', 'hang', '--data-dir', dir], { stdio: 'ignore' })
      await hangStarted(dir, 'orphan')
      await killOwner(child, faultPids(dir, 'orphan')!)
      expect(readdirSync(join(dir, 'mcp-servers'))).toHaveLength(1)

      const list = cli(['mcp', 'list', '--data-dir', dir])
      expect(list.code, list.stderr).toBe(0)
      expectGone(dir, 'orphan')
      expectNoPidFiles(dir)
    },
    LONG
  )
})
