// Reciprocal rank fusion: each list votes 1 / (k + rank) for what it ranked (rank from 1); the votes are added up.
// Needs no comparable scores, only orders, which is why full-text (bm25) and vector (cosine) ranks merge cleanly.

/** The usual constant (Cormack et al.): it damps the weight of the very first ranks. */
export const RRF_K = 60

export interface Fused<T> {
  key: string
  item: T
  score: number
  /** The lists (by name) that ranked it. */
  sources: string[]
}

/** Each list names itself and gives its items best first, with a key that identifies the same thing across lists.
 * The first list to rank a thing provides its item. Ties keep the order of first appearance. */
export function fuseRanks<T>(
  lists: { name: string; items: { key: string; item: T }[] }[],
  k = RRF_K
): Fused<T>[] {
  const fused = new Map<string, Fused<T>>()
  for (const list of lists)
    list.items.forEach(({ key, item }, index) => {
      const entry = fused.get(key) ?? { key, item, score: 0, sources: [] }
      entry.score += 1 / (k + index + 1)
      if (!entry.sources.includes(list.name)) entry.sources.push(list.name)
      fused.set(key, entry)
    })
  return [...fused.values()].sort((a, b) => b.score - a.score)
}
