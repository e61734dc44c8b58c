// Measuring the app's own chat path, for `npm run bench:chat`: with PERSONAL_AGENT_CHAT_PROBE naming a file, the
// stages of each turn up to its first token, and how long the main process's event loop was held up, are kept in
// memory and written to that file (JSON) on SIGUSR2, the loop's figures starting again from there. Without it,
// nothing is timed or watched. Only stage names, stream ids and times are written: no text, no key.
import { renameSync, writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { ChatServiceOptions, ChatTimingStage } from '../services/chat/chat-service'

export const CHAT_PROBE_ENV = 'PERSONAL_AGENT_CHAT_PROBE'

/** What the probe writes on each SIGUSR2. */
export interface ChatProbeReport {
  /** 1 for the first report, then one more each time. */
  sequence: number
  /** Each stream's stages (the first time each was reached), as `performance.timeOrigin + performance.now()`. */
  timings: Record<string, Partial<Record<ChatTimingStage, number>>>
  /** The event loop's delay since the previous report (ms). */
  loop: { maxMs: number; p99Ms: number; meanMs: number }
}

/** The chat options that time each turn, when the probe is asked for; else none. */
export function chatProbeOptions(env: NodeJS.ProcessEnv = process.env): ChatServiceOptions {
  const file = env[CHAT_PROBE_ENV]
  if (!file) return {}
  const timings: ChatProbeReport['timings'] = {}
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  let sequence = 0
  process.on('SIGUSR2', () => {
    const report: ChatProbeReport = {
      sequence: ++sequence,
      timings,
      loop: { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6, meanMs: loop.mean / 1e6 }
    }
    writeFileSync(`${file}.tmp`, JSON.stringify(report))
    renameSync(`${file}.tmp`, file)
    loop.reset()
  })
  return {
    onTiming(stage, streamId, atMs) {
      const stages = (timings[streamId] ??= {})
      stages[stage] ??= atMs
    }
  }
}
