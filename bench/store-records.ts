// One backend × size of `npm run bench` as a record: the child's measurements, and each operation's figure (ms per
// op, p50, p99, how many of the planned operations ran) read from them.
import type { ChildMeasurement, JsonObject } from './measure-child'
import type { SeriesSummary } from './op-series'
import type { BackendName } from './store-backends'
import type { SeriesName } from './store-workload'

/** What store-child.ts prints when it succeeds. */
export interface ChildResult {
  durability: string
  open_ms: number
  first_list_ms: number
  first_page_ms: number
  since_process_start_ms: number
  rss_after_open_mb: number
  close_ms: number
  conversations_read: number
  series: Record<SeriesName, SeriesSummary>
}

export interface BackendRun {
  conversations: number
  messages: number
  backend: BackendName
  /** conversations.json for the JSON store, personal-agent.db for SQLite. */
  dataBytes: number
  status: 'ok' | 'failed'
  reason: string | null
  wallMs: number
  peakRssMb: number | null
  result: ChildResult | null
}

export const OPERATIONS = [
  'open + first page',
  'list page',
  'get',
  'read all',
  'create',
  'rename',
  'append',
  'first page after writes'
] as const
export type Operation = (typeof OPERATIONS)[number]

export interface OpFigure {
  msPerOp: number | null
  p50Ms: number | null
  p99Ms: number | null
  done: number
  planned: number
  /** Cut short by the time budget: msPerOp is from the operations done, extrapolated to the whole series. */
  cut: boolean
}

function childResult(json: JsonObject | null): ChildResult | null {
  if (json?.['ok'] !== true || typeof json['series'] !== 'object' || json['series'] === null) return null
  return json as unknown as ChildResult
}

export function backendRun(
  backend: BackendName,
  conversations: number,
  messages: number,
  dataBytes: number,
  m: ChildMeasurement
): BackendRun {
  const result = childResult(m.json)
  const reason =
    m.failureReason ?? (result === null ? String(m.json?.['reason'] ?? 'printed no result') : null)
  return {
    conversations,
    messages,
    backend,
    dataBytes,
    status: reason === null ? 'ok' : 'failed',
    reason,
    wallMs: m.wallMs,
    peakRssMb: m.peakRssKb === null ? null : m.peakRssKb / 1024,
    result: reason === null ? result : null
  }
}

/** A run the harness could not start (no hard link across file systems, say). */
export function failedRun(
  backend: BackendName,
  conversations: number,
  messages: number,
  error: unknown
): BackendRun {
  return {
    conversations,
    messages,
    backend,
    dataBytes: 0,
    status: 'failed',
    reason: `harness: ${error instanceof Error ? error.message : String(error)}`,
    wallMs: 0,
    peakRssMb: null,
    result: null
  }
}

function fromSeries(s: SeriesSummary): OpFigure {
  return { msPerOp: s.msPerOp, p50Ms: s.p50Ms, p99Ms: s.p99Ms, done: s.done, planned: s.planned, cut: s.cut }
}

/** Reading every conversation (its share of a list page, and its get), per conversation. */
function readAll(result: ChildResult): OpFigure {
  const list = result.series['list page']
  const get = result.series.get
  const read = result.conversations_read
  return {
    msPerOp: read === 0 ? null : (list.totalMs + get.totalMs) / read,
    p50Ms: null,
    p99Ms: null,
    done: read,
    planned: get.planned,
    cut: list.cut
  }
}

export function opFigure(run: BackendRun | undefined, op: Operation): OpFigure | null {
  const result = run?.result
  if (!result) return null
  if (op === 'read all') return readAll(result)
  if (op === 'open + first page') {
    const ms = result.first_page_ms
    return { msPerOp: ms, p50Ms: null, p99Ms: null, done: 1, planned: 1, cut: false }
  }
  return fromSeries(result.series[op])
}

/** Total ms of reading every conversation (extrapolated when the budget cut it short). */
export function readAllMs(run: BackendRun): number | null {
  const figure = opFigure(run, 'read all')
  return figure?.msPerOp == null ? null : figure.msPerOp * figure.planned
}
