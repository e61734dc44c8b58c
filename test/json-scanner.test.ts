// The streaming scanner against JSON.parse: for random documents, every way of cutting the bytes into chunks gives
// the same list items (and object members) as parsing the whole text.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  JsonScanner,
  JsonSyntaxError,
  ValueTooLargeError,
  type ReadAt
} from '../src/main/legacy/json-scanner'
import { openLegacyDocument } from '../src/main/legacy/legacy-document'
import { CONVERSATIONS_FILE } from '../src/main/legacy/legacy-files'

/** A reader over `bytes` whose reads stop short at every cut, so chunk boundaries fall exactly there. */
function cutReader(bytes: Buffer, cuts: readonly number[]): ReadAt {
  return (buffer, offset, length, position) => {
    const next = cuts.find((cut) => cut > position) ?? bytes.length
    const n = Math.max(0, Math.min(length, next - position, bytes.length - position))
    bytes.copy(buffer, offset, position, position + n)
    return n
  }
}

function items(read: ReadAt, chunk = 4): unknown[] {
  const scanner = new JsonScanner(read, 0, chunk)
  const out: unknown[] = []
  for (const range of scanner.arrayItems()) out.push(JSON.parse(scanner.slice(range).toString('utf8')))
  scanner.expectEnd()
  return out
}

function members(read: ReadAt, chunk = 4): [string, unknown][] {
  const scanner = new JsonScanner(read, 0, chunk)
  const out: [string, unknown][] = []
  for (const { key, value } of scanner.objectMembers())
    out.push([key, JSON.parse(scanner.slice(value).toString('utf8'))])
  scanner.expectEnd()
  return out
}

/** Strings full of the characters a scanner can trip on: quotes, backslashes, brackets, non-ASCII. */
const trickyString = fc.string({
  unit: fc.constantFrom(
    '"',
    '\\',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    ' ',
    'a',
    'é',
    '€',
    '😀',
    '\n',
    '\u2028',
    '\u0000'
  ),
  maxLength: 12
})

const trickyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    trickyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 })
  )
})).value

const layout = fc.constantFrom<(value: unknown) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, '\t').replaceAll('\n', '\r\n')
)

describe('JSON scanner', () => {
  it('finds the same list items as JSON.parse at every split point', () => {
    fc.assert(
      fc.property(fc.array(trickyValue, { maxLength: 6 }), layout, (list, format) => {
        const bytes = Buffer.from(format(list))
        // Against JSON.parse of the same bytes (not the generated value: -0 is written as 0).
        const expected = JSON.parse(bytes.toString('utf8')) as unknown[]
        for (let cut = 0; cut <= bytes.length; cut++) expect(items(cutReader(bytes, [cut]))).toEqual(expected)
      }),
      { numRuns: 150 }
    )
  })

  it('finds the same object members as JSON.parse with one-byte chunks', () => {
    fc.assert(
      fc.property(fc.dictionary(trickyString, trickyValue, { maxKeys: 6 }), layout, (object, format) => {
        const bytes = Buffer.from(format(object))
        const everyByte = Array.from({ length: bytes.length }, (_, i) => i)
        expect(Object.fromEntries(members(cutReader(bytes, everyByte), 1))).toEqual(
          JSON.parse(bytes.toString('utf8'))
        )
      }),
      { numRuns: 150 }
    )
  })

  it('streams the records of a legacy file, with any whitespace and a BOM, exactly as JSON.parse reads them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-scan-'))
    fc.assert(
      fc.property(
        fc.array(trickyValue, { maxLength: 8 }),
        fc.dictionary(fc.string({ maxLength: 6 }), trickyValue, { maxKeys: 3 }),
        layout,
        fc.boolean(),
        (list, extra, format, bom) => {
          const doc = { ...extra, conversations: list }
          const text = (bom ? '\uFEFF' : '') + format(doc)
          writeFileSync(join(dir, CONVERSATIONS_FILE), text)
          const opened = openLegacyDocument(dir, CONVERSATIONS_FILE, { arrays: ['conversations'] })!
          expect(opened.shape).toBe('object')
          expect(opened.count).toBe(list.length)
          const parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>
          expect([...opened.records].map((r) => r.value)).toEqual(parsed['conversations'])
          const rest = Object.entries(parsed).filter(([key]) => key !== 'conversations')
          expect(Object.entries(opened.topExtra)).toEqual(rest)
        }
      ),
      { numRuns: 200 }
    )
  })

  it('keeps the last value of a repeated key at the place of the first, as JSON.parse does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-scan-'))
    const text =
      '{"a": 1, "conversations": [{"id": "x"}], "b": 2, "a": 3, "conversations": [{"id": "y"}, {"id": "z"}]}'
    writeFileSync(join(dir, CONVERSATIONS_FILE), text)
    const opened = openLegacyDocument(dir, CONVERSATIONS_FILE, { arrays: ['conversations'] })!
    expect([...opened.records].map((r) => r.value)).toEqual([{ id: 'y' }, { id: 'z' }])
    expect(opened.count).toBe(2)
    expect(Object.entries(opened.topExtra)).toEqual(Object.entries({ a: 3, b: 2 }))
  })

  it.each([
    ['[1,]', "expected a list item, found ']'", 3],
    ['[1 2]', "expected ',' or ']' after a list item, found '2'", 3],
    ['[{"a": "b"}', 'the file ends too early', 11],
    ['["abc', 'the file ends too early', 5],
    ['[1] x', "unexpected 'x' after the end of the JSON", 4]
  ])('reports %s at its byte offset', (text, what, offset) => {
    const bytes = Buffer.from(text)
    let error: unknown = null
    try {
      items(cutReader(bytes, []))
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(JsonSyntaxError)
    expect((error as JsonSyntaxError).what).toBe(what)
    expect((error as JsonSyntaxError).offset).toBe(offset)
  })

  it('holds only the item in flight, not the file: the window stays near the largest item', () => {
    const item = JSON.stringify({ content: 'x'.repeat(1000) })
    const bytes = Buffer.from(`[${Array.from({ length: 5000 }, () => item).join(',')}]`)
    const scanner = new JsonScanner(cutReader(bytes, []), 0, 4096)
    let count = 0
    let widest = 0
    for (const range of scanner.arrayItems()) {
      count += 1
      widest = Math.max(widest, scanner.windowBytes)
      expect(JSON.parse(scanner.slice(range).toString('utf8'))).toEqual({ content: 'x'.repeat(1000) })
    }
    expect(count).toBe(5000)
    expect(widest).toBeLessThan(3 * 4096)
  })

  it('refuses an item longer than its limit before holding it whole, naming where it starts', () => {
    const bytes = Buffer.from(`[1, "${'x'.repeat(100_000)}", 2]`)
    const scanner = new JsonScanner(cutReader(bytes, []), 0, 256)
    scanner.maxCapture = 10_000
    const walk = scanner.arrayItems()
    expect(walk.next().value).toEqual({ start: 1, end: 2 })
    let error: unknown = null
    try {
      walk.next()
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(ValueTooLargeError)
    expect((error as ValueTooLargeError).offset).toBe(4)
    expect(scanner.windowBytes).toBeLessThan(12_000)
  })
})
