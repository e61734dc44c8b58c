// Zod schemas that know how to say what they expect, and the formatter from a zod issue to one INVALID_INPUT line.
import { z } from 'zod'

/** Where a value sits in the request: object keys and list indexes from the root (`$`). */
type Path = readonly PropertyKey[]

/** How a schema is named in messages. */
interface Wording {
  /** What a valid value looks like, in words ("a string of at most 200 characters"). */
  readonly expected: string
  /** Never show anything of the value in an error (API keys, env values). */
  readonly secret?: boolean
}

const wording = z.registry<Wording>()

function worded<S extends z.ZodType>(schema: S, words: Wording): S {
  wording.add(schema, words)
  return schema
}

// ---- How values and paths are shown in messages: short, one line, never the contents of a string. ----

const MAX_KEY_SHOWN = 40
const MAX_LINE = 500

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}

/** JSON-quoted and clipped, with the line separators JSON leaves alone escaped too: always one line. */
export function quote(text: string, max = MAX_KEY_SHOWN): string {
  return JSON.stringify(clip(text, max)).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

function formatPath(at: Path): string {
  let out = '$'
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (typeof segment === 'symbol') out += '[symbol]'
    else if (/^[A-Za-z_$][\w$]*$/.test(segment) && segment.length <= MAX_KEY_SHOWN) out += `.${segment}`
    else out += `[${quote(segment)}]`
  }
  return out
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** An object literal or JSON object (prototype Object.prototype of any realm, or null): not a list, Date, Map… */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** What kind of value this is ("a number", "an array of 3 items"); `secret` values give their kind alone. */
export function describe(value: unknown, secret = false): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return secret ? 'a string' : `a string of ${plural(value.length, 'character')}`
    case 'number':
      return secret ? 'a number' : clip(String(value), 30)
    case 'boolean':
      return secret ? 'a boolean' : String(value)
    case 'bigint':
      return 'a bigint'
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
  }
  if (Array.isArray(value)) return secret ? 'an array' : `an array of ${plural(value.length, 'item')}`
  if (isPlainObject(value)) return 'an object'
  const tag = clip(Object.prototype.toString.call(value).slice(8, -1), 20)
  return `${/^[AEIOU]/.test(tag) ? 'an' : 'a'} ${tag}`
}

/** UTF-8 size of a string (lone surrogates count as the 3-byte replacement character). */
function utf8Bytes(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** What a refinement tells the formatter: its own words, or that it is a bad length or range (not a wrong type). */
interface RefinementParams {
  problem?: unknown
  range?: unknown
}

/** A refinement's own words: the formatter shows them as they are. */
function saying(problem: string): { params: { problem: string } } {
  return { params: { problem } }
}

// ---- Schema builders ----

export interface StringOptions {
  /** Fewest UTF-16 characters (default 0). */
  min?: number
  /** Most UTF-16 characters. */
  max: number
  /** Most UTF-8 bytes, for large text such as message content. */
  maxBytes?: number
  /** Never show anything of the value in an error (API keys, env values). */
  secret?: boolean
  /** Refuse U+0000 (a search query: SQLite's full-text query parser stops at it and fails). */
  noNul?: boolean
}

export function str(options: StringOptions): z.ZodString {
  const { min = 0, max, maxBytes, secret = false, noNul = false } = options
  const expected =
    min > 0 ? `a string of ${min} to ${max} characters` : `a string of at most ${plural(max, 'character')}`
  // Lengths in UTF-16 code units, as JavaScript counts them (zod's own min/max count code points). A wrong length
  // settles it: the byte count and the NUL search are not run on a string already refused.
  let schema = z
    .string()
    .refine((text) => text.length >= min && text.length <= max, { abort: true, params: { range: true } })
  if (maxBytes !== undefined) {
    // Only count bytes when the character count alone cannot settle it (every character is 1 to 3 bytes).
    schema = schema.refine(
      (text) => text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes,
      saying(`must be at most ${maxBytes} bytes of UTF-8 text`)
    )
  }
  if (noNul)
    schema = schema.refine((text) => !text.includes('\0'), saying('must not contain NUL (U+0000) characters'))
  return worded(schema, { expected, secret })
}

export function int(options: { min: number; max: number }): z.ZodType<number, number> {
  const { min, max } = options
  // -0 becomes 0.
  return worded(
    z
      .int()
      .min(min)
      .max(max)
      .overwrite((value) => value + 0),
    { expected: `a whole number from ${min} to ${max}` }
  )
}

/** One of a fixed list of strings. */
export function oneOf<T extends string>(values: readonly T[]): z.ZodType<T, T> {
  return worded(z.enum(values), { expected: `one of ${values.join(', ')}` })
}

export function bool(): z.ZodBoolean {
  return worded(z.boolean(), { expected: 'true or false' })
}

/** A request without data: nothing, or null (which is passed on as nothing). */
export function nothing(): z.ZodType<void, void> {
  return worded(
    z.custom<void>((value) => value === undefined || value === null).overwrite(() => undefined),
    { expected: 'empty (no request data)' }
  )
}

export function nullable<S extends z.ZodType>(inner: S): z.ZodNullable<S> {
  return worded(inner.nullable(), { expected: `${wordingOf(inner).expected} or null` })
}

/** An object key that may be left out (or sent as undefined, which structured clone keeps). */
export function optional<S extends z.ZodType>(inner: S): z.ZodOptional<S> {
  return inner.optional()
}

/** Every field of a shape made optional (for `Partial<…>` patches). */
export function partial<S extends z.ZodRawShape>(shape: S): { [K in keyof S]: z.ZodOptional<S[K]> } {
  const out: Record<string, z.ZodType> = {}
  for (const [key, schema] of Object.entries(shape)) out[key] = z.optional(schema)
  return out as { [K in keyof S]: z.ZodOptional<S[K]> }
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key]
  }
  return value
}

/**
 * A plain object with exactly the shape's keys (others are refused); the result is a fresh object holding only those
 * keys, undefined ones left out.
 */
export function obj<S extends z.ZodRawShape>(shape: S) {
  const plain = z.custom<unknown>(isPlainObject)
  return worded(plain.pipe(z.strictObject(shape).overwrite(dropUndefined)), { expected: 'an object' })
}

/** A list of at most `max` items; the result is a fresh array. */
export function list<S extends z.ZodType>(item: S, options: { max: number }): z.ZodArray<S> {
  const { max } = options
  return worded(z.array(item).max(max), { expected: `a list of at most ${plural(max, 'item')}` })
}

/** Sets a property even when the key is `__proto__`, so the copy has exactly the keys that were sent. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * An object used as a map (e.g. env): at most `max` entries, every name and value checked. Hand-made rather than
 * `z.record`, which drops a `__proto__` key: here it stays an ordinary own key, as it was sent.
 */
export function stringMap(
  name: z.ZodString,
  value: z.ZodString,
  options: { max: number }
): z.ZodType<Record<string, string>> {
  const { max } = options
  const expected = `an object of at most ${max} entries`
  const map = z
    .custom<Record<string, string>>(isPlainObject)
    .superRefine((input, ctx) => {
      const names = Object.keys(input)
      if (names.length > max) {
        ctx.addIssue({ code: 'custom', ...saying(`must be ${expected}, got ${names.length} entries`) })
        return
      }
      for (const key of names) {
        const checkedName = name.safeParse(key)
        if (!checkedName.success) {
          const problem = problemOf(name, key, true, checkedName.error.issues[0]!)
          ctx.addIssue({ code: 'custom', path: [key], ...saying(`has an invalid name: it ${problem}`) })
          return
        }
        const checkedValue = value.safeParse(input[key])
        if (!checkedValue.success) {
          const problem = problemOf(value, input[key], true, checkedValue.error.issues[0]!)
          ctx.addIssue({ code: 'custom', path: [key], ...saying(problem) })
          return
        }
      }
    })
    .overwrite((input) => {
      const out: Record<string, string> = {}
      for (const key of Object.keys(input)) setOwn(out, key, input[key])
      return out
    })
  return worded(map, { expected })
}

// ---- From a zod issue to one line ----

function wordingOf(schema: z.ZodType): Wording {
  return wording.get(schema) ?? { expected: 'a valid value' }
}

/** The schema as the issue sees it: optional wrappers left out, and nullable ones too when `leaf`. */
function unwrap(schema: z.ZodType, leaf: boolean): z.ZodType {
  let current = schema
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType
    else if (leaf && current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType
    else return current
  }
}

/** The schema that checks the value at `path` below `root`, if the path leads into an object or a list. */
function schemaAt(root: z.ZodType, path: Path): z.ZodType {
  let current = root
  for (const segment of path) {
    let inner = unwrap(current, true)
    if (inner instanceof z.ZodPipe) inner = inner.out as z.ZodType
    if (inner instanceof z.ZodObject && typeof segment === 'string') {
      const field = (inner.shape as Record<string, z.ZodType>)[segment]
      if (field === undefined) return inner
      current = field
    } else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType
    else return inner
  }
  return current
}

/** The keys an object schema (or the object behind a plain-object check) allows. */
function shapeKeys(schema: z.ZodType): string[] {
  const inner = schema instanceof z.ZodPipe ? (schema.out as z.ZodType) : schema
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : []
}

function valueAt(root: unknown, path: Path): { value: unknown; present: boolean } {
  let value = root
  let present = true
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return { value: undefined, present: false }
    // A hole of a sparse list is a value like any other (undefined); only object keys can be missing.
    present = typeof segment === 'number' || Object.hasOwn(value, segment)
    value = present ? (value as Record<PropertyKey, unknown>)[segment] : undefined
  }
  return { value, present }
}

/** What is wrong with `value` for `schema`, in words: "must be …, got …", "is missing (…)", or a refinement's own. */
function problemOf(schema: z.ZodType, value: unknown, present: boolean, issue: z.core.$ZodIssue): string {
  const params: RefinementParams = (issue.code === 'custom' ? issue.params : undefined) ?? {}
  if (typeof params.problem === 'string') return params.problem
  if (!present) return `is missing (expected ${wordingOf(unwrap(schema, false)).expected})`
  // A wrong type names everything the place accepts ("… or null"); a bad length or range names the inner schema.
  // Plain-object and empty-request checks are refinements too: wrong types.
  const wrongType = issue.code === 'invalid_type' || (issue.code === 'custom' && params.range !== true)
  const { expected, secret = false } = wordingOf(unwrap(schema, !wrongType))
  const got =
    issue.code === 'too_big' && Array.isArray(value) ? plural(value.length, 'item') : describe(value, secret)
  return `must be ${expected}, got ${got}`
}

function isPrefix(outer: Path, inner: Path): boolean {
  return outer.length < inner.length && outer.every((segment, i) => segment === inner[i])
}

/**
 * The issue a person reading the request meets first: fields in the order of their shape (zod's order), but an issue
 * about an enclosing value (an unknown key of the object, a list too long) before the issues inside it.
 */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  const first = issues[0]
  if (first === undefined) return undefined
  let outermost = first
  for (const issue of issues) if (isPrefix(issue.path, outermost.path)) outermost = issue
  return outermost
}

/** The outermost problem of a refused value as one line: `<json path> <what is wrong>` (see `problemOf`). */
export function issueLine(schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const issue = firstIssue(issues)
  if (issue === undefined) return '$ could not be read as a request'
  if (issue.code === 'unrecognized_keys') {
    const keys = shapeKeys(schemaAt(schema, issue.path))
    const allowed = keys.length > 0 ? `allowed: ${keys.join(', ')}` : 'it takes no fields'
    return `${formatPath([...issue.path, issue.keys[0] ?? ''])} is not allowed (${allowed})`
  }
  const { value, present } = valueAt(input, issue.path)
  return `${formatPath(issue.path)} ${problemOf(schemaAt(schema, issue.path), value, present, issue)}`
}

/** The line clipped to the length a message may have. */
export function oneLine(text: string): string {
  return clip(text, MAX_LINE)
}
