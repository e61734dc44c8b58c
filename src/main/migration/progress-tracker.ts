// Progress of a migration run: phase, records done out of the total, time left; emitted at most every 100 ms
// (and at every phase change) so reporting never slows the run.
import type { MigrationPhase, MigrationProgress } from '../../shared/types'
import { logger } from '../logging/logger'

const MIN_INTERVAL_MS = 100

export class ProgressTracker {
  private current: MigrationPhase = 'detect'
  private phaseStarted = Date.now()
  private readonly durations: { phase: MigrationPhase; durationMs: number }[] = []
  private total = 0
  private base = 0
  private doneInPhase = 0
  private message = ''
  private lastEmit = 0
  private readonly started = Date.now()

  constructor(private readonly listener?: (progress: MigrationProgress) => void) {}

  setTotal(total: number): void {
    this.total = total
  }

  phase(phase: MigrationPhase, message: string): void {
    this.closePhase()
    this.current = phase
    this.message = message
    logger.info(`migration phase ${phase}: ${message}`)
    this.emit(true)
  }

  /** Records done in the current phase (absolute). */
  done(doneInPhase: number): void {
    this.doneInPhase = doneInPhase
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
    if (this.doneInPhase > 0) {
      this.base += this.doneInPhase
      this.doneInPhase = 0
    }
  }

  private emit(force: boolean): void {
    if (!this.listener) return
    const now = Date.now()
    if (!force && now - this.lastEmit < MIN_INTERVAL_MS) return
    this.lastEmit = now
    const done = Math.min(this.total, this.base + this.doneInPhase)
    const elapsed = now - this.started
    const etaMs =
      done > 0 && this.total > done
        ? Math.round((elapsed / done) * (this.total - done))
        : this.current === 'done'
          ? 0
          : null
    this.listener({ phase: this.current, done, total: this.total, etaMs, message: this.message })
  }
}
