// The built-in embedder computes on the main process's thread: a batch as long as a long reply's chunks (hundreds)
// is computed in slices, with the event loop let run between them, and stops between slices when asked to.
import { describe, expect, it } from 'vitest'
import { offlineEmbedder, offlineVector } from '../src/main/search/offline-embedder'

/** Hundreds of chunk-sized texts: more work than one slice. */
const TEXTS = Array.from({ length: 400 }, (_, i) =>
  Array.from({ length: 120 }, (_, j) => `word${i * 120 + j}`).join(' ')
)

describe('the offline embedder on a long batch', () => {
  it('lets the event loop run while it computes, and gives the same vectors', async () => {
    let turns = 0
    let running = true
    const tick = (): void => {
      turns++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    const vectors = await offlineEmbedder.embed(TEXTS)
    running = false
    expect(turns).toBeGreaterThan(1)
    expect(vectors).toHaveLength(TEXTS.length)
    expect(vectors[7]).toEqual(offlineVector(TEXTS[7]!))
    expect(vectors.at(-1)).toEqual(offlineVector(TEXTS.at(-1)!))
  })

  it('stops between slices once its signal aborts', async () => {
    const controller = new AbortController()
    setImmediate(() => controller.abort())
    await expect(offlineEmbedder.embed(TEXTS, controller.signal)).rejects.toThrow()
  })
})
