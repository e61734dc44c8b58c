// Folds the WAL back into the database shortly after changes, between them rather than inside one: SQLite's
// automatic checkpoint runs inside the write that crosses its threshold, making about one change in a hundred
// 5–20 ms slower (measured by `npm run bench`).
import { logger } from '../../logging/logger'
import type { Db } from './database'

export const CHECKPOINT_DELAY_MS = 500

export class IdleCheckpoint {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly db: Db,
    private readonly delayMs = CHECKPOINT_DELAY_MS
  ) {
    db.pragma('wal_autocheckpoint = 0')
  }

  /** A change was committed: checkpoint once the current burst of work has let the event loop run. */
  changed(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      try {
        // PASSIVE: copies what no reader still needs, never waits for one.
        this.db.pragma('wal_checkpoint(PASSIVE)')
      } catch (error) {
        logger.warn('a WAL checkpoint failed; the next one will retry', error)
      }
    }, this.delayMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
