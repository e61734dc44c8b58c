// Process groups of MCP servers: a process's start time (to tell it from a later process that reused its pid), the
// live members of a group, and ending a whole group (SIGTERM, then SIGKILL after a grace period; a tree kill on
// Windows), so a server's own children never outlive it.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const IS_WINDOWS = process.platform === 'win32'
const IS_LINUX = process.platform === 'linux'
const POLL_MS = 25

/** `/proc/<pid>/stat` fields after the command name: state is [0], pgrp [2], starttime [19]. */
function procStat(pid: number): { state: string; pgrp: number; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0]!, pgrp: Number(fields[2]), start: `linux:${fields[19]}` }
  } catch {
    return null
  }
}

interface PsRow {
  pid: number
  pgid: number
  state: string
  start: string
}

/** `ps` rows (macOS, the BSDs): pid, group, state and start time as `ps:<epoch ms>`. */
function psRows(pidArg: string[]): PsRow[] {
  const out = spawnSync('ps', [...pidArg, '-o', 'pid=,pgid=,state=,lstart='], { encoding: 'utf8' })
  if (out.status !== 0 && out.stdout === '') return []
  return out.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.+?)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), pgid: Number(m[2]), state: m[3]!, start: `ps:${Date.parse(m[4]!)}` }))
}

/** The process's start time as an opaque comparable stamp, or null when no live process has that pid. */
export function processStartTime(pid: number): string | null {
  if (IS_WINDOWS) return null
  if (IS_LINUX) {
    const stat = procStat(pid)
    return stat === null || stat.state === 'Z' ? null : stat.start
  }
  const row = psRows(['-p', String(pid)])[0]
  return row === undefined || row.state.startsWith('Z') ? null : row.start
}

/** Whether stamp `a` is the same time as `b` or later (stamps of different kinds never compare). */
export function startedNoEarlier(a: string, b: string): boolean {
  const [kindA, valueA] = a.split(':')
  const [kindB, valueB] = b.split(':')
  return kindA === kindB && Number(valueA) >= Number(valueB)
}

/** The live (not zombie) processes of a process group with their start stamps. */
export function groupMembers(pgid: number): { pid: number; start: string }[] {
  if (IS_WINDOWS) return []
  if (IS_LINUX) {
    const members: { pid: number; start: string }[] = []
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue
      const stat = procStat(Number(name))
      if (stat !== null && stat.pgrp === pgid && stat.state !== 'Z')
        members.push({ pid: Number(name), start: stat.start })
    }
    return members
  }
  return psRows(['-A'])
    .filter((row) => row.pgid === pgid && !row.state.startsWith('Z'))
    .map((row) => ({ pid: row.pid, start: row.start }))
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal)
  } catch {
    // ESRCH: the group is already gone.
  }
}

function treeKill(pid: number): void {
  spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true })
}

async function waitUntilEmpty(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    if (groupMembers(pgid).length === 0) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/** Ends every process of the group: SIGTERM, then SIGKILL to whatever is left after `graceMs`. */
export async function endGroup(pgid: number, graceMs: number): Promise<void> {
  if (IS_WINDOWS) return treeKill(pgid)
  signalGroup(pgid, 'SIGTERM')
  if (await waitUntilEmpty(pgid, graceMs)) return
  signalGroup(pgid, 'SIGKILL')
  await waitUntilEmpty(pgid, 1000)
}

/** Kills the group at once, synchronously (the last resort when the process is exiting and cannot wait). */
export function killGroupNow(pgid: number): void {
  if (IS_WINDOWS) treeKill(pgid)
  else signalGroup(pgid, 'SIGKILL')
}
