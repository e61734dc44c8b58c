// Embedding a long record (a 20,000-token reply is hundreds of chunks) writes its chunks a slice per transaction,
// so the main process answers between them; the record counts as embedded only once its first chunk, written last,
// is there, so a pass stopped half-way leaves it pending, and the next pass writes it whole, once.
import { describe, expect, it } from 'vitest'
import { chunkText } from '../src/main/search/chunks'
import { embedPending, pendingEmbeddings } from '../src/main/search/embedding-indexer'
import { offlineEmbedder } from '../src/main/search/offline-embedder'
import type { Db } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chunk-writes-')
const LONG = Array.from({ length: 3_000 }, (_, i) => `word${i}`).join(' ')

/** A store with one long reply-like message, and every transaction the embedding opens counted. */
function store(): { db: Db; transactions: { count: number; after?: () => void } } {
  const { db } = fixtures.fresh()
  const chats = new SqliteConversations(db)
  chats.appendMessage(chats.create({ title: 'Long' }).id, { role: 'assistant', content: LONG })
  const transactions: { count: number; after?: () => void } = { count: 0 }
  const transaction = db.transaction.bind(db)
  db.transaction = ((fn: () => unknown) => {
    const run = transaction(fn)
    return () => {
      const result = run()
      transactions.count++
      transactions.after?.()
      return result
    }
  }) as typeof db.transaction
  return { db, transactions }
}

function chunkRows(db: Db): { n: number; vectors: number; first: number } {
  return {
    n: (db.prepare('SELECT COUNT(*) AS n FROM embedding_chunks').get() as { n: number }).n,
    vectors: (db.prepare('SELECT COUNT(*) AS n FROM chunk_vectors').get() as { n: number }).n,
    first: (
      db.prepare('SELECT COUNT(*) AS n FROM embedding_chunks WHERE chunk_index = 0').get() as { n: number }
    ).n
  }
}

describe('writing the chunks of a long record', () => {
  const expected = chunkText(LONG).length

  it('writes them a slice per transaction, and the record once', async () => {
    const { db, transactions } = store()
    expect(expected).toBeGreaterThan(20)
    const summary = await embedPending(db, offlineEmbedder, { chunksPerWrite: 8 })
    expect(summary).toMatchObject({ embedded: 1, chunks: expected, stopped: false })
    expect(transactions.count).toBe(Math.ceil(expected / 8))
    expect(chunkRows(db)).toEqual({ n: expected, vectors: expected, first: 1 })
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(0)
  })

  it('leaves a record stopped half-way pending, and the next pass writes it whole, once', async () => {
    const { db, transactions } = store()
    const controller = new AbortController()
    transactions.after = () => controller.abort()
    const stopped = await embedPending(db, offlineEmbedder, { chunksPerWrite: 8, signal: controller.signal })
    expect(stopped).toMatchObject({ embedded: 0, chunks: 8, stopped: true })
    expect(chunkRows(db)).toEqual({ n: 8, vectors: 8, first: 0 })
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(1)

    transactions.after = undefined
    const resumed = await embedPending(db, offlineEmbedder, { chunksPerWrite: 8 })
    expect(resumed).toMatchObject({ embedded: 1, chunks: expected, stopped: false })
    expect(chunkRows(db)).toEqual({ n: expected, vectors: expected, first: 1 })
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(0)
  })
})
