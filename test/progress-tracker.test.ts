// Migration progress: bytes and records, the run's share done, the time left, and a heartbeat that keeps a screen
// from looking stuck while the run waits on a worker (on a fake clock, so nothing here depends on timing).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MigrationProgress } from '../src/shared/types'
import { ProgressTracker } from '../src/main/migration/progress-tracker'

describe('migration progress', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reports bytes and records, a share that only grows, and the time left', () => {
    const seen: MigrationProgress[] = []
    const tracker = new ProgressTracker((p) => seen.push(p))
    tracker.setTotal(100, 1000)
    tracker.phase('backup', 'Backing up')
    for (let bytes = 100; bytes <= 1000; bytes += 100) {
      vi.advanceTimersByTime(120)
      tracker.bytes(bytes)
    }
    tracker.phase('conversations', 'Moving conversations')
    for (let done = 10; done <= 100; done += 10) {
      vi.advanceTimersByTime(120)
      tracker.done(done, done * 10)
    }
    // A count the throttle held back goes out with the next heartbeat.
    vi.advanceTimersByTime(200)
    tracker.phase('verify', 'Verifying')
    vi.advanceTimersByTime(120)
    tracker.bytes(500)
    tracker.phase('done', 'Migration complete')
    tracker.stop()

    const moving = seen.filter((p) => p.phase === 'conversations' && p.bytesDone > 0)
    expect(moving.at(-1)).toMatchObject({ done: 100, total: 100, bytesDone: 1000, bytesTotal: 1000 })
    const shares = seen.map((p) => p.fraction)
    expect(shares).toEqual([...shares].sort((a, b) => a - b))
    expect(seen.at(-1)).toMatchObject({ phase: 'done', fraction: 1, etaMs: 0 })
    const midway = seen.find((p) => p.phase === 'conversations' && p.bytesDone > 0 && p.bytesDone < 1000)!
    expect(midway.fraction).toBeGreaterThan(0)
    expect(midway.fraction).toBeLessThan(1)
    expect(midway.etaMs).toBeGreaterThan(0)
  })

  it('keeps reporting about every 160 ms while nothing is counted, and stops when told', () => {
    const seen: MigrationProgress[] = []
    const tracker = new ProgressTracker((p) => seen.push(p))
    tracker.setTotal(10, 1000)
    tracker.phase('verify', 'Waiting for the index worker')
    const before = seen.length
    vi.advanceTimersByTime(1500)
    expect(seen.length - before).toBeGreaterThanOrEqual(9)
    tracker.stop()
    const stopped = seen.length
    vi.advanceTimersByTime(1500)
    expect(seen.length).toBe(stopped)
  })

  it('reports at most every 100 ms however often it is called', () => {
    const seen: MigrationProgress[] = []
    const tracker = new ProgressTracker((p) => seen.push(p))
    tracker.setTotal(10_000, 10_000)
    tracker.phase('conversations', 'Moving conversations')
    const before = seen.length
    for (let done = 1; done <= 10_000; done++) {
      if (done % 100 === 0) vi.advanceTimersByTime(10)
      tracker.done(done, done)
    }
    // 1000 ms of fake time: about ten reports, not ten thousand.
    expect(seen.length - before).toBeLessThanOrEqual(11)
    tracker.stop()
  })
})
