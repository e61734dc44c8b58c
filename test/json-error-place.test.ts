// Where JSON text first breaks the grammar: null exactly when JSON.parse accepts the text, and the place V8 names
// whenever it names one; error messages turn it into a line and column.
import { describe, expect, it } from 'vitest'
import { jsonErrorIndex } from '../src/main/legacy/json-error-place'

const VALID = [
  '0',
  '-1.5e+10',
  '"a \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9"',
  ' { "a" : [ 1 , { } , [ ] , null , true , false ] } ',
  '[[[[[]]]]]',
  '{"__proto__": {"x": "😀"}}'
]

const INVALID: [string, number][] = [
  ['{"a": ,}', 6],
  ['{\n  "id": "x",\n  "title": ,\n}', 26],
  ['[1, 2,]', 6],
  ['[1 2]', 3],
  ['{"a" 1}', 5],
  ['{a: 1}', 1],
  ["{'a': 1}", 1],
  ['[tru]', 4],
  ['[01]', 2],
  ['"bad \\x escape"', 6],
  ['"\\u12g4"', 5],
  ['"tab\there"', 4],
  ['[1] x', 4],
  ['{"a": [1, {"b": }]}', 16],
  ['[', 1],
  ['{"a": "unterminated', 19],
  ['', 0],
  ['NaN', 0]
]

describe('jsonErrorIndex', () => {
  it('is null for valid JSON', () => {
    for (const text of VALID) expect(jsonErrorIndex(text), text).toBeNull()
  })

  it('names the first character that breaks the grammar', () => {
    for (const [text, index] of INVALID) {
      expect(() => JSON.parse(text), text).toThrow()
      expect(jsonErrorIndex(text), text).toBe(index)
    }
  })

  it('agrees with JSON.parse on random near-JSON, and with the position V8 gives when it gives one', () => {
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"k"',
      '"v\\"',
      '1',
      '-0.5',
      'true',
      'nul',
      ' ',
      '\n',
      '"\\u00e9"'
    ]
    let seed = 7
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let trial = 0; trial < 5000; trial++) {
      const text = Array.from({ length: 1 + rand(12) }, () => pieces[rand(pieces.length)]).join('')
      let position: number | null = null
      let valid = true
      try {
        JSON.parse(text)
      } catch (error) {
        valid = false
        const at = /at position (\d+)/.exec((error as Error).message)
        position = at ? Number(at[1]) : null
      }
      const index = jsonErrorIndex(text)
      expect(index === null, text).toBe(valid)
      if (position !== null) expect(index, text).toBe(position)
    }
  })

  it('handles nesting far deeper than a recursive parser could', () => {
    const deep = `${'['.repeat(200_000)}x${']'.repeat(200_000)}`
    expect(jsonErrorIndex(deep)).toBe(200_000)
  })
})
