// The PID files of running MCP servers, `<data-dir>/mcp-servers/<owner pid>.pid.json`, one per process that runs
// servers (the app, a CLI command), so two never write the same file. At a supervisor's start, the files of owners
// that are gone (killed without a chance to stop their servers) are read and the survivors ended: only a process
// whose start time still matches the one recorded (or, with the server itself gone, a member of its group that
// started no earlier), never an unrelated process that reused a pid.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { writeFileAtomic } from '../../fs/atomic-write'
import { isProcessAlive } from '../../fs/process-alive'
import { logger } from '../../logging/logger'
import { endGroup, groupMembers, processStartTime, startedNoEarlier } from './process-tree'

export interface ServerPidEntry {
  serverId: string
  name: string
  pid: number
  pgid: number
  command: string
  /** process-tree's start stamp of the server process, or null where none could be read. */
  startTime: string | null
  startedAt: string
}

interface PidFile {
  owner: { pid: number; startTime: string | null; hostname: string }
  servers: ServerPidEntry[]
}

export function pidFolder(dataDir: string): string {
  return join(dataDir, 'mcp-servers')
}

function readPidFile(path: string): PidFile | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as PidFile
    return Array.isArray(value.servers) && typeof value.owner?.pid === 'number' ? value : null
  } catch {
    return null
  }
}

function ownerAlive(owner: PidFile['owner']): boolean {
  if (owner.hostname !== hostname()) return true
  if (!isProcessAlive(owner.pid)) return false
  const now = processStartTime(owner.pid)
  return owner.startTime === null || now === null || now === owner.startTime
}

/** Whether the entry's processes are still the ones recorded; false when nothing of them is left. */
function stillOurs(entry: ServerPidEntry): boolean {
  if (entry.startTime === null) return false
  const now = processStartTime(entry.pid)
  if (now !== null) return now === entry.startTime
  return groupMembers(entry.pgid).some((member) => startedNoEarlier(member.start, entry.startTime!))
}

export class ServerPids {
  private readonly entries = new Map<string, ServerPidEntry>()
  private readonly path: string
  private readonly owner: PidFile['owner']

  constructor(private readonly dataDir: string) {
    this.path = join(pidFolder(dataDir), `${process.pid}.pid.json`)
    this.owner = { pid: process.pid, startTime: processStartTime(process.pid), hostname: hostname() }
  }

  add(entry: ServerPidEntry): void {
    this.entries.set(entry.serverId, entry)
    this.save()
  }

  remove(serverId: string): void {
    if (this.entries.delete(serverId)) this.save()
  }

  /** Servers that other live processes of this machine run now, by server id. */
  runningElsewhere(): Map<string, { ownerPid: number; pid: number }> {
    const found = new Map<string, { ownerPid: number; pid: number }>()
    for (const file of this.otherFiles()) {
      const content = readPidFile(file)
      if (!content || !ownerAlive(content.owner)) continue
      for (const entry of content.servers)
        if (processStartTime(entry.pid) === entry.startTime)
          found.set(entry.serverId, { ownerPid: content.owner.pid, pid: entry.pid })
    }
    return found
  }

  /** Ends the servers of owners that are gone and removes their files; returns the entries it ended. */
  async endSurvivors(graceMs: number): Promise<ServerPidEntry[]> {
    const ended: ServerPidEntry[] = []
    for (const file of this.otherFiles()) {
      const content = readPidFile(file)
      if (content && ownerAlive(content.owner)) continue
      for (const entry of content?.servers ?? []) {
        if (!stillOurs(entry)) continue
        logger.warn(
          `MCP server "${entry.name}" (pid ${entry.pid}) outlived process ${content!.owner.pid}; ending it`
        )
        await endGroup(entry.pgid, graceMs)
        ended.push(entry)
      }
      rmSync(file, { force: true })
    }
    return ended
  }

  private otherFiles(): string[] {
    try {
      return readdirSync(pidFolder(this.dataDir))
        .filter((name) => name.endsWith('.pid.json'))
        .map((name) => join(pidFolder(this.dataDir), name))
        .filter((path) => path !== this.path)
    } catch {
      return []
    }
  }

  private save(): void {
    try {
      if (this.entries.size === 0) {
        rmSync(this.path, { force: true })
        return
      }
      const content: PidFile = { owner: this.owner, servers: [...this.entries.values()] }
      mkdirSync(pidFolder(this.dataDir), { recursive: true, mode: 0o700 })
      writeFileAtomic(this.path, `${JSON.stringify(content, null, 2)}\n`)
    } catch (error) {
      logger.warn('Could not write the MCP servers PID file', error)
    }
  }
}
