// recall@10 of the quantised vector search against exact float cosine over the same vectors: an embedder tap keeps,
// for each sample query, the 10 best exact cosines over every chunk vector the pass computes (no float vector is
// stored); a quantised result counts as found when its exact cosine reaches the query's 10th best (ties count).
import type { Embedder } from '../src/main/search/embedder'
import { nearestChunks } from '../src/main/search/chunk-vectors'
import type { Db } from '../src/main/store/sqlite/database'

const K = 10
/** Float32 sums in another order differ in the last bits: a result this close to the 10th best is a tie. */
const TIE = 1e-5

interface SparseQuery {
  text: string
  vector: Float32Array
  dims: Int32Array
  values: Float32Array
  /** The K best exact cosines so far, ascending. */
  best: Float64Array
}

function dot(query: SparseQuery, vector: Float32Array): number {
  let sum = 0
  for (let i = 0; i < query.dims.length; i++) sum += query.values[i]! * vector[query.dims[i]!]!
  return sum
}

export class ExactRecall {
  private readonly queries: SparseQuery[] = []

  constructor(
    private readonly embedder: Embedder,
    texts: readonly string[],
    vectorOf: (text: string) => Float32Array
  ) {
    for (const text of texts) {
      const vector = vectorOf(text)
      const dims = [...vector.keys()].filter((i) => vector[i] !== 0)
      this.queries.push({
        text,
        vector,
        dims: Int32Array.from(dims),
        values: Float32Array.from(dims, (i) => vector[i]!),
        best: new Float64Array(K).fill(-Infinity)
      })
    }
  }

  /** The embedder, with every vector it returns also scored against the sample queries. */
  tapped(): Embedder {
    const inner = this.embedder
    return {
      id: inner.id,
      dimensions: inner.dimensions,
      minSimilarity: inner.minSimilarity,
      embed: async (texts, signal) => {
        const vectors = await inner.embed(texts, signal)
        for (const vector of vectors) for (const query of this.queries) this.offer(query, dot(query, vector))
        return vectors
      }
    }
  }

  private offer(query: SparseQuery, score: number): void {
    const best = query.best
    if (score <= best[0]!) return
    let i = 1
    while (i < K && best[i]! < score) {
      best[i - 1] = best[i]!
      i++
    }
    best[i - 1] = score
  }

  /** Mean recall@10 of `nearestChunks` over the sample queries; `chunkText` gives a chunk's text by its id. */
  measure(db: Db, vectorOf: (text: string) => Float32Array, chunkText: (chunkId: number) => string): number {
    let found = 0
    for (const query of this.queries) {
      const tenth = query.best[0]!
      for (const near of nearestChunks(db, this.embedder.id, query.vector, K))
        if (dot(query, vectorOf(chunkText(near.chunkId))) >= tenth - TIE) found++
    }
    return found / (this.queries.length * K)
  }
}
