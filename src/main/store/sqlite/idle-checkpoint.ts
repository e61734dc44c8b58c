// Keeps the database's housekeeping out of the user's writes: SQLite's automatic WAL checkpoint and FTS5's automatic
// index merges both run inside the write that crosses their threshold, making about one append in fifty 5–20 ms
// slower at 100k conversations (measured by `npm run bench`). Both are switched off on the app's connection and
// done here instead, half a second after changes, in small steps between them.
import { logger } from '../../logging/logger'
import type { Statement } from 'better-sqlite3'
import { Later } from '../../base/later'
import type { Db } from './database'

export const CHECKPOINT_DELAY_MS = 500
/** Leaf pages of full-text index merge work per step (a few milliseconds), with a pause for the app in between. */
const MERGE_PAGES_PER_STEP = 64
const MERGE_STEP_GAP_MS = 20

export class IdleCheckpoint {
  private readonly next = new Later(() => this.step())
  private totalChanges: Statement | null = null

  constructor(
    private readonly db: Db,
    private readonly delayMs = CHECKPOINT_DELAY_MS
  ) {
    db.pragma('wal_autocheckpoint = 0')
    // Kept in the index's own config table. FTS5's crisis merge (16 segments on one level) still bounds the
    // segments if the app never idles.
    db.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES('automerge', 0)`)
  }

  /** A change was committed: tidy up once the current burst of work has let the event loop run. */
  changed(): void {
    this.next.soon(this.delayMs)
  }

  stop(): void {
    this.next.cancel()
  }

  /** One merge step; once there is nothing left to merge, a PASSIVE checkpoint (never waits for a reader). */
  private step(): void {
    try {
      if (this.mergeStep()) {
        this.next.soon(MERGE_STEP_GAP_MS)
        return
      }
      this.db.pragma('wal_checkpoint(PASSIVE)')
    } catch (error) {
      logger.warn(
        'database housekeeping (index merge, WAL checkpoint) failed; the next change retries it',
        error
      )
    }
  }

  /** Whether the step found merge work (FTS5 writes fewer than 2 pages when there is none). */
  private mergeStep(): boolean {
    const total = (this.totalChanges ??= this.db.prepare('SELECT total_changes() AS n'))
    const before = (total.get() as { n: number }).n
    this.db.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES('merge', ${MERGE_PAGES_PER_STEP})`)
    return (total.get() as { n: number }).n - before >= 2
  }
}
