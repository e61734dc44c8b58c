// Child process: runs the migration the way the desktop app does (in its worker thread, progress posted to the main
// thread) and measures the main thread: its longest event-loop block, and the longest gap between progress reports.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { migrateInWorker } from '../src/main/migration/run-in-worker'
import { runProbe } from './probe-main'

async function probe(dir: string): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  const times: number[] = []
  const phases: string[] = []
  delay.enable()
  const started = performance.now()
  const outcome = await migrateInWorker(dir, (progress) => {
    times.push(performance.now())
    phases.push(`${progress.phase} ${progress.message}`)
  })
  const finished = performance.now()
  delay.disable()
  let widestGap = 0
  let widestAt = ''
  for (let i = 1; i < times.length; i++) {
    if (times[i]! - times[i - 1]! <= widestGap) continue
    widestGap = times[i]! - times[i - 1]!
    widestAt = `${phases[i - 1]} → ${phases[i]}`
  }
  process.stdout.write(
    `${JSON.stringify({
      ok: outcome.status === 'migrated',
      status: outcome.status,
      wall_ms: Math.round(finished - started),
      max_block_ms: Number((delay.max / 1e6).toFixed(1)),
      p99_block_ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
      progress_events: times.length,
      progress_per_s: Number((times.length / ((finished - started) / 1000)).toFixed(1)),
      widest_progress_gap_ms: Math.round(widestGap),
      widest_progress_gap_at: widestAt
    })}\n`
  )
}

runProbe('app-worker', '<legacy data dir>', probe)
