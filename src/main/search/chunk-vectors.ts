// How chunk vectors are kept and found at scale: each vector is rotated, its sign bits go to the sqlite-vec table
// `chunk_vectors` (bit[512], the first 512 values' signs, brute-force hamming, partitioned by embedder and by
// shard) and its values in 6 bits to `chunk_codes`; a search takes the nearest few by hamming from each shard and
// re-ranks them by cosine against the 6-bit codes. Shards, because sqlite-vec's top-k costs k per vector scanned:
// 64 searches of k = 8 cost about what one of k = 8 does, where one of k = 512 cost 40 times more.
import type { Db } from '../store/sqlite/database'
import { binaryCode, codeCosine, fineCode, rotate } from './vector-codes'

/** Shards of `chunk_vectors` (chunk_id % SHARDS), fixed with the schema: rows of another count would be missed. */
export const SHARDS = 64
/** Candidates the coarse (hamming) pass hands to the re-rank, taken evenly from the shards; recall@10 against exact
 * float search depends on it. */
export const RERANK_CANDIDATES = 512
/** The coarse code's bits: the signs of the rotated vector's first this many values (any of them are as good, the
 * rotation being random). 512 scan in half the time of 1,024; the wider re-rank keeps recall. */
export const COARSE_BITS = 512

export interface NearChunk {
  chunkId: number
  /** Cosine similarity, from the 6-bit code (within about 0.001 of the float vector's). */
  similarity: number
}

/** A writer of one chunk's vector (both codes), for use inside the caller's transaction. */
export function vectorWriter(
  db: Db
): (chunkId: number | bigint, embedderId: string, vector: Float32Array) => void {
  const insertBits = db.prepare(
    'INSERT INTO chunk_vectors(chunk_id, embedder, shard, embedding) VALUES (?, ?, ?, vec_bit(?))'
  )
  const insertCode = db.prepare('INSERT INTO chunk_codes(chunk_id, code) VALUES (?, ?)')
  return (chunkId, embedderId, vector) => {
    const rotated = rotate(vector)
    const id = BigInt(chunkId)
    insertBits.run(id, embedderId, id % BigInt(SHARDS), binaryCode(rotated.subarray(0, COARSE_BITS)))
    insertCode.run(id, fineCode(rotated))
  }
}

/** The `k` chunks of `embedderId` nearest to `vector`, most similar first. */
export function nearestChunks(
  db: Db,
  embedderId: string,
  vector: Float32Array,
  k: number,
  candidates = RERANK_CANDIDATES
): NearChunk[] {
  const rotated = rotate(vector)
  const bits = binaryCode(rotated.subarray(0, COARSE_BITS))
  const perShard = Math.max(1, Math.ceil(Math.max(k, candidates) / SHARDS))
  const knn = db.prepare(
    'SELECT chunk_id FROM chunk_vectors WHERE embedding MATCH vec_bit(?) AND k = ? AND embedder = ? AND shard = ?'
  )
  const coarse: { chunk_id: number }[] = []
  for (let shard = 0; shard < SHARDS; shard++)
    coarse.push(...(knn.all(bits, perShard, embedderId, BigInt(shard)) as { chunk_id: number }[]))
  if (coarse.length === 0) return []
  const codes = db
    .prepare('SELECT chunk_id, code FROM chunk_codes WHERE chunk_id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(coarse.map((row) => row.chunk_id))) as { chunk_id: number; code: Uint8Array }[]
  return codes
    .map((row) => ({ chunkId: row.chunk_id, similarity: codeCosine(rotated, row.code) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
}
