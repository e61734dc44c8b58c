// What search needs of an embedder: a stable id (vectors of different embedders never mix), the vector size, and
// vectors for a batch of texts. The offline embedder and the provider embedder both fit it.

/** Every stored vector has this many dimensions (the `chunk_vectors` table is declared with it). */
export const EMBEDDING_DIMENSIONS = 1024

export interface Embedder {
  /** e.g. `offline-ngram-v1`, `provider:<profile id>:<model>` */
  readonly id: string
  readonly dimensions: number
  /** Below this cosine similarity a vector match is noise, not a result. */
  readonly minSimilarity: number
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>
}
