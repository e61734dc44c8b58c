// The compact codes an embedding is stored as: a fixed random rotation (random signs, then a Walsh–Hadamard
// transform) spreads even a sparse vector over every dimension; its sign bits are the coarse code (hamming distance
// tracks the angle) and its int8 values, scaled to the vector's largest, the fine code candidates are re-ranked by.

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

/** The values scaled so the largest is ±127 and rounded: cosine against it is within about 0.001 of the float's. */
export function int8Code(rotated: Float32Array): Int8Array {
  let max = 0
  for (const value of rotated) max = Math.max(max, Math.abs(value))
  const code = new Int8Array(rotated.length)
  if (max === 0) return code
  const scale = 127 / max
  for (let i = 0; i < rotated.length; i++) code[i] = Math.round(rotated[i]! * scale)
  return code
}

/** Cosine similarity of a rotated query and a stored int8 code (read back as bytes). */
export function codeCosine(rotatedQuery: Float32Array, code: Uint8Array): number {
  const values = new Int8Array(code.buffer, code.byteOffset, code.byteLength)
  let dot = 0
  let codeNorm = 0
  let queryNorm = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    const q = rotatedQuery[i]!
    dot += q * v
    codeNorm += v * v
    queryNorm += q * q
  }
  return codeNorm === 0 || queryNorm === 0 ? 0 : dot / Math.sqrt(codeNorm * queryNorm)
}
