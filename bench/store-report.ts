// Tables of `npm run bench`: per operation and size, JSON against SQLite (ms per op, ratio, p50, p99), and per
// process (open, first page, read all, memory), as aligned text for the terminal and markdown for the docs.
import { alignedTable, markdownGrid } from './bench-report'
import { opFigure, OPERATIONS, readAllMs, type BackendRun, type OpFigure } from './store-records'

export interface Grid {
  headers: string[]
  rows: string[][]
  rightAligned: ReadonlySet<number>
}

const MIB = 1024 * 1024

/** 3 significant figures or so: 1234, 12.3, 1.23, 0.012. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–'
  if (ms >= 100) return ms.toFixed(0)
  if (ms >= 10) return ms.toFixed(1)
  if (ms >= 1) return ms.toFixed(2)
  return ms.toPrecision(2)
}

function approx(cut: boolean | undefined): string {
  return cut ? '~' : ''
}

function perOp(figure: OpFigure | null): string {
  return figure ? `${approx(figure.cut)}${formatMs(figure.msPerOp)}` : 'failed'
}

function ops(figure: OpFigure | null): string {
  if (!figure) return '–'
  return figure.done === figure.planned ? String(figure.done) : `${figure.done}/${figure.planned}`
}

/** SQLite's ms per op over JSON's, and how many times faster SQLite is. */
export function speedRatio(json: OpFigure | null, sqlite: OpFigure | null): number | null {
  if (!json?.msPerOp || !sqlite?.msPerOp) return null
  return sqlite.msPerOp / json.msPerOp
}

function ratioCells(json: OpFigure | null, sqlite: OpFigure | null): string[] {
  const ratio = speedRatio(json, sqlite)
  if (ratio === null) return ['–', '–']
  const mark = approx(json?.cut)
  const faster = 1 / ratio
  return [
    `${mark}${ratio.toPrecision(2)}`,
    `${mark}${faster >= 10 ? Math.round(faster).toLocaleString('en-US') : faster.toFixed(1)}×`
  ]
}

function sizesOf(runs: BackendRun[]): number[] {
  return [...new Set(runs.map((r) => r.conversations))].sort((a, b) => a - b)
}

export function findRun(runs: BackendRun[], conversations: number, backend: string): BackendRun | undefined {
  return runs.find((r) => r.conversations === conversations && r.backend === backend)
}

export function operationsGrid(runs: BackendRun[]): Grid {
  const rows: string[][] = []
  for (const size of sizesOf(runs)) {
    for (const op of OPERATIONS) {
      const json = opFigure(findRun(runs, size, 'json'), op)
      const sqlite = opFigure(findRun(runs, size, 'sqlite'), op)
      rows.push([
        size.toLocaleString('en-US'),
        op === 'read all' ? 'read all (per conversation)' : op === 'list page' ? 'list page (50)' : op,
        perOp(json),
        perOp(sqlite),
        ...ratioCells(json, sqlite),
        formatMs(json?.p50Ms ?? null),
        formatMs(json?.p99Ms ?? null),
        formatMs(sqlite?.p50Ms ?? null),
        formatMs(sqlite?.p99Ms ?? null),
        ops(json),
        ops(sqlite)
      ])
    }
  }
  return {
    headers: [
      'conversations',
      'operation',
      'JSON ms/op',
      'SQLite ms/op',
      'SQLite/JSON',
      'SQLite faster',
      'JSON p50',
      'JSON p99',
      'SQLite p50',
      'SQLite p99',
      'ops JSON',
      'ops SQLite'
    ],
    rows,
    rightAligned: new Set([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  }
}

export function processGrid(runs: BackendRun[]): Grid {
  const rows = runs.map((run) => {
    const r = run.result
    const read = readAllMs(run)
    const readCut = opFigure(run, 'read all')?.cut
    return [
      run.conversations.toLocaleString('en-US'),
      run.messages.toLocaleString('en-US'),
      run.backend === 'json' ? 'JSON' : 'SQLite',
      run.status === 'ok' ? 'ok' : `failed: ${run.reason ?? '?'}`,
      (run.dataBytes / MIB).toFixed(0),
      formatMs(r?.first_page_ms ?? null),
      formatMs(r?.since_process_start_ms ?? null),
      read === null ? '–' : `${approx(readCut)}${(read / 1000).toFixed(2)}`,
      run.peakRssMb === null ? '?' : run.peakRssMb.toFixed(0),
      r ? r.rss_after_open_mb.toFixed(0) : '–',
      formatMs(r?.close_ms ?? null),
      (run.wallMs / 1000).toFixed(1)
    ]
  })
  return {
    headers: [
      'conversations',
      'messages',
      'backend',
      'status',
      'data MB',
      'open + first page ms',
      'ready since process start ms',
      'read all s',
      'peak RSS MB',
      'RSS after open MB',
      'close ms',
      'process s'
    ],
    rows,
    rightAligned: new Set([0, 1, 4, 5, 6, 7, 8, 9, 10, 11])
  }
}

export function gridText(grid: Grid): string {
  return alignedTable(grid.headers, grid.rows, grid.rightAligned)
}

export function gridMarkdown(grid: Grid): string {
  return markdownGrid(grid.headers, grid.rows, grid.rightAligned)
}
