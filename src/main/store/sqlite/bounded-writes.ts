// Long writes cut into bounded transactions: items are written in IMMEDIATE transactions that end (at an item's
// boundary) once they have held the write lock for a time budget, and the writer steps back between them, so that an
// interactive write of another process (or of this one's event loop) waits a bounded time, never the whole run.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Db } from './database'

/** How long one transaction may hold the write lock before it commits (it ends at the next item's boundary). */
export const WRITE_BUDGET_MS = 40
/**
 * How long the writer leaves the lock free between two transactions: longer than the 25 ms SQLite's busy handler
 * sleeps between its early tries, so a waiting writer of another process finds it free at its next try.
 */
export const WRITE_PAUSE_MS = 30

export interface BoundedOptions {
  budgetMs?: number
  pauseMs?: number
}

/**
 * Writes every item, each whole inside one transaction with whatever `write` adds to it; a transaction commits once it
 * ran `budgetMs`, then the writer pauses `pauseMs` before the next. Resolves once all are committed.
 */
export async function writeBounded<T>(
  db: Db,
  items: readonly T[],
  write: (item: T) => void,
  options: BoundedOptions = {}
): Promise<void> {
  const budget = options.budgetMs ?? WRITE_BUDGET_MS
  const pause = options.pauseMs ?? WRITE_PAUSE_MS
  let next = 0
  const writeSome = db.transaction(() => {
    const started = performance.now()
    do write(items[next++] as T)
    while (next < items.length && performance.now() - started < budget)
  })
  while (next < items.length) {
    writeSome.immediate()
    if (next < items.length) await sleep(pause)
  }
}
