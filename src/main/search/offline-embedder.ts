// The built-in embedder that needs no network: hashed word unigrams and bigrams and character trigrams (feature
// hashing into 1024 signed dimensions, log-scaled counts, L2-normalised). Lowercased with diacritics folded, so
// "Café" meets "cafe"; the trigrams let a misspelt word ("migrtion") still find the right one ("migration").
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder'

/** 32-bit FNV-1a of a string's UTF-16 units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Lowercase words with accents removed: "Pastéis de Nata!" → ["pasteis", "de", "nata"]. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
}

const WEIGHTS = { word: 1, bigram: 0.7, trigram: 0.45 }

export function offlineVector(text: string, dimensions = EMBEDDING_DIMENSIONS): Float32Array {
  const counts = new Map<string, number>()
  const add = (feature: string, weight: number): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + weight)
  }
  const tokens = words(text)
  tokens.forEach((token, i) => {
    add(`w:${token}`, WEIGHTS.word)
    if (i > 0) add(`b:${tokens[i - 1]} ${token}`, WEIGHTS.bigram)
    const padded = `#${token}#`
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, WEIGHTS.trigram)
  })
  const vector = new Float32Array(dimensions)
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature)
    const sign = hash & 0x80000000 ? -1 : 1
    vector[hash % dimensions]! += sign * (1 + Math.log(count))
  }
  let norm = 0
  for (const value of vector) norm += value * value
  norm = Math.sqrt(norm)
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm
  return vector
}

/** The longest the embedder computes before it lets the event loop run (the main process answers in between). */
const SLICE_MS = 8

export const offlineEmbedder: Embedder = {
  id: 'offline-ngram-v1',
  dimensions: EMBEDDING_DIMENSIONS,
  minSimilarity: 0.12,
  async embed(texts, signal) {
    const vectors: Float32Array[] = []
    let sliceStart = performance.now()
    for (const text of texts) {
      // A long reply is hundreds of chunks: the app's other work runs between slices of them.
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        signal?.throwIfAborted()
        sliceStart = performance.now()
      }
      vectors.push(offlineVector(text))
    }
    return vectors
  }
}
