// The write-wait measurement: one process appends a message every few ms (the interactive writer) while another runs
// a large folder import and then rolls it back (the long writers); each append's wait, before and during each.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { spawnJsonChild } from './json-child'
import type { ChildMeasurement } from './measure-child'
import { latencyStats, type LatencyStats } from './latency-stats'
import { writeNotes } from './notes-folder'
import { mulberry32 } from './prng'
import type { AppendSample, ImporterReport, WaitRole } from './write-wait-child'

export interface WaitOptions {
  dataDir: string
  workDir: string
  /** Notes in the large folder imported. */
  notes: number
  conversation: string
  everyMs: number
}

export interface WaitResult {
  notes: number
  importMs: number
  rollbackMs: number
  /** Append waits (and the errors that reached the appender, by code) with no long writer running, while the import
   * ran, and while its rollback ran. */
  idle: WaitWindow
  import: WaitWindow
  rollback: WaitWindow
  /** Appends during the import that waited over 100 ms. */
  importOver100: number
}

export interface WaitWindow {
  latency: LatencyStats
  errors: Record<string, number>
}

function waitWindow(samples: readonly AppendSample[]): WaitWindow {
  const errors: Record<string, number> = {}
  for (const s of samples) if (s.error !== null) errors[s.error] = (errors[s.error] ?? 0) + 1
  return { latency: latencyStats(samples.map((s) => s.ms)), errors }
}

const SETTLE_MS = 1500

function report<T>(child: ChildMeasurement, who: string): T {
  if (child.json === null) throw new Error(`${who} failed: ${child.failureReason ?? 'no report'}`)
  return child.json as T
}

export async function measureWriteWait(options: WaitOptions): Promise<WaitResult> {
  const folder = join(options.workDir, 'large-import')
  rmSync(folder, { recursive: true, force: true })
  writeNotes(folder, options.notes, mulberry32(options.notes), 'large')
  const stopFile = join(options.workDir, 'stop-appender')
  rmSync(stopFile, { force: true })
  mkdirSync(options.workDir, { recursive: true })
  const appenderRole: WaitRole = {
    role: 'appender',
    dataDir: options.dataDir,
    conversation: options.conversation,
    everyMs: options.everyMs,
    stopFile
  }
  const appending = spawnJsonChild('write-wait-child', appenderRole)
  await sleep(SETTLE_MS)
  const importer = await spawnJsonChild('write-wait-child', {
    role: 'importer',
    dataDir: options.dataDir,
    folder,
    pauseMs: SETTLE_MS
  } satisfies WaitRole)
  await sleep(SETTLE_MS)
  writeFileSync(stopFile, '')
  const appended = await appending
  const spans = report<ImporterReport>(importer, 'the importer')
  const { samples } = report<{ samples: AppendSample[] }>(appended, 'the appender')
  const overlaps = (s: AppendSample, span: { from: number; to: number }): boolean =>
    s.at <= span.to && s.at + s.ms >= span.from
  const duringImport = samples.filter((s) => overlaps(s, spans.import))
  return {
    notes: spans.notes,
    importMs: spans.import.to - spans.import.from,
    rollbackMs: spans.rollback.to - spans.rollback.from,
    idle: waitWindow(samples.filter((s) => !overlaps(s, spans.import) && !overlaps(s, spans.rollback))),
    import: waitWindow(duringImport),
    rollback: waitWindow(samples.filter((s) => overlaps(s, spans.rollback))),
    importOver100: duringImport.filter((s) => s.ms > 100).length
  }
}
