// The message row of `npm run bench:search`: N generated messages in a real store, embedded by the offline embedder,
// then words and hybrid latency, the size on disk of the embedding store (dbstat) and recall@10 of the quantised
// vector search against exact float cosine over the same vectors.
import { join } from 'node:path'
import { embedPending } from '../src/main/search/embedding-indexer'
import { ftsQuery } from '../src/main/search/fts-query'
import { offlineEmbedder, offlineVector, words } from '../src/main/search/offline-embedder'
import { ftsLists } from '../src/main/search/search-lists'
import { SearchService } from '../src/main/services/search-service'
import { closeStore } from '../src/main/store/sqlite/open-store'
import type { Db } from '../src/main/store/sqlite/database'
import { ExactRecall } from './exact-recall'
import { latency, ms, type Latency } from './latency'
import { generateMessageStore } from './message-store'
import { mulberry32 } from './prng'

export interface MessageResult {
  messages: number
  conversations: number
  /** Average characters a message. */
  averageChars: number
  generateMs: number
  embedMs: number
  chunks: number
  words: Latency
  hybrid: Latency
  /** Bytes on disk: the vector tables (bit codes and int8 codes) and the chunk table with its indexes. */
  storeBytes: { vectors: number; chunks: number }
  recallQueries: number
  recallAt10: number
}

function bytesOf(db: Db, where: string): number {
  return (
    db.prepare(`SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE ${where}`).get() as { n: number }
  ).n
}

export async function measureMessages(
  workDir: string,
  messages: number,
  queryCount: number,
  recallQueries: number
): Promise<MessageResult> {
  const rng = mulberry32(messages)
  const store = await generateMessageStore(join(workDir, `messages-${messages}`), messages, rng)
  const { db } = store
  process.stdout.write(`  generated in ${(store.generateMs / 1000).toFixed(0)} s; embedding…\n`)
  const vocabulary = db.prepare('SELECT content FROM messages ORDER BY id LIMIT 200').all() as {
    content: string
  }[]
  const terms = vocabulary.flatMap((row) => words(row.content).filter((w) => w.length > 4))
  const queries = Array.from({ length: queryCount }, () => `${rng.pick(terms)} ${rng.pick(terms)}`)
  const exact = new ExactRecall(offlineEmbedder, queries.slice(0, recallQueries), offlineVector)
  const embedStarted = Date.now()
  const summary = await embedPending(db, exact.tapped(), { batchSize: 256 })
  const embedMs = Date.now() - embedStarted
  process.stdout.write(
    `  embedded ${summary.chunks} chunks in ${(embedMs / 1000).toFixed(0)} s; searching…\n`
  )
  let q = 0
  const wordsLatency = await latency(() => {
    const match = ftsQuery(queries[q++ % queries.length]!)
    return match === null ? [] : ftsLists(db, match, 20)
  }, queryCount)
  q = 0
  const service = new SearchService(db, offlineEmbedder)
  const hybrid = await latency(
    () => service.search(queries[q++ % queries.length]!, { limit: 20 }),
    queryCount
  )
  // Offsets count UTF-16 units, as JavaScript slices (SQLite's substr counts characters).
  const chunk = db.prepare(
    'SELECT m.content, c.start, c.end FROM embedding_chunks c JOIN messages m ON m.id = c.owner_id WHERE c.id = ?'
  )
  const recallAt10 = exact.measure(db, offlineVector, (id) => {
    const row = chunk.get(id) as { content: string; start: number; end: number }
    return row.content.slice(row.start, row.end)
  })
  const storeBytes = {
    vectors: bytesOf(
      db,
      "name LIKE 'chunk_vectors%' OR name LIKE 'sqlite_autoindex_chunk_vectors%' OR name = 'chunk_codes'"
    ),
    chunks: bytesOf(
      db,
      "name IN ('embedding_chunks', 'embedding_chunks_by_owner') OR name LIKE 'sqlite_autoindex_embedding_chunks%'"
    )
  }
  closeStore(db)
  return {
    messages,
    conversations: store.conversations,
    averageChars: Math.round(store.chars / messages),
    generateMs: store.generateMs,
    embedMs,
    chunks: summary.chunks,
    words: wordsLatency,
    hybrid,
    storeBytes,
    recallQueries: Math.min(recallQueries, queries.length),
    recallAt10
  }
}

const TARGETS = { wordsP95: 50, hybridP95: 100, storeBytes: 1.5e9, recall: 0.95 }

function mark(ok: boolean): string {
  return ok ? '✓' : '✗'
}

/** The message row as a Markdown table, each figure with its target met (✓) or missed (✗). */
export function messageTable(r: MessageResult): string {
  const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`
  const store = r.storeBytes.vectors + r.storeBytes.chunks
  return [
    '| messages | conversations | avg chars | chunks | embedding (offline) | words p50 / p95 / p99 | hybrid p50 / p95 / p99 | embedding store (codes + chunk rows) | recall@10 |',
    '|---|---|---|---|---|---|---|---|---|',
    `| ${r.messages.toLocaleString('en')} | ${r.conversations.toLocaleString('en')} | ${r.averageChars} | ${r.chunks.toLocaleString('en')} | ${(r.embedMs / 1000).toFixed(0)} s | ${ms(r.words.p50)} / ${ms(r.words.p95)} / ${ms(r.words.p99)} ms ${mark(r.words.p95 <= TARGETS.wordsP95)} | ${ms(r.hybrid.p50)} / ${ms(r.hybrid.p95)} / ${ms(r.hybrid.p99)} ms ${mark(r.hybrid.p95 <= TARGETS.hybridP95)} | ${mb(store)} (${mb(r.storeBytes.vectors)} + ${mb(r.storeBytes.chunks)}) ${mark(store <= TARGETS.storeBytes)} | ${r.recallAt10.toFixed(3)} (${r.recallQueries} queries) ${mark(r.recallAt10 >= TARGETS.recall)} |`
  ].join('\n')
}
