// Writes a batch's chunks and vectors a slice per transaction, yielding between slices, so one long record (a
// 20,000-token reply is hundreds of chunks) never holds the main process for the whole of its writes. Each record's
// chunks go in reverse, its first chunk last: that chunk marks the record embedded, so a record stopped half-way is
// still pending, and its leftovers are cleared when it is written again.
import type { Db } from '../store/sqlite/database'
import type { Chunk } from './chunks'
import { vectorWriter } from './chunk-vectors'

/** Chunks written per transaction (about 5 ms of sqlite-vec inserts). */
export const CHUNKS_PER_WRITE = 48

export interface ChunkOwner {
  kind: 'message' | 'knowledge'
  id: number
}

/** One chunk of a record and its vector; a record with nothing to embed gets one chunk without a vector. */
export interface ChunkWrite {
  owner: ChunkOwner
  index: number
  start: number
  end: number
  vector: Float32Array | null
}

export interface WrittenChunks {
  /** Records whose chunks are all written. */
  embedded: number
  /** Vectors written. */
  chunks: number
  stopped: boolean
}

/** The writes of `owners`, each one's chunks (as `chunksOf` gives them, index order) last to first. */
export function chunkWrites<O extends ChunkOwner>(
  owners: readonly O[],
  chunksOf: (owner: O) => readonly { chunk: Chunk; vector: Float32Array }[]
): ChunkWrite[] {
  return owners.flatMap((owner) => {
    const own: ChunkWrite[] = chunksOf(owner).map(({ chunk, vector }, index) => ({
      owner,
      index,
      start: chunk.start,
      end: chunk.end,
      vector
    }))
    return own.length > 0 ? own.reverse() : [{ owner, index: 0, start: 0, end: 0, vector: null }]
  })
}

export async function writeChunks(
  db: Db,
  embedderId: string,
  writes: readonly ChunkWrite[],
  options: { chunksPerWrite?: number; signal?: AbortSignal | undefined } = {}
): Promise<WrittenChunks> {
  const perWrite = options.chunksPerWrite ?? CHUNKS_PER_WRITE
  const insertChunk = db.prepare(
    'INSERT INTO embedding_chunks(owner_kind, owner_id, chunk_index, start, end, embedder) VALUES (?, ?, ?, ?, ?, ?)'
  )
  const insertVector = vectorWriter(db)
  const clearChunks = db.prepare(
    'DELETE FROM embedding_chunks WHERE owner_kind = ? AND owner_id = ? AND embedder = ?'
  )
  const written: WrittenChunks = { embedded: 0, chunks: 0, stopped: false }
  let previous: ChunkOwner | null = null
  for (let from = 0; from < writes.length; from += perWrite) {
    if (from > 0) {
      await new Promise((resolve) => setImmediate(resolve))
      if (options.signal?.aborted) {
        written.stopped = true
        break
      }
    }
    db.transaction(() => {
      for (const write of writes.slice(from, from + perWrite)) {
        const { owner } = write
        // A record's first write: what a pass stopped half-way through it left goes first.
        if (owner !== previous) {
          clearChunks.run(owner.kind, owner.id, embedderId)
          previous = owner
        }
        const chunkId = insertChunk.run(
          owner.kind,
          owner.id,
          write.index,
          write.start,
          write.end,
          embedderId
        ).lastInsertRowid
        if (write.vector) {
          insertVector(chunkId, embedderId, write.vector)
          written.chunks++
        }
        if (write.index === 0) written.embedded++
      }
    })()
  }
  return written
}
