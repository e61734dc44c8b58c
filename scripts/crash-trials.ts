// Crash injection: runs the real CLI migration (and rollback) on generated data, kills it with SIGKILL at a chosen
// step or at a random moment, starts again, and checks that nothing was lost. `npm run test:crash` runs 200 trials
// and writes test-results/crash-report.json; `npm test` runs a smaller set (test/crash-injection.test.ts).
// Replay one trial: `node --import tsx scripts/crash-trials.ts TRIALS SEED INDEX` (inside scripts/with-keychain.sh).
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { conversationFolderFiles, pathIn, RETIRED_SUFFIX } from '../src/main/legacy/conversation-folders'
import { LEGACY_FILES, type LegacySourceFile } from '../src/main/legacy/legacy-files'
import { legacyDifferences } from './legacy-equality'
import { writeSampleFolder } from './sample-legacy-data'

const BIN = join(__dirname, '..', 'bin', 'personal-agent')

/** Named steps (test-only hooks in the engine) where a run can be killed. */
export const MIGRATE_KILL_POINTS = [
  'backup-copy',
  'manifest-write',
  'after-backup',
  'mid-conversations',
  'keychain-writes',
  'profiles',
  'mcp_servers',
  'verify',
  'before-commit',
  'after-commit',
  'mid-index',
  'before-checks',
  'after-checks',
  'before-retire',
  'mid-retire',
  'before-final-state'
] as const
export const ROLLBACK_KILL_POINTS = ['rollback-restore', 'mid-rollback', 'rollback-keychain'] as const

export interface TrialResult {
  trial: number
  kill: string
  /** Where the killed run was, from state.json, for kills at a random moment. */
  phaseHit: string
  ok: boolean
  problem?: string
}

export interface CrashReport {
  trials: number
  passed: number
  failed: number
  phasesHit: Record<string, number>
  failures: TrialResult[]
  durationMs: number
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}

/** Starts a run and kills it after `ms` milliseconds (or lets it finish first). */
function runKilledAfter(args: string[], ms: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    // bin/personal-agent execs node, so the child's pid is the migrating process itself.
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/**
 * The first way the legacy files differ: not JSON-equal, or (`exact`) not byte-identical, the conversation folders'
 * files included, with no `.migrated` marker left beside them.
 */
function differences(expectedDir: string, actualDir: string, exact: boolean): string | null {
  if (!exact) return legacyDifferences(expectedDir, actualDir)[0] ?? null
  const folderFiles = conversationFolderFiles(expectedDir)
  const files: LegacySourceFile[] = [...LEGACY_FILES, ...folderFiles]
  for (const file of files) {
    const a = pathIn(expectedDir, file)
    const b = pathIn(actualDir, file)
    if (existsSync(a) !== existsSync(b)) return `${file}: present in only one place`
    if (existsSync(a) && !readFileSync(a).equals(readFileSync(b))) return `${file}: not byte-identical`
    if (file.includes('/') && existsSync(pathIn(actualDir, `${file}${RETIRED_SUFFIX}`)))
      return `${file}: its .migrated marker is still there`
  }
  if (conversationFolderFiles(actualDir).length !== folderFiles.length)
    return 'the conversation folders differ'
  return null
}

function stateOf(dir: string): string {
  try {
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as {
      state: string
      phase: string | null
    }
    return state.state === 'migrating' ? `migrating/${state.phase}` : state.state
  } catch {
    return 'no state file'
  }
}

/** After a kill: the next migrate completes, verify passes, export equals the input, rollback is byte-identical. */
function checkRecovery(dir: string, original: string, work: string): string | null {
  const migrate = run(['migrate', '--json', '--data-dir', dir])
  if (migrate.code !== 0) return `migrate after the kill failed: ${migrate.stderr.trim()}`
  const verify = run(['verify', '--json', '--data-dir', dir])
  if (verify.code !== 0) return `verify failed: ${verify.stdout.slice(0, 300)}`
  const out = join(work, 'export')
  const exportRun = run(['export', '--out', out, '--data-dir', dir])
  if (exportRun.code !== 0) return `export failed: ${exportRun.stderr.trim()}`
  const exported = differences(original, out, false)
  if (exported) return `export: ${exported}`
  return null
}

function checkRollback(dir: string, original: string, killAt: string | null): string | null {
  if (killAt) {
    const killed = run(['rollback', '--yes', '--data-dir', dir], {
      PERSONAL_AGENT_TEST_HOOKS: '1',
      PERSONAL_AGENT_KILL_AT: killAt
    })
    if (killed.signal !== 'SIGKILL') return `rollback was not killed at ${killAt}`
    if (stateOf(dir) !== 'rolled-back') {
      const again = run(['rollback', '--yes', '--data-dir', dir])
      if (again.code !== 0) return `rollback after a killed rollback failed: ${again.stderr.trim()}`
    }
  } else {
    const rolled = run(['rollback', '--yes', '--data-dir', dir])
    if (rolled.code !== 0) return `rollback failed: ${rolled.stderr.trim()}`
  }
  const restored = differences(original, dir, true)
  return restored ? `rollback: ${restored}` : null
}

async function trial(index: number, seed: number, randomMs: number): Promise<TrialResult> {
  const work = mkdtempSync(join(tmpdir(), 'pa-crash-'))
  const dir = join(work, 'data')
  const original = join(work, 'original')
  try {
    writeSampleFolder(dir, {
      seed: seed + index,
      conversations: 20 + (index % 5) * 20,
      messagesPerConversation: 6,
      nasty: index % 2 === 0,
      mcpShape: index % 3 === 0 ? 'map' : 'list',
      conversationsShape: index % 4 === 0 ? 'array' : 'object',
      conversationFolders: index % 2 === 1
    })
    cpSync(dir, original, { recursive: true })
    // Two trials in three kill at a named step (cycling through all of them); the rest at a random moment.
    const named = index % 3 !== 2
    const namedSoFar = index - Math.floor(index / 3)
    const point = MIGRATE_KILL_POINTS[namedSoFar % MIGRATE_KILL_POINTS.length]!
    let kill: string
    let phaseHit: string
    if (named) {
      kill = point
      const killed = run(['migrate', '--data-dir', dir], {
        PERSONAL_AGENT_TEST_HOOKS: '1',
        PERSONAL_AGENT_KILL_AT: point
      })
      if (killed.signal !== 'SIGKILL')
        return {
          trial: index,
          kill,
          phaseHit: stateOf(dir),
          ok: false,
          problem: `not killed at ${point} (exit ${killed.code}): ${killed.stderr.trim()}`
        }
      phaseHit = point
    } else {
      kill = `random ${randomMs} ms`
      await runKilledAfter(['migrate', '--data-dir', dir], randomMs)
      phaseHit = stateOf(dir)
    }
    const problem =
      checkRecovery(dir, original, work) ??
      checkRollback(
        dir,
        original,
        index % 4 === 3 ? ROLLBACK_KILL_POINTS[index % ROLLBACK_KILL_POINTS.length]! : null
      )
    return problem
      ? { trial: index, kill, phaseHit, ok: false, problem }
      : { trial: index, kill, phaseHit, ok: true }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** A seeded generator of kill delays, so a failing trial can be run again. */
function delays(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (Math.imul(a ^ (a >>> 15), 2246822507) + 0x9e3779b9) >>> 0
    // The CLI starts in about 0.4 s and a trial's migration takes a few hundred ms more.
    return 200 + (a % 450)
  }
}

export async function runCrashTrials(options: {
  trials: number
  seed: number
  /** Run only this trial (to replay a failure). */
  only?: number
  onTrial?: (r: TrialResult) => void
}): Promise<CrashReport> {
  const started = Date.now()
  const nextDelay = delays(options.seed)
  const results: TrialResult[] = []
  for (let i = 0; i < options.trials; i++) {
    const delay = nextDelay()
    if (options.only !== undefined && options.only !== i) continue
    const result = await trial(i, options.seed, delay)
    results.push(result)
    options.onTrial?.(result)
  }
  const phasesHit: Record<string, number> = {}
  for (const r of results) phasesHit[r.phaseHit] = (phasesHit[r.phaseHit] ?? 0) + 1
  const failures = results.filter((r) => !r.ok)
  return {
    trials: results.length,
    passed: results.length - failures.length,
    failed: failures.length,
    phasesHit,
    failures,
    durationMs: Date.now() - started
  }
}

if (process.argv[1]?.endsWith('crash-trials.ts')) {
  const trials = Number(process.argv[2] ?? 200)
  const seed = Number(process.argv[3] ?? 20261122)
  const only = process.argv[4] === undefined ? undefined : Number(process.argv[4])
  void runCrashTrials({
    trials,
    seed,
    only,
    onTrial: (r) =>
      process.stdout.write(
        `${String(r.trial).padStart(4)}  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.kill.padEnd(20)} ${r.phaseHit}${r.problem ? `  ${r.problem}` : ''}\n`
      )
  }).then((report) => {
    const out = join(__dirname, '..', 'test-results')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'crash-report.json'), `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(
      `\nPhases hit:\n${Object.entries(report.phasesHit)
        .map(([p, n]) => `  ${p.padEnd(28)} ${n}`)
        .join('\n')}\n`
    )
    process.stdout.write(`\ncrash: ${report.passed} passed, ${report.failed} failed\n`)
    process.exitCode = report.failed === 0 ? 0 : 1
  })
}
