// The store targets `npm run bench` checks (append at 100k, create, open at 1M messages), each as a met, missed or
// not-measured line for the terminal and the docs; never a test assertion.
import { findRun, formatMs, speedRatio } from './store-report'
import { opFigure, type BackendRun } from './store-records'

export type TargetStatus = 'met' | 'missed' | 'not measured'

export interface TargetCheck {
  target: string
  status: TargetStatus
  detail: string
}

const APPEND_AT = 100_000
const APPEND_P99_MS = 1
const APPEND_SPEEDUP = 1000
const CREATE_MS = 0.1
const OPEN_AT_MESSAGES = 1_000_000
const OPEN_MS = 200
/** "Independent of history size": at most twice the smallest size's figure, or 20 ms more (noise at a few ms). */
const OPEN_GROWTH = 2
const OPEN_SLACK_MS = 20

function status(ok: boolean): TargetStatus {
  return ok ? 'met' : 'missed'
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}

function sqliteRuns(runs: BackendRun[]): BackendRun[] {
  return runs.filter((r) => r.backend === 'sqlite' && r.result !== null)
}

function appendTargets(runs: BackendRun[]): TargetCheck[] {
  const p99Target = `SQLite append p99 ≤ ${APPEND_P99_MS} ms at ${count(APPEND_AT)} conversations`
  const speedTarget = `SQLite append ≥ ${APPEND_SPEEDUP}× faster than the JSON store's at ${count(APPEND_AT)} conversations`
  const sqlite = opFigure(findRun(runs, APPEND_AT, 'sqlite'), 'append')
  if (!sqlite || sqlite.p99Ms === null) {
    const detail = `no SQLite run at ${count(APPEND_AT)} conversations (pass --sizes ${APPEND_AT})`
    return [
      { target: p99Target, status: 'not measured', detail },
      { target: speedTarget, status: 'not measured', detail }
    ]
  }
  const p99: TargetCheck = {
    target: p99Target,
    status: status(sqlite.p99Ms <= APPEND_P99_MS),
    detail: `p99 ${formatMs(sqlite.p99Ms)} ms, p50 ${formatMs(sqlite.p50Ms)} ms over ${sqlite.done} appends`
  }
  const json = opFigure(findRun(runs, APPEND_AT, 'json'), 'append')
  const ratio = speedRatio(json, sqlite)
  if (ratio === null || !json)
    return [p99, { target: speedTarget, status: 'not measured', detail: 'the JSON store run failed' }]
  const faster = 1 / ratio
  return [
    p99,
    {
      target: speedTarget,
      status: status(faster >= APPEND_SPEEDUP),
      detail:
        `${json.cut ? '~' : ''}${Math.round(faster).toLocaleString('en-US')}× (JSON ${formatMs(json.msPerOp)} ms/op ` +
        `over ${json.done} appends, SQLite ${formatMs(sqlite.msPerOp)} ms/op)`
    }
  ]
}

function createTarget(runs: BackendRun[]): TargetCheck {
  const target = `SQLite create ≤ ${CREATE_MS} ms/op`
  const figures = sqliteRuns(runs).map((run) => ({ run, figure: opFigure(run, 'create') }))
  if (figures.length === 0) return { target, status: 'not measured', detail: 'no SQLite run succeeded' }
  const ok = figures.every(({ figure }) => figure?.msPerOp != null && figure.msPerOp <= CREATE_MS)
  const detail = figures
    .map(
      ({ run, figure }) =>
        `${formatMs(figure?.msPerOp ?? null)} ms/op at ${count(run.conversations)} (p99 ${formatMs(figure?.p99Ms ?? null)})`
    )
    .join('; ')
  return { target, status: status(ok), detail }
}

function openTarget(runs: BackendRun[]): TargetCheck {
  const target =
    `opening the SQLite store independent of history size: first page ≤ ${OPEN_MS} ms at ≥ ${count(OPEN_AT_MESSAGES)} ` +
    `messages, and at most ${OPEN_GROWTH}× (or +${OPEN_SLACK_MS} ms) the smallest size's`
  const sqlite = sqliteRuns(runs).sort((a, b) => a.conversations - b.conversations)
  const large = sqlite.filter((r) => r.messages >= OPEN_AT_MESSAGES)
  const figures = sqlite.map(
    (r) => `${formatMs(r.result?.first_page_ms ?? null)} ms at ${count(r.messages)} messages`
  )
  if (large.length === 0)
    return {
      target,
      status: 'not measured',
      detail: `no size with ≥ ${count(OPEN_AT_MESSAGES)} messages (${figures.join('; ') || 'no SQLite run'}); pass --sizes 50000 or more`
    }
  const smallest = sqlite[0]?.result?.first_page_ms ?? 0
  const limit = Math.max(OPEN_GROWTH * smallest, smallest + OPEN_SLACK_MS)
  const ok = large.every((r) => {
    const ms = r.result?.first_page_ms ?? Infinity
    return ms <= OPEN_MS && ms <= limit
  })
  return { target, status: status(ok), detail: figures.join('; ') }
}

export function checkTargets(runs: BackendRun[]): TargetCheck[] {
  return [...appendTargets(runs), createTarget(runs), openTarget(runs)]
}

export function targetLines(checks: TargetCheck[], bold: boolean): string[] {
  return checks.map((c) => {
    const label = bold ? `**${c.status}**` : c.status.toUpperCase()
    return `${label}: ${c.target}: ${c.detail}`
  })
}
