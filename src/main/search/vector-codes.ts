// The compact codes an embedding is stored as: a fixed random rotation (random signs, then a Walsh–Hadamard
// transform) spreads even a sparse vector over every dimension; its sign bits are the coarse code (hamming distance
// tracks the angle) and its values in 6 bits, the fine code candidates are re-ranked by.

/** The random signs of the rotation: fixed (seeded), so a code written today matches a query made later. */
const SIGNS = new Map<number, Float32Array>()

function signs(length: number): Float32Array {
  let cached = SIGNS.get(length)
  if (!cached) {
    cached = new Float32Array(length)
    let state = 0x9e3779b9
    for (let i = 0; i < length; i++) {
      // xorshift32
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      cached[i] = state & 1 ? 1 : -1
    }
    SIGNS.set(length, cached)
  }
  return cached
}

/** The vector rotated: same length, same angles to every other rotated vector. Its length must be a power of two. */
export function rotate(vector: Float32Array): Float32Array {
  const n = vector.length
  if (n === 0 || (n & (n - 1)) !== 0) throw new Error(`cannot rotate a vector of ${n} dimensions`)
  const sign = signs(n)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = vector[i]! * sign[i]!
  for (let half = 1; half < n; half *= 2)
    for (let start = 0; start < n; start += half * 2)
      for (let i = start; i < start + half; i++) {
        const a = out[i]!
        const b = out[i + half]!
        out[i] = a + b
        out[i + half] = a - b
      }
  const scale = 1 / Math.sqrt(n)
  for (let i = 0; i < n; i++) out[i]! *= scale
  return out
}

/** One bit a dimension, set when the value is positive (sqlite-vec's `bit[N]` layout: dimension i is bit i % 8 of
 * byte i / 8). */
export function binaryCode(rotated: Float32Array): Uint8Array {
  const bits = new Uint8Array(Math.ceil(rotated.length / 8))
  for (let i = 0; i < rotated.length; i++) if (rotated[i]! > 0) bits[i >> 3]! |= 1 << (i & 7)
  return bits
}

/** Where the 6-bit code clips, in root-mean-squares of the vector's values (the rotation makes them near Gaussian);
 * below it, the vector's largest value. */
const CLIP_RMS = 4
const LEVELS = 31

/** The values as 6-bit signed integers (−31 to 31, stored plus 32; four to three bytes, low bits first), scaled so
 * ±31 is the clip: 768 bytes for 1,024 dimensions, cosine against it within about 0.001 of the float's. */
export function fineCode(rotated: Float32Array): Uint8Array {
  let sum = 0
  let max = 0
  for (const value of rotated) {
    sum += value * value
    max = Math.max(max, Math.abs(value))
  }
  const clip = Math.min(max, CLIP_RMS * Math.sqrt(sum / rotated.length))
  const code = new Uint8Array(Math.ceil((rotated.length * 6) / 8))
  const scale = clip === 0 ? 0 : LEVELS / clip
  for (let i = 0; i < rotated.length; i++) {
    const stored = Math.max(-LEVELS, Math.min(LEVELS, Math.round(rotated[i]! * scale))) + 32
    const bit = i * 6
    const byte = bit >> 3
    const shift = bit & 7
    code[byte]! |= (stored << shift) & 0xff
    if (shift > 2) code[byte + 1]! |= stored >> (8 - shift)
  }
  return code
}

/** Cosine similarity of a rotated query and a stored 6-bit code. */
export function codeCosine(rotatedQuery: Float32Array, code: Uint8Array): number {
  let dot = 0
  let codeNorm = 0
  let queryNorm = 0
  for (let i = 0; i < rotatedQuery.length; i++) {
    const bit = i * 6
    const byte = bit >> 3
    const shift = bit & 7
    const word = code[byte]! | ((code[byte + 1] ?? 0) << 8)
    const value = ((word >> shift) & 0x3f) - 32
    const q = rotatedQuery[i]!
    dot += q * value
    codeNorm += value * value
    queryNorm += q * q
  }
  return codeNorm === 0 || queryNorm === 0 ? 0 : dot / Math.sqrt(codeNorm * queryNorm)
}
