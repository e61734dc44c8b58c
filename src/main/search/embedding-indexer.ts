// Embeds what is not embedded yet (messages and knowledge items without a first chunk for the embedder), a small batch
// at a time, yielding between batches. A batch's chunks are written a slice per transaction (a 20,000-token reply is
// hundreds of chunks: written at once they held the main process for 25 ms and more), each record's first chunk last:
// that chunk marks the record embedded. Stopping keeps every finished record; a record stopped half-way is written
// again from the start by the next pass, so each record is embedded once.
import type { Db } from '../store/sqlite/database'
import type { OnImportProgress } from '../imports/import-progress'
import { chunkText } from './chunks'
import { chunkWrites, writeChunks } from './chunk-writer'
import type { Embedder } from './embedder'

export type OwnerKind = 'message' | 'knowledge'

interface Pending {
  kind: OwnerKind
  id: number
  text: string
}

/** The text a knowledge item is embedded by (its title, a blank line, its content); chunk offsets point into it. */
export const KNOWLEDGE_TEXT_SQL = 'k.title || char(10) || char(10) || k.content'
/** A record is embedded once its first chunk (index 0, written last) is there for the embedder. */
const FIRST_CHUNK = (kind: OwnerKind, alias: string): string =>
  `SELECT 1 FROM embedding_chunks c WHERE c.embedder = ? AND c.owner_kind = '${kind}' AND c.owner_id = ${alias}.id AND c.chunk_index = 0`
const BLANK = "trim(m.content, ' ' || char(9) || char(10) || char(13)) <> ''"
/**
 * A message waits for the embedder when it has no first chunk and has text. Checked in that order (CASE): the index
 * lookup first, so the text of a message already embedded is never trimmed (a copy of it each time).
 */
const MESSAGE_PENDING = (alias: string): string =>
  `CASE WHEN EXISTS (${FIRST_CHUNK('message', alias)}) THEN 0 WHEN ${alias}.content IS NULL THEN 0 ELSE ${BLANK} END`

const PENDING: Record<OwnerKind, { count: string; next: string }> = {
  message: {
    count: `SELECT COUNT(*) AS n FROM messages m WHERE ${MESSAGE_PENDING('m')}`,
    next: `SELECT m.id, m.content AS text FROM messages m WHERE ${MESSAGE_PENDING('m')} AND m.id > ?
           ORDER BY m.id LIMIT ?`
  },
  knowledge: {
    count: `SELECT COUNT(*) AS n FROM knowledge_items k
            WHERE NOT EXISTS (${FIRST_CHUNK('knowledge', 'k')})`,
    next: `SELECT k.id, ${KNOWLEDGE_TEXT_SQL} AS text FROM knowledge_items k
            WHERE NOT EXISTS (${FIRST_CHUNK('knowledge', 'k')}) AND k.id > ?
           ORDER BY k.id LIMIT ?`
  }
}

export function pendingEmbeddings(db: Db, embedderId: string): number {
  return (Object.keys(PENDING) as OwnerKind[]).reduce(
    (sum, kind) => sum + (db.prepare(PENDING[kind].count).get(embedderId) as { n: number }).n,
    0
  )
}

export interface EmbedSummary {
  embedded: number
  chunks: number
  /** True when it stopped before everything was embedded. */
  stopped: boolean
}

export interface EmbedOptions {
  /** Records per batch (one embedder call). */
  batchSize?: number
  /** Chunks written per transaction. */
  chunksPerWrite?: number
  signal?: AbortSignal
  onProgress?: OnImportProgress
  /** How many records wait, when the caller has just counted them (each count scans every message). */
  total?: number
}

/** The next records to embed after those of the previous batch (`after`, moved on here): each batch starts where the
 * last one ended instead of scanning the embedded records again, which at a million messages made the pass quadratic. */
function nextBatch(db: Db, embedderId: string, size: number, after: Record<OwnerKind, number>): Pending[] {
  const out: Pending[] = []
  for (const kind of Object.keys(PENDING) as OwnerKind[]) {
    if (out.length >= size) break
    const rows = db.prepare(PENDING[kind].next).all(embedderId, after[kind], size - out.length) as {
      id: number
      text: string
    }[]
    out.push(...rows.map((row) => ({ kind, id: row.id, text: row.text })))
    const last = rows[rows.length - 1]
    if (last) after[kind] = last.id
  }
  return out
}

export async function embedPending(
  db: Db,
  embedder: Embedder,
  options: EmbedOptions = {}
): Promise<EmbedSummary> {
  const size = options.batchSize ?? 32
  const total = options.total ?? pendingEmbeddings(db, embedder.id)
  const summary: EmbedSummary = { embedded: 0, chunks: 0, stopped: false }
  options.onProgress?.({ phase: 'embed', done: 0, total, message: embedder.id })
  if (total === 0) return summary
  const after: Record<OwnerKind, number> = { message: 0, knowledge: 0 }
  // The count and the first batch's scan each read every message: the app answers requests between them.
  await new Promise((resolve) => setImmediate(resolve))
  for (;;) {
    if (options.signal?.aborted) {
      summary.stopped = true
      break
    }
    const batch = nextBatch(db, embedder.id, size, after)
    if (batch.length === 0) break
    const chunks = new Map(batch.map((owner) => [owner, chunkText(owner.text)]))
    const texts = [...chunks.values()].flatMap((list) => list.map((chunk) => chunk.text))
    let vectors: Float32Array[]
    try {
      vectors = await embedder.embed(texts, options.signal)
    } catch (error) {
      if (options.signal?.aborted) {
        summary.stopped = true
        break
      }
      throw error
    }
    // The vectors come in the order of `texts`: record by record, each one's chunks in order.
    let next = 0
    const writes = chunkWrites(batch, (owner) =>
      chunks.get(owner)!.map((chunk) => ({ chunk, vector: vectors[next++]! }))
    )
    const written = await writeChunks(db, embedder.id, writes, {
      chunksPerWrite: options.chunksPerWrite,
      signal: options.signal
    })
    summary.embedded += written.embedded
    summary.chunks += written.chunks
    if (written.stopped) {
      summary.stopped = true
      break
    }
    options.onProgress?.({
      phase: 'embed',
      done: Math.min(summary.embedded, total),
      total,
      message: embedder.id
    })
    // Let the app answer requests between batches.
    await new Promise((resolve) => setImmediate(resolve))
  }
  return summary
}
