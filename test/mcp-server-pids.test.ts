// The PID files of MCP servers: a survivor of a dead owner is ended with its whole group, while a live process whose
// pid matches but whose start time does not (an unrelated process that reused the pid), and the servers of a live
// owner, are left alone.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { processStartTime } from '../src/main/services/mcp/process-tree'
import { pidFolder, ServerPids, type ServerPidEntry } from '../src/main/services/mcp/server-pids'
import { tempDir } from './support/folders'
import { isRunning } from './support/mcp-servers'

const started: ChildProcess[] = []
afterAll(() => {
  for (const child of started) if (child.pid && isRunning(child.pid)) process.kill(-child.pid, 'SIGKILL')
})

/** A process in a group of its own with a grandchild, as a server would be. */
async function groupWithGrandchild(): Promise<{ pid: number; grandchild: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000)"
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'ignore'] }
  )
  started.push(child)
  const grandchild = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())))
  )
  return { pid: child.pid!, grandchild }
}

/** A pid no live process has: one that has just exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim()
  )
}

function writePidFile(dataDir: string, ownerPid: number, entry: ServerPidEntry): void {
  mkdirSync(pidFolder(dataDir), { recursive: true })
  writeFileSync(
    join(pidFolder(dataDir), `${ownerPid}.pid.json`),
    JSON.stringify({ owner: { pid: ownerPid, startTime: null, hostname: hostname() }, servers: [entry] })
  )
}

function entry(pid: number, startTime: string | null): ServerPidEntry {
  return { serverId: 's1', name: 'survivor', pid, pgid: pid, command: 'node -e …', startTime, startedAt: '' }
}

describe('ending the survivors of a killed process', () => {
  it('ends a survivor whose start time matches, with its grandchild', async () => {
    const dir = tempDir('pa-mcp-pids-')
    const server = await groupWithGrandchild()
    writePidFile(dir, deadPid(), entry(server.pid, processStartTime(server.pid)))
    const ended = await new ServerPids(dir).endSurvivors(1000)
    expect(ended.map((e) => e.pid)).toEqual([server.pid])
    expect([isRunning(server.pid), isRunning(server.grandchild)]).toEqual([false, false])
  })

  it('leaves alone a process that reused the pid (another start time), and the servers of a live owner', async () => {
    const dir = tempDir('pa-mcp-pids-')
    const other = await groupWithGrandchild()
    writePidFile(dir, deadPid(), entry(other.pid, 'linux:1'))
    expect(await new ServerPids(dir).endSurvivors(1000)).toEqual([])
    expect(isRunning(other.pid)).toBe(true)

    const live = tempDir('pa-mcp-pids-')
    writePidFile(live, process.ppid, entry(other.pid, processStartTime(other.pid)))
    expect(await new ServerPids(live).endSurvivors(1000)).toEqual([])
    expect([isRunning(other.pid), isRunning(other.grandchild)]).toEqual([true, true])
  })
})
