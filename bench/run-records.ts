// Turns a child's measurements into one benchmark row: status, wall time (extrapolated when cut short), MB/s, notes.
import type { ChildMeasurement, JsonObject } from './measure-child'
import type { VariantName } from './run-variant'

export type RowVariant = VariantName | 'first page'
export type RowStatus = 'ok' | 'failed' | 'time-limit'

export interface RunRecord {
  sizeMb: number
  variant: RowVariant
  status: RowStatus
  /** Wall time of the whole child process (node startup included); for the first page, open + first list(). */
  wallMs: number
  /** wallMs, or the extrapolated wall time of a run stopped at its time limit. */
  effectiveWallMs: number
  extrapolated: boolean
  /** Ours: ms from process start until the verified store was committed and usable (`usable_ms`); else null. */
  usableMs: number | null
  mbPerS: number | null
  peakRssMb: number | null
  reason: string | null
  notes: string
  /** Null when the harness could not run the child at all. */
  measurement: ChildMeasurement | null
}

const MIB = 1024 * 1024

function num(json: JsonObject | null, key: string): number | null {
  const value = json?.[key]
  return typeof value === 'number' ? value : null
}

function str(json: JsonObject | null, key: string): string | null {
  const value = json?.[key]
  return typeof value === 'string' ? value : null
}

function seconds(ms: number | null): string {
  return ms === null ? '?' : `${(ms / 1000).toFixed(2)} s`
}

/** Why a run failed, or null: non-zero exit, `ok: false`, a CLI error object, or ours not reaching "migrated". */
function failure(variant: VariantName, m: ChildMeasurement): string | null {
  const json = m.json
  const error = json?.['error']
  const cliError = typeof error === 'object' && error !== null ? str(error as JsonObject, 'message') : null
  if (m.failureReason !== null) return m.failureReason
  if (json?.['ok'] === false) return str(json, 'reason') ?? 'reported ok: false'
  if (cliError !== null) return cliError
  if ((variant === 'ours' || variant === 'app') && str(json, 'status') !== 'migrated')
    return `status ${str(json, 'status') ?? 'missing'} instead of "migrated"`
  if (variant !== 'ours' && json === null) return 'printed no JSON result'
  return null
}

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA']

/** Ours' phases (`phases` of `migrate --json`) in seconds, in the order they ran. */
function phaseNotes(json: JsonObject | null): string {
  const phases = json?.['phases']
  if (typeof phases !== 'object' || phases === null) return 'phases ?'
  const parts = Object.entries(phases as JsonObject).map(
    ([phase, ms]) => `${phase} ${typeof ms === 'number' ? (ms / 1000).toFixed(2) : '?'}`
  )
  return `phases (s): ${parts.join(', ')}`
}

function notesFor(variant: VariantName, json: JsonObject | null): string {
  if (variant === 'ours') {
    const counts = json?.['counts']
    const c = typeof counts === 'object' && counts !== null ? (counts as JsonObject) : null
    return `engine ${seconds(num(json, 'duration_ms'))}; ${num(c, 'conversations') ?? '?'} conv, ${num(c, 'messages') ?? '?'} msg, ${num(json, 'quarantined') ?? '?'} quarantined; ${phaseNotes(json)}`
  }
  if (variant === 'app')
    return `main thread blocked ≤ ${num(json, 'max_block_ms') ?? '?'} ms (p99 ${num(json, 'p99_block_ms') ?? '?'} ms); ${num(json, 'progress_per_s') ?? '?'} progress reports/s, widest gap ${num(json, 'widest_progress_gap_ms') ?? '?'} ms`
  const parts: string[] = []
  if (variant === 'naive' && json?.['extrapolated'] === true)
    parts.push(`extrapolated from ${num(json, 'rows_done')}/${num(json, 'rows_total')} rows`)
  parts.push(
    `read ${seconds(num(json, 'read_ms'))}, parse ${seconds(num(json, 'parse_ms'))}, insert ${seconds(num(json, 'insert_ms'))}`
  )
  if (variant === 'naive') {
    const synchronous = num(json, 'synchronous')
    parts.push(
      `journal ${str(json, 'journal_mode') ?? '?'}, synchronous ${SYNCHRONOUS[synchronous ?? -1] ?? '?'}`
    )
  }
  return parts.join('; ')
}

export function variantRecord(
  sizeMb: number,
  bytes: number,
  variant: VariantName,
  m: ChildMeasurement
): RunRecord {
  const json = m.json
  const reason = failure(variant, m)
  let effectiveWallMs = m.wallMs
  const extrapolated = reason === null && variant === 'naive' && json?.['extrapolated'] === true
  if (extrapolated) {
    const done = num(json, 'rows_done') ?? 0
    const total = num(json, 'rows_total') ?? 0
    const insertMs = num(json, 'insert_ms') ?? 0
    if (done > 0) effectiveWallMs = m.wallMs + ((total - done) * insertMs) / done
  }
  return {
    sizeMb,
    variant,
    status: reason !== null ? 'failed' : extrapolated ? 'time-limit' : 'ok',
    wallMs: m.wallMs,
    effectiveWallMs,
    extrapolated,
    usableMs: reason === null && variant === 'ours' ? num(json, 'usable_ms') : null,
    mbPerS: reason === null ? bytes / MIB / (effectiveWallMs / 1000) : null,
    peakRssMb: m.peakRssKb === null ? null : m.peakRssKb / 1024,
    reason,
    notes: reason ?? notesFor(variant, json),
    measurement: m
  }
}

export function firstPageRecord(sizeMb: number, m: ChildMeasurement): RunRecord {
  const json = m.json
  const pageMs = num(json, 'first_page_ms')
  const reason =
    m.failureReason ??
    (json?.['ok'] === true && pageMs !== null ? null : (str(json, 'reason') ?? 'no result'))
  const wallMs = reason === null && pageMs !== null ? pageMs : m.wallMs
  return {
    sizeMb,
    variant: 'first page',
    status: reason === null ? 'ok' : 'failed',
    wallMs,
    effectiveWallMs: wallMs,
    extrapolated: false,
    usableMs: null,
    mbPerS: null,
    peakRssMb: m.peakRssKb === null ? null : m.peakRssKb / 1024,
    reason,
    notes:
      reason ??
      `open ${num(json, 'open_ms')} ms + list ${num(json, 'list_ms')} ms; ${num(json, 'page_items')} of ${num(json, 'conversations')} conversations`,
    measurement: m
  }
}

/** A row for a variant the harness could not even start (no hard link across file systems, say). */
export function harnessFailureRecord(sizeMb: number, variant: RowVariant, error: unknown): RunRecord {
  const reason = `harness: ${error instanceof Error ? error.message : String(error)}`
  return {
    sizeMb,
    variant,
    status: 'failed',
    wallMs: 0,
    effectiveWallMs: 0,
    extrapolated: false,
    usableMs: null,
    mbPerS: null,
    peakRssMb: null,
    reason,
    notes: reason,
    measurement: null
  }
}
