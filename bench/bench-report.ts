// Formats benchmark rows: aligned text and markdown tables, wall-time ratios and ours' throughput scaling.
import type { RunRecord } from './run-records'

export interface SizeRatios {
  sizeMb: number
  /** Wall time of ours over the floor's; null when either failed. */
  oursOverFloor: number | null
  /** Ours' usable point (`usable_ms`, from its process start) over the floor's wall time; null when either failed. */
  usableOverFloor: number | null
  /** Wall time of naive (extrapolated when cut short) over ours'. */
  naiveOverOurs: number | null
  naiveExtrapolated: boolean
}

export interface Scaling {
  fromMb: number
  toMb: number
  /** Ours' MB/s at the larger size over its MB/s at the smaller one; null when either run failed. */
  ratio: number | null
  text: string
}

const HEADERS = ['size MB', 'variant', 'status', 'wall s', 'usable s', 'MB/s', 'peak RSS MB', 'notes']
const RIGHT_ALIGNED = new Set([0, 3, 4, 5, 6])

function find(records: RunRecord[], sizeMb: number, variant: RunRecord['variant']): RunRecord | undefined {
  return records.find((r) => r.sizeMb === sizeMb && r.variant === variant && r.status !== 'failed')
}

function sizesOf(records: RunRecord[]): number[] {
  return [...new Set(records.map((r) => r.sizeMb))].sort((a, b) => a - b)
}

export function ratios(records: RunRecord[]): SizeRatios[] {
  return sizesOf(records).map((sizeMb) => {
    const floor = find(records, sizeMb, 'floor')
    const naive = find(records, sizeMb, 'naive')
    const ours = find(records, sizeMb, 'ours')
    return {
      sizeMb,
      oursOverFloor: ours && floor ? ours.effectiveWallMs / floor.effectiveWallMs : null,
      usableOverFloor: ours && floor && ours.usableMs !== null ? ours.usableMs / floor.effectiveWallMs : null,
      naiveOverOurs: naive && ours ? naive.effectiveWallMs / ours.effectiveWallMs : null,
      naiveExtrapolated: naive?.extrapolated ?? false
    }
  })
}

/** Ours at the largest size against the next one down (1024 MB against 200 MB by default). */
export function scaling(records: RunRecord[]): Scaling | null {
  const sizes = sizesOf(records)
  const toMb = sizes.at(-1)
  const fromMb = sizes.at(-2)
  if (toMb === undefined || fromMb === undefined) return null
  const label = `ours throughput at ${toMb} MB relative to ${fromMb} MB`
  const small = find(records, fromMb, 'ours')
  const large = find(records, toMb, 'ours')
  if (!small?.mbPerS || !large?.mbPerS) {
    const failed = small ? toMb : fromMb
    const reason = records.find((r) => r.sizeMb === failed && r.variant === 'ours')?.reason ?? 'not run'
    return { fromMb, toMb, ratio: null, text: `${label}: n/a (ours at ${failed} MB: ${reason})` }
  }
  const ratio = large.mbPerS / small.mbPerS
  const text = `${label}: ${ratio.toFixed(2)}× (${large.mbPerS.toFixed(1)} vs ${small.mbPerS.toFixed(1)} MB/s)`
  return { fromMb, toMb, ratio, text }
}

function times(value: number | null, approximate = false, digits = 1): string {
  return value === null ? 'n/a' : `${approximate ? '~' : ''}${value.toFixed(digits)}×`
}

export function ratioLines(list: SizeRatios[]): string[] {
  return list.map(
    (r) =>
      `${r.sizeMb} MB: ours/floor ${times(r.oursOverFloor, false, 2)} (total), usable/floor ${times(r.usableOverFloor, false, 2)}, naive/ours ${times(r.naiveOverOurs, r.naiveExtrapolated)}` +
      (r.naiveExtrapolated && r.naiveOverOurs !== null ? ' (naive extrapolated)' : '')
  )
}

function cells(r: RunRecord, notesWidth: number): string[] {
  const approx = r.extrapolated ? '~' : ''
  const wall = r.effectiveWallMs / 1000
  const notes = r.notes.length > notesWidth ? `${r.notes.slice(0, notesWidth - 1)}…` : r.notes
  return [
    String(r.sizeMb),
    r.variant,
    r.status,
    `${approx}${wall < 1 ? wall.toFixed(3) : wall.toFixed(2)}`,
    r.usableMs === null ? '–' : (r.usableMs / 1000).toFixed(2),
    r.mbPerS === null ? '–' : `${approx}${r.mbPerS.toFixed(1)}`,
    r.peakRssMb === null ? '?' : r.peakRssMb.toFixed(0),
    notes
  ]
}

/** Columns padded to their widest cell (right-aligned where asked), a dashed rule under the headers. */
export function alignedTable(headers: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const all = [headers, ...rows]
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)))
  const line = (row: string[]): string =>
    row
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** A GitHub markdown table (pipes in cells escaped). */
export function markdownGrid(headers: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const row = (values: string[]): string => `| ${values.map((v) => v.replaceAll('|', '\\|')).join(' | ')} |`
  const align = headers.map((_, i) => (rightAligned.has(i) ? '---:' : '---'))
  return [row(headers), `|${align.join('|')}|`, ...rows.map(row)].join('\n')
}

export function textTable(records: RunRecord[]): string {
  return alignedTable(
    HEADERS,
    records.map((r) => cells(r, 130)),
    RIGHT_ALIGNED
  )
}

export function markdownTable(records: RunRecord[]): string {
  return markdownGrid(
    HEADERS,
    records.map((r) => cells(r, 200)),
    RIGHT_ALIGNED
  )
}
