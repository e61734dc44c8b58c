// An online copy of the open database that finishes while other processes write: SQLite's backup starts over when its
// source changes between two steps, so once it has started over the rest is copied in one step (a consistent snapshot
// under one read transaction, which in WAL mode blocks no writer).
import type { Db } from './database'

/** Pages per step until the copy starts over (better-sqlite3's default): the event loop runs between steps. */
const PAGES_PER_STEP = 100

export async function copyDatabase(db: Db, file: string): Promise<void> {
  let lastRemaining = Number.POSITIVE_INFINITY
  await db.backup(file, {
    progress: ({ totalPages, remainingPages }) => {
      const startedOver = remainingPages >= lastRemaining
      lastRemaining = remainingPages
      return startedOver ? totalPages : PAGES_PER_STEP
    }
  })
}
