// Request schemas for every IPC channel and the validator that checks each payload before any handler runs.
import { UserError } from './errors'
import { IPC_CHANNELS, type IpcChannel, type IpcRequest } from './ipc'
import { IMPORT_SOURCE_KINDS, MCP_CHOICE_ACTIONS } from './import-types'
import { STORAGE_BACKENDS } from './types'

/** Where a value sits in the request: object keys and list indexes from the root (`$`). */
type Path = readonly (string | number)[]

/** Why a value was refused; turned into one INVALID_INPUT line by validateIpcRequest. */
class SchemaIssue extends Error {
  constructor(
    readonly at: Path,
    readonly problem: string,
    /** The value had the wrong type altogether (as opposed to a bad length, range or key). */
    readonly wrongType: boolean
  ) {
    super(problem)
  }
}

/** Any schema, whatever it produces: what combinators accept as children. */
interface AnySchema {
  /** What a valid value looks like, in words ("a string of at most 200 characters"). */
  readonly expected: string
  /** The checked value (a fresh copy for objects and lists), or a thrown SchemaIssue. */
  readonly check: (value: unknown, at: Path) => unknown
}

/** A schema for values of type T. */
export interface Schema<T> extends AnySchema {
  readonly check: (value: unknown, at: Path) => T
}

/** A schema whose key may be absent from its object (or present with the value undefined). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true
}

type Infer<S> = S extends { readonly check: (value: unknown, at: Path) => infer T } ? T : never
type Shape = Readonly<Record<string, AnySchema>>
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { readonly optional: true } ? K : never
}[keyof S]
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>
type Simplify<T> = { [K in keyof T]: T[K] } & {}
type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>

// ---- How values and paths are shown in messages: short, one line, never the contents of a string. ----

const MAX_KEY_SHOWN = 40

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}

/** JSON-quoted and clipped, with the line separators JSON leaves alone escaped too: always one line. */
function quote(text: string, max = MAX_KEY_SHOWN): string {
  return JSON.stringify(clip(text, max)).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

function formatPath(at: Path): string {
  let out = '$'
  for (const segment of at) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(segment) && segment.length <= MAX_KEY_SHOWN) out += `.${segment}`
    else out += `[${quote(segment)}]`
  }
  return out
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** What kind of value this is ("a number", "an array of 3 items"); `secret` values give their kind alone. */
function describe(value: unknown, secret: boolean): string {
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

function wrongType(at: Path, expected: string, value: unknown, secret = false): SchemaIssue {
  return new SchemaIssue(at, `must be ${expected}, got ${describe(value, secret)}`, true)
}

/** An object literal or JSON object (prototype Object.prototype of any realm, or null): not a list, Date, Map… */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** Sets a property even when the key is `__proto__`, so the copy has exactly the keys that were sent. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
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

// ---- Combinators ----

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

export function str(options: StringOptions): Schema<string> {
  const { min = 0, max, maxBytes, secret = false, noNul = false } = options
  const expected =
    min > 0 ? `a string of ${min} to ${max} characters` : `a string of at most ${plural(max, 'character')}`
  return {
    expected,
    check(value, at) {
      if (typeof value !== 'string') throw wrongType(at, expected, value, secret)
      if (value.length < min || value.length > max)
        throw new SchemaIssue(at, `must be ${expected}, got ${describe(value, secret)}`, false)
      // Only count bytes when the character count alone cannot settle it (every character is 1 to 3 bytes).
      if (maxBytes !== undefined && value.length * 3 > maxBytes && utf8Bytes(value) > maxBytes) {
        throw new SchemaIssue(at, `must be at most ${maxBytes} bytes of UTF-8 text`, false)
      }
      if (noNul && value.includes('\0'))
        throw new SchemaIssue(at, 'must not contain NUL (U+0000) characters', false)
      return value
    }
  }
}

export function int(options: { min: number; max: number }): Schema<number> {
  const { min, max } = options
  const expected = `a whole number from ${min} to ${max}`
  return {
    expected,
    check(value, at) {
      if (typeof value !== 'number') throw wrongType(at, expected, value)
      if (!Number.isSafeInteger(value) || value < min || value > max)
        throw new SchemaIssue(at, `must be ${expected}, got ${describe(value, false)}`, false)
      // -0 becomes 0.
      return value + 0
    }
  }
}

/** One of a fixed list of strings. */
export function oneOf<T extends string>(values: readonly T[]): Schema<T> {
  const expected = `one of ${values.join(', ')}`
  return {
    expected,
    check(value, at) {
      if (typeof value !== 'string') throw wrongType(at, expected, value)
      if (!(values as readonly string[]).includes(value))
        throw new SchemaIssue(at, `must be ${expected}, got ${describe(value, false)}`, false)
      return value as T
    }
  }
}

export function bool(): Schema<boolean> {
  const expected = 'true or false'
  return {
    expected,
    check(value, at) {
      if (typeof value !== 'boolean') throw wrongType(at, expected, value)
      return value
    }
  }
}

/** A void request: nothing, or null (which is passed on as nothing). */
export function none(): Schema<void> {
  const expected = 'empty (no request data)'
  return {
    expected,
    check(value, at) {
      if (value !== undefined && value !== null) throw wrongType(at, expected, value)
      return undefined
    }
  }
}

/** Rewords a wrong-type issue about this very value to say what the wrapper accepts too. */
function widen<T>(inner: Schema<T>, expected: string, value: unknown, at: Path): T {
  try {
    return inner.check(value, at)
  } catch (error) {
    if (error instanceof SchemaIssue && error.wrongType && error.at === at) {
      throw new SchemaIssue(
        at,
        error.problem.replace(`must be ${inner.expected}`, `must be ${expected}`),
        true
      )
    }
    throw error
  }
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  const expected = `${inner.expected} or null`
  return {
    expected,
    check: (value, at) => (value === null ? null : widen(inner, expected, value, at))
  }
}

/** An object key that may be left out (or sent as undefined, which structured clone keeps). */
export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  const expected = `${inner.expected} (optional)`
  return {
    expected,
    optional: true,
    check: (value, at) => (value === undefined ? undefined : inner.check(value, at))
  }
}

export interface ObjectOptions {
  /** Refuse keys the shape does not name (default true). */
  strict?: boolean
}

/** An object with the shape's keys; the result is a fresh object holding only those keys (undefined left out). */
export function obj<S extends Shape>(shape: S, options: ObjectOptions = {}): Schema<ObjectOf<S>> {
  const { strict = true } = options
  const keys = Object.keys(shape)
  const known = new Set(keys)
  const expected = 'an object'
  return {
    expected,
    check(value, at) {
      if (!isPlainObject(value)) throw wrongType(at, expected, value)
      if (strict) {
        for (const key of Object.keys(value)) {
          if (!known.has(key)) {
            const allowed = keys.length > 0 ? `allowed: ${keys.join(', ')}` : 'it takes no fields'
            throw new SchemaIssue([...at, key], `is not allowed (${allowed})`, false)
          }
        }
      }
      const out: Record<string, unknown> = {}
      for (const key of keys) {
        const schema = shape[key]!
        const present = Object.hasOwn(value, key)
        const field = present ? value[key] : undefined
        if (!present && !('optional' in schema)) {
          throw new SchemaIssue([...at, key], `is missing (expected ${schema.expected})`, false)
        }
        const checked = schema.check(field, [...at, key])
        if (checked !== undefined) out[key] = checked
      }
      return out as ObjectOf<S>
    }
  }
}

/** A list of at most `max` items; the result is a fresh array. */
export function arr<T>(item: Schema<T>, options: { max: number }): Schema<T[]> {
  const { max } = options
  const expected = `a list of at most ${plural(max, 'item')}`
  return {
    expected,
    check(value, at) {
      if (!Array.isArray(value)) throw wrongType(at, expected, value)
      if (value.length > max)
        throw new SchemaIssue(at, `must be ${expected}, got ${plural(value.length, 'item')}`, false)
      const out: T[] = []
      // Index by index, so holes of a sparse array are checked as undefined rather than skipped.
      for (let i = 0; i < value.length; i++) out.push(item.check(value[i], [...at, i]))
      return out
    }
  }
}

/** An object used as a map (e.g. env): at most `max` entries, every key and value checked. */
export function record<V>(
  key: Schema<string>,
  value: Schema<V>,
  options: { max: number }
): Schema<Record<string, V>> {
  const { max } = options
  const expected = `an object of at most ${max} entries`
  return {
    expected,
    check(input, at) {
      if (!isPlainObject(input)) throw wrongType(at, expected, input)
      const keys = Object.keys(input)
      if (keys.length > max)
        throw new SchemaIssue(at, `must be ${expected}, got ${keys.length} entries`, false)
      const out: Record<string, V> = {}
      for (const name of keys) {
        const where = [...at, name]
        try {
          key.check(name, where)
        } catch (error) {
          if (error instanceof SchemaIssue)
            throw new SchemaIssue(where, `has an invalid name: it ${error.problem}`, false)
          throw error
        }
        setOwn(out, name, value.check(input[name], where))
      }
      return out
    }
  }
}

// ---- The request schemas of the IPC contract ----

const LIMITS = {
  id: 200,
  /** A file or folder path. */
  path: 4_096,
  mcpChoices: 1_000,
  searchResults: 200,
  title: 1_000,
  /** Message content, in UTF-8 bytes (10 MiB). */
  contentBytes: 10 * 1024 * 1024,
  role: 200,
  query: 1_000,
  cursor: 1_000,
  pageSize: 500,
  backupsKept: 1_000,
  name: 1_000,
  provider: 200,
  model: 1_000,
  url: 4_096,
  apiKey: 16_384,
  command: 4_096,
  args: 200,
  arg: 16_384,
  envEntries: 200,
  envName: 1_000,
  envValue: 32_768,
  transport: 100
} as const

const id = (): Schema<string> => str({ min: 1, max: LIMITS.id })
const byId = obj({ id: id() })
const cursor = optional(nullable(str({ max: LIMITS.cursor })))
const limit = optional(int({ min: 1, max: LIMITS.pageSize }))

const profileFields = {
  name: str({ max: LIMITS.name }),
  provider: str({ max: LIMITS.provider }),
  model: str({ max: LIMITS.model }),
  baseUrl: optional(nullable(str({ max: LIMITS.url }))),
  apiKey: optional(str({ max: LIMITS.apiKey, secret: true }))
}

const mcpFields = {
  name: str({ max: LIMITS.name }),
  command: optional(nullable(str({ max: LIMITS.command }))),
  args: optional(arr(str({ max: LIMITS.arg }), { max: LIMITS.args })),
  env: optional(
    record(str({ min: 1, max: LIMITS.envName }), str({ max: LIMITS.envValue, secret: true }), {
      max: LIMITS.envEntries
    })
  ),
  enabled: optional(bool()),
  transport: optional(str({ max: LIMITS.transport })),
  url: optional(nullable(str({ max: LIMITS.url })))
}

/** Every field of a shape made optional (for `Partial<…>` patches). */
function partial<S extends Shape>(
  shape: S
): { [K in keyof S]: OptionalSchema<Exclude<Infer<S[K]>, undefined>> } {
  const out: Record<string, AnySchema> = {}
  for (const [key, schema] of Object.entries(shape)) {
    out[key] = 'optional' in schema ? schema : optional(schema as Schema<unknown>)
  }
  return out as { [K in keyof S]: OptionalSchema<Exclude<Infer<S[K]>, undefined>> }
}

const schemas = {
  'app:status': none(),
  'migration:run': none(),
  'migration:verify': none(),
  'migration:rollback': obj({ backupId: optional(id()), discardNewData: optional(bool()) }),
  'backups:list': none(),
  'backups:prune': obj({ keep: int({ min: 0, max: LIMITS.backupsKept }) }),
  'conversations:list': obj({ cursor, limit, query: optional(str({ max: LIMITS.query, noNul: true })) }),
  'conversations:get': byId,
  'conversations:messages': obj({ id: id(), cursor, limit }),
  'conversations:create': obj({
    title: str({ max: LIMITS.title }),
    profileId: optional(nullable(id()))
  }),
  'conversations:rename': obj({ id: id(), title: str({ max: LIMITS.title }) }),
  'conversations:delete': byId,
  'conversations:append': obj({
    id: id(),
    role: str({ min: 1, max: LIMITS.role }),
    content: str({ max: LIMITS.contentBytes, maxBytes: LIMITS.contentBytes })
  }),
  'profiles:list': none(),
  'profiles:create': obj(profileFields),
  'profiles:update': obj({ id: id(), patch: obj(partial(profileFields)) }),
  'profiles:delete': byId,
  'profiles:setDefault': byId,
  'mcp:list': none(),
  'mcp:create': obj(mcpFields),
  'mcp:update': obj({ id: id(), patch: obj(partial(mcpFields)) }),
  'mcp:delete': byId,
  'storage:setBackend': obj({ backend: oneOf(STORAGE_BACKENDS) }),
  'storage:flush': none(),
  'storage:consistency': none(),
  'imports:choosePath': obj({ kind: oneOf(IMPORT_SOURCE_KINDS) }),
  'imports:preview': obj({
    kind: oneOf(IMPORT_SOURCE_KINDS),
    path: nullable(str({ min: 1, max: LIMITS.path, noNul: true }))
  }),
  'imports:run': obj({
    kind: oneOf(IMPORT_SOURCE_KINDS),
    path: nullable(str({ min: 1, max: LIMITS.path, noNul: true })),
    incremental: optional(bool()),
    mcpChoices: optional(
      arr(
        obj({
          key: str({ min: 1, max: LIMITS.id }),
          action: oneOf(MCP_CHOICE_ACTIONS),
          newName: optional(str({ min: 1, max: LIMITS.name }))
        }),
        { max: LIMITS.mcpChoices }
      )
    )
  }),
  'imports:runs': none(),
  'imports:rollback': obj({ runId: id() }),
  'search:query': obj({
    query: str({ max: LIMITS.query, noNul: true }),
    limit: optional(int({ min: 1, max: LIMITS.searchResults }))
  }),
  'knowledge:get': byId,
  'embedding:status': none(),
  'embedding:setEmbedder': obj({
    profileId: nullable(id()),
    model: optional(str({ min: 1, max: LIMITS.model }))
  }),
  'logs:open': none()
} satisfies { readonly [C in IpcChannel]: AnySchema }

/** True when A and B are the same type (not merely assignable: an extra optional key counts as a difference). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
/** The channels whose schema does not produce exactly the request type of the IPC contract. */
type Mismatched = {
  [C in IpcChannel]: Same<Infer<(typeof schemas)[C]>, IpcRequest<C>> extends true ? never : C
}[IpcChannel]
// Fails to compile, naming the channel, when a schema drifts from IpcContract.
const exact: [Mismatched] extends [never] ? true : Mismatched = true
void exact

/** One schema per channel (tsc fails when a channel is missing, extra, or its schema does not match exactly). */
export const IPC_REQUEST_SCHEMAS: { readonly [C in IpcChannel]: Schema<IpcRequest<C>> } = schemas

const CHANNELS: ReadonlySet<string> = new Set(IPC_CHANNELS)

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && CHANNELS.has(value)
}

/**
 * The request checked against its channel's schema: a fresh, typed value, or INVALID_INPUT with one line
 * `<channel>: <json path> <what is wrong>` that never repeats a string's contents or anything of a secret field.
 */
export function validateIpcRequest<C extends IpcChannel>(channel: C, value: unknown): IpcRequest<C> {
  if (!isIpcChannel(channel)) {
    const shown = typeof channel === 'string' ? quote(channel, 60) : describe(channel, false)
    throw new UserError('INVALID_INPUT', `Unknown request ${shown}.`)
  }
  const schema: Schema<IpcRequest<C>> = IPC_REQUEST_SCHEMAS[channel]
  try {
    return schema.check(value, [])
  } catch (error) {
    if (error instanceof SchemaIssue) {
      throw new UserError('INVALID_INPUT', clip(`${channel}: ${formatPath(error.at)} ${error.problem}`, 500))
    }
    // Something that could not even be read (it never happens with IPC or JSON payloads): still just refused.
    throw new UserError('INVALID_INPUT', `${channel}: $ could not be read as a request`)
  }
}
