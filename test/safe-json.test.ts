// The iterative JSON serialiser agrees with JSON.stringify on any JSON value, and survives any nesting depth.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../src/main/base/canonical-json'
import type { JsonValue } from '../src/main/base/record-codec'
import { nestsDeeperThan, safeStringify, stringifyIterative } from '../src/main/base/safe-json'

const sortedRecursive = (value: JsonValue): string =>
  Array.isArray(value)
    ? `[${value.map(sortedRecursive).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${sortedRecursive(value[k]!)}`)
          .join(',')}}`
      : JSON.stringify(value)

describe('safe JSON', () => {
  it('matches JSON.stringify for arbitrary JSON, and canonical form sorts keys at every level', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const v = value as JsonValue
        expect(stringifyIterative(v, false)).toBe(JSON.stringify(v))
        expect(canonicalJson(v)).toBe(sortedRecursive(v))
      }),
      { numRuns: 500 }
    )
  })

  it('serialises and measures 100k levels of nesting without a stack overflow', () => {
    const depth = 100_000
    const text = '['.repeat(depth) + ']'.repeat(depth)
    const deep = JSON.parse(text) as JsonValue
    expect(safeStringify(deep)).toBe(text)
    expect(canonicalJson(deep)).toBe(text)
    expect(nestsDeeperThan(deep, 256)).toBe(true)
    expect(nestsDeeperThan([[1], { a: [2] }], 256)).toBe(false)
  })
})
