// A small seeded PRNG (mulberry32) and the draws the benchmark generator needs: reproducible for a given seed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform unsigned 32-bit integer. */
  u32(): number
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Log-normal draw: exp(N(ln(median), sigma)). */
  logNormal(median: number, sigma: number): number
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const next = (): number => u32() / 4294967296
  return {
    next,
    u32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    logNormal(median, sigma) {
      // Box-Muller; 1 - next() is in (0, 1], so the log is finite.
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
      return median * Math.exp(sigma * normal)
    }
  }
}
