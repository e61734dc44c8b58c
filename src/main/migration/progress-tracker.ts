// Progress of a migration run: phase, records and bytes done, the run's share done and the time left; emitted at
// most every 100 ms (and at every phase change), so callers may report every record without slowing the run.
import type { MigrationPhase, MigrationProgress } from '../../shared/types'
import { logger } from '../logging/logger'

const MIN_INTERVAL_MS = 100
/** While the run waits (on a worker, say) the tracker still reports this often, so a screen never looks stuck. */
const HEARTBEAT_MS = 80

/**
 * What each pass over the legacy bytes costs, relative to the import (measured by `npm run bench:migrate`): the
 * fraction done and the time left are estimated over the sum of these passes.
 */
export const PASS_WEIGHTS: Partial<Record<MigrationPhase, number>> = {
  backup: 0.1,
  conversations: 1,
  verify: 0.8,
  index: 0.3
}
const TOTAL_WEIGHT = Object.values(PASS_WEIGHTS).reduce((sum, w) => sum + w, 0)

export class ProgressTracker {
  private current: MigrationPhase = 'detect'
  private phaseStarted = Date.now()
  private readonly durations: { phase: MigrationPhase; durationMs: number }[] = []
  private total = 0
  private base = 0
  private doneInPhase = 0
  private bytesTotal = 0
  private bytesDone = 0
  /** Weight of the passes finished so far. */
  private weightDone = 0
  private message = ''
  private lastEmit = 0
  private readonly started = Date.now()

  private heartbeat: NodeJS.Timeout | null = null

  constructor(private readonly listener?: (progress: MigrationProgress) => void) {
    if (listener) {
      this.heartbeat = setInterval(() => this.emit(false), HEARTBEAT_MS)
      this.heartbeat.unref()
    }
  }

  /** Stops the heartbeat (the run is over, or failed). */
  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
  }

  /** Reports that work goes on in the current phase, with nothing new to count. */
  tick(): void {
    this.emit(false)
  }

  /** Records and bytes (of all the legacy files) the run will move. */
  setTotal(total: number, bytesTotal = 0): void {
    this.total = total
    this.bytesTotal = bytesTotal
  }

  phase(phase: MigrationPhase, message: string): void {
    this.closePhase()
    this.current = phase
    this.message = message
    logger.info(`migration phase ${phase}: ${message}`)
    this.emit(true)
  }

  /** Records done in the current phase (absolute), and how many bytes of the file the phase has got through. */
  done(doneInPhase: number, bytes?: number): void {
    this.doneInPhase = doneInPhase
    if (bytes !== undefined) this.bytesDone = bytes
    this.emit(false)
  }

  /** How many bytes the current pass has got through (verify, index). */
  bytes(bytes: number): void {
    this.bytesDone = bytes
    this.emit(false)
  }

  /** Marks `n` more records done and moves the base on. */
  advance(n: number): void {
    this.base += this.doneInPhase + n
    this.doneInPhase = 0
    this.emit(false)
  }

  phaseDurations(): { phase: MigrationPhase; durationMs: number }[] {
    this.closePhase()
    return [...this.durations]
  }

  private closePhase(): void {
    const now = Date.now()
    if (this.current !== 'detect' && this.current !== 'done')
      this.durations.push({ phase: this.current, durationMs: now - this.phaseStarted })
    this.phaseStarted = now
    this.weightDone += PASS_WEIGHTS[this.current] ?? 0
    this.bytesDone = 0
    if (this.doneInPhase > 0) {
      this.base += this.doneInPhase
      this.doneInPhase = 0
    }
  }

  private fraction(): number {
    if (this.current === 'done') return 1
    if (this.bytesTotal === 0)
      return this.total > 0 ? Math.min(1, (this.base + this.doneInPhase) / this.total) : 0
    const inPass = (PASS_WEIGHTS[this.current] ?? 0) * Math.min(1, this.bytesDone / this.bytesTotal)
    return Math.min(1, (this.weightDone + inPass) / TOTAL_WEIGHT)
  }

  private emit(force: boolean): void {
    if (!this.listener) return
    const now = Date.now()
    if (!force && now - this.lastEmit < MIN_INTERVAL_MS) return
    this.lastEmit = now
    const fraction = this.fraction()
    const elapsed = now - this.started
    const etaMs =
      this.current === 'done' ? 0 : fraction > 0.02 ? Math.round((elapsed / fraction) * (1 - fraction)) : null
    this.listener({
      phase: this.current,
      done: Math.min(this.total, this.base + this.doneInPhase),
      total: this.total,
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      fraction,
      etaMs,
      message: this.message
    })
  }
}
