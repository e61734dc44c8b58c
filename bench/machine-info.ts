// The machine and code a benchmark ran on: CPUs, memory, OS, Node, SQLite, and the repository's commit.
import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { arch, cpus, freemem, platform, release, totalmem, type } from 'node:os'

export interface MachineInfo {
  cpuModel: string
  cpuCount: number
  memoryBytes: number
  freeMemoryBytes: number
  os: string
  node: string
  sqlite: string
  commit: string
  /** Files under src/ with uncommitted changes when the run started (the engine measured is not the commit's). */
  srcChanges: number
}

function git(repo: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    return ''
  }
}

function sqliteVersion(): string {
  const db = new Database(':memory:')
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  } finally {
    db.close()
  }
}

export function machineInfo(repo: string): MachineInfo {
  const list = cpus()
  const status = git(repo, ['status', '--porcelain', '--', 'src'])
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cpuCount: list.length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    os: `${type()} ${release()} ${platform()}/${arch()}`,
    node: process.version,
    sqlite: sqliteVersion(),
    commit: git(repo, ['rev-parse', '--short', 'HEAD']) || 'unknown',
    srcChanges: status === '' ? 0 : status.split('\n').length
  }
}

/** `AMD EPYC × 2 · 23.5 GiB RAM · Linux … · Node v22 · SQLite 3.54.1 · commit abc1234` (+ uncommitted src/ files). */
export function machineLine(machine: MachineInfo): string {
  const gib = (machine.memoryBytes / 1024 ** 3).toFixed(1)
  const src = machine.srcChanges > 0 ? ` + ${machine.srcChanges} uncommitted files under src/` : ''
  return (
    `${machine.cpuModel} × ${machine.cpuCount} · ${gib} GiB RAM · ${machine.os} · Node ${machine.node} · ` +
    `SQLite ${machine.sqlite} · commit ${machine.commit}${src}`
  )
}
