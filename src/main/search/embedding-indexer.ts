// Embeds what is not embedded yet (messages and knowledge items without chunks for the embedder), a small batch per
// transaction, yielding between batches. Stopping keeps every finished batch; the next pass goes on from there, so
// each record is embedded once.
import type { Db } from '../store/sqlite/database'
import type { OnImportProgress } from '../imports/import-progress'
import { chunkText } from './chunks'
import type { Embedder } from './embedder'

export type OwnerKind = 'message' | 'knowledge'

interface Pending {
  kind: OwnerKind
  id: number
  text: string
}

/** The text a knowledge item is embedded by (its title, a blank line, its content); chunk offsets point into it. */
export const KNOWLEDGE_TEXT_SQL = 'k.title || char(10) || char(10) || k.content'
const BLANK = "trim(m.content, ' ' || char(9) || char(10) || char(13)) <> ''"

const PENDING: Record<OwnerKind, { count: string; next: string }> = {
  message: {
    count: `SELECT COUNT(*) AS n FROM messages m WHERE m.content IS NOT NULL AND ${BLANK}
            AND NOT EXISTS (SELECT 1 FROM embedding_chunks c WHERE c.embedder = ? AND c.owner_kind = 'message' AND c.owner_id = m.id)`,
    next: `SELECT m.id, m.content AS text FROM messages m WHERE m.content IS NOT NULL AND ${BLANK}
            AND NOT EXISTS (SELECT 1 FROM embedding_chunks c WHERE c.embedder = ? AND c.owner_kind = 'message' AND c.owner_id = m.id)
           ORDER BY m.id LIMIT ?`
  },
  knowledge: {
    count: `SELECT COUNT(*) AS n FROM knowledge_items k
            WHERE NOT EXISTS (SELECT 1 FROM embedding_chunks c WHERE c.embedder = ? AND c.owner_kind = 'knowledge' AND c.owner_id = k.id)`,
    next: `SELECT k.id, ${KNOWLEDGE_TEXT_SQL} AS text FROM knowledge_items k
            WHERE NOT EXISTS (SELECT 1 FROM embedding_chunks c WHERE c.embedder = ? AND c.owner_kind = 'knowledge' AND c.owner_id = k.id)
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
  /** Records per batch (one embedder call and one transaction). */
  batchSize?: number
  signal?: AbortSignal
  onProgress?: OnImportProgress
}

function nextBatch(db: Db, embedderId: string, size: number): Pending[] {
  const out: Pending[] = []
  for (const kind of Object.keys(PENDING) as OwnerKind[]) {
    if (out.length >= size) break
    const rows = db.prepare(PENDING[kind].next).all(embedderId, size - out.length) as {
      id: number
      text: string
    }[]
    out.push(...rows.map((row) => ({ kind, id: row.id, text: row.text })))
  }
  return out
}

export async function embedPending(
  db: Db,
  embedder: Embedder,
  options: EmbedOptions = {}
): Promise<EmbedSummary> {
  const size = options.batchSize ?? 32
  const total = pendingEmbeddings(db, embedder.id)
  const summary: EmbedSummary = { embedded: 0, chunks: 0, stopped: false }
  const insertChunk = db.prepare(
    'INSERT INTO embedding_chunks(owner_kind, owner_id, chunk_index, start, end, embedder) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const insertVector = db.prepare('INSERT INTO chunk_vectors(chunk_id, embedder, embedding) VALUES (?, ?, ?)')
  options.onProgress?.({ phase: 'embed', done: 0, total, message: embedder.id })
  for (;;) {
    if (options.signal?.aborted) {
      summary.stopped = true
      break
    }
    const batch = nextBatch(db, embedder.id, size)
    if (batch.length === 0) break
    const pieces = batch.flatMap((owner) =>
      chunkText(owner.text).map((chunk, index) => ({ owner, chunk, index }))
    )
    // A text with nothing to embed (only invisible characters) gets a chunk without a vector: it is done.
    const empty = batch.filter((owner) => !pieces.some((piece) => piece.owner === owner))
    let vectors: Float32Array[]
    try {
      vectors = await embedder.embed(
        pieces.map((piece) => piece.chunk.text),
        options.signal
      )
    } catch (error) {
      if (options.signal?.aborted) {
        summary.stopped = true
        break
      }
      throw error
    }
    db.transaction(() => {
      pieces.forEach((piece, i) => {
        const chunkId = insertChunk.run(
          piece.owner.kind,
          piece.owner.id,
          piece.index,
          piece.chunk.start,
          piece.chunk.end,
          embedder.id
        ).lastInsertRowid
        insertVector.run(BigInt(chunkId), embedder.id, vectors[i]!)
      })
      for (const owner of empty) insertChunk.run(owner.kind, owner.id, 0, 0, 0, embedder.id)
    })()
    summary.embedded += batch.length
    summary.chunks += pieces.length
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
