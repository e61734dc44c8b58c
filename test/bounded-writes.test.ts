// Long writes in bounded transactions (store/sqlite/bounded-writes.ts): every item lands whole, a transaction ends at
// an item's boundary once over its budget, and a failing item takes back only its own transaction's rows.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../src/main/store/sqlite/database'
import { writeBounded } from '../src/main/store/sqlite/bounded-writes'
import { tempDir } from './support/folders'

/** A writer and a second connection that sees only what the writer committed. */
function connections(): { db: Db; reader: Db } {
  const file = join(tempDir(), 'bounded.db')
  const db = openDatabase(file, { withoutVec: true })
  db.exec('CREATE TABLE rows (item INTEGER, part INTEGER)')
  return { db, reader: openDatabase(file, { withoutVec: true }) }
}

/** Writes the item's two rows; answers how many rows the reader saw committed before them. */
function writeTwo(db: Db, reader: Db, item: number): number {
  const committed = (reader.prepare('SELECT count(*) AS n FROM rows').get() as { n: number }).n
  const insert = db.prepare('INSERT INTO rows (item, part) VALUES (?, ?)')
  insert.run(item, 1)
  insert.run(item, 2)
  return committed
}

const ITEMS = Array.from({ length: 20 }, (_, i) => i)

describe('bounded writes', () => {
  it('commits before the next item once a transaction is over its budget', async () => {
    const { db, reader } = connections()
    const seen: number[] = []
    await writeBounded(db, ITEMS, (item) => void seen.push(writeTwo(db, reader, item)), {
      budgetMs: 0,
      pauseMs: 0
    })
    // Budget 0: each item is a transaction of its own, so each sees every earlier item committed, whole.
    expect(seen).toEqual(ITEMS.map((i) => 2 * i))
    expect(reader.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 40 })
  })

  it('keeps writing in one transaction while under the budget', async () => {
    const { db, reader } = connections()
    const seen: number[] = []
    await writeBounded(db, ITEMS, (item) => void seen.push(writeTwo(db, reader, item)), {
      budgetMs: 60_000,
      pauseMs: 0
    })
    expect(seen).toEqual(ITEMS.map(() => 0))
    expect(reader.prepare('SELECT count(*) AS n FROM rows').get()).toEqual({ n: 40 })
  })

  it('keeps the transactions committed before a failing item, and nothing of the one it fails in', async () => {
    const { db, reader } = connections()
    const write = (item: number): void => {
      writeTwo(db, reader, item)
      if (item === 3) throw new Error('item 3 fails halfway')
    }
    await expect(writeBounded(db, ITEMS, write, { budgetMs: 0, pauseMs: 0 })).rejects.toThrow(
      'item 3 fails halfway'
    )
    expect(reader.prepare('SELECT DISTINCT item FROM rows ORDER BY item').all()).toEqual([
      { item: 0 },
      { item: 1 },
      { item: 2 }
    ])
    expect(db.inTransaction).toBe(false)
  })
})
