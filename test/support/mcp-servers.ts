// MCP server records for tests (server-everything, and test/children/mcp-fault-server.ts over stdio), a legacy
// folder holding them migrated by the CLI, and process checks by PID (the fault server's hang running, its processes
// outliving a SIGKILLed owner).
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { cli, type CliRun } from './cli'
import { tempDir } from './folders'

const ROOT = join(__dirname, '..', '..')
/** Node 22, as the CLI runs on it. */
export const NODE = process.execPath
export const EVERYTHING_SERVER = join(
  ROOT,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js'
)
export const FAULT_SERVER = join(ROOT, 'test/children/mcp-fault-server.ts')
export const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs')

export type LegacyServer = Record<string, unknown> & { id: string; name: string }

export function everythingServer(name = 'everything'): LegacyServer {
  return { id: name, name, command: NODE, args: [EVERYTHING_SERVER, 'stdio'], transport: 'stdio' }
}

/** A server that writes two lines to stderr and exits with code 2 before it speaks the protocol. */
export function crashingServer(name = 'crasher'): LegacyServer {
  return {
    id: name,
    name,
    command: NODE,
    args: [
      '-e',
      "console.error('boot: reading config'); console.error('boot: /etc/crasher.conf is missing'); process.exit(2)"
    ],
    transport: 'stdio'
  }
}

/** The fault server over stdio; its pid and its grandchild's go to `<dir>/<name>.pids.json`. */
export function faultServer(dir: string, name: string, fields: Record<string, unknown> = {}): LegacyServer {
  const { env, ...rest } = fields
  return {
    id: name,
    name,
    command: NODE,
    args: ['--import', TSX_LOADER, FAULT_SERVER, 'stdio'],
    transport: 'stdio',
    env: { FAULT_GRANDCHILD_FILE: pidsFile(dir, name), ...(env as Record<string, string> | undefined) },
    ...rest
  }
}

export function pidsFile(dir: string, name: string): string {
  return join(dir, `${name}.pids.json`)
}

/** The fault server's pid and its grandchild's, once it has started. */
export function faultPids(dir: string, name: string): { server: number; grandchild: number } | null {
  const file = pidsFile(dir, name)
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { server: number; grandchild: number })
    : null
}

/** Waits until the fault server `name`'s log (in data folder `dir`) shows its hang tool running. */
export async function hangStarted(dir: string, name: string): Promise<void> {
  const path = join(dir, 'logs', 'mcp', `${name}.log`)
  const deadline = Date.now() + 120_000
  while (!existsSync(path) || !readFileSync(path, 'utf8').includes('hang started')) {
    expect(Date.now()).toBeLessThan(deadline)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/**
 * SIGKILLs `owner`, the process that runs the fault server, and checks that the server and its grandchild outlive it
 * (a process group does not die with the process that spawned it).
 */
export async function killOwner(
  owner: ChildProcess,
  pids: { server: number; grandchild: number }
): Promise<void> {
  expect([isRunning(pids.server), isRunning(pids.grandchild)]).toEqual([true, true])
  const exited = new Promise((resolve) => owner.once('exit', resolve))
  owner.kill('SIGKILL')
  await exited
  await new Promise((resolve) => setTimeout(resolve, 1000))
  expect([isRunning(pids.server), isRunning(pids.grandchild)]).toEqual([true, true])
}

/** A legacy folder whose mcp_config.json holds `servers`, migrated by the CLI; its keychain namespace is tracked. */
export function migratedMcpFolder(
  servers: (dir: string) => LegacyServer[],
  track: (secrets: SecretStore) => unknown
): string {
  const dir = tempDir('pa-mcp-')
  track(new SecretStore(dir))
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: [] }))
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: servers(dir) }))
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  return dir
}

/** Whether a live (not zombie) process has this pid. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z'
  } catch {
    return false
  }
}

export function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code, run.stdout + run.stderr).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^personal-agent: /)
  expect(lines[0]).toMatch(pattern)
}
