// Fuzzes every IPC channel through HostController.dispatch + toIpcResult (the transports' path) on a real app host:
// random and near-miss payloads always give an IpcResult, invalid ones INVALID_INPUT, and nothing is ever written.
//
// Runs per channel come from IPC_FUZZ_RUNS (default 500, quick enough for `npm test`). The full run is
//   IPC_FUZZ_RUNS=10000 npx vitest run test/ipc-fuzz.test.ts
// (inside a keychain session: bash scripts/with-keychain.sh …). A failure prints fast-check's seed and path; replay it
// with IPC_FUZZ_SEED=<seed>.
import { rmSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppHost } from '../src/main/app/app-host'
import { HostController } from '../src/main/app/host-controller'
import { toIpcResult } from '../src/main/app/ipc-envelope'
import { dataPaths } from '../src/main/base/data-paths'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openDatabase } from '../src/main/store/sqlite/database'
import { isUserError } from '../src/shared/errors'
import { IPC_CHANNELS, type IpcChannel, type IpcResult } from '../src/shared/ipc'
import { validateIpcRequest } from '../src/shared/ipc-schema'
import { tempDir } from './support/folders'

const RUNS = Number(process.env.IPC_FUZZ_RUNS ?? 500)
const SEED = process.env.IPC_FUZZ_SEED === undefined ? undefined : Number(process.env.IPC_FUZZ_SEED)

/** State-changing admin actions: fuzzed through the validator alone, never dispatched. */
const ADMIN: readonly IpcChannel[] = [
  'migration:run',
  'migration:runSalvage',
  // Not state-changing, but it runs the migration worker (a dry run) over the whole data folder.
  'migration:previewSalvage',
  'migration:rollback',
  'backups:prune',
  'backups:saveCopy',
  'backups:addFromFile',
  'storage:setBackend',
  'storage:flush',
  'imports:choosePath',
  'imports:run',
  'imports:rollback',
  'embedding:setEmbedder',
  'logs:open'
]
/** Channels that write, or call the profile's provider, when the payload is valid: only invalid payloads are sent
 * to them. */
const WRITES: ReadonlySet<IpcChannel> = new Set<IpcChannel>([
  'conversations:create',
  'conversations:rename',
  'conversations:delete',
  'conversations:append',
  'chat:send',
  'chat:regenerate',
  'chat:edit',
  'conversations:switchBranch',
  'profiles:create',
  'profiles:update',
  'profiles:delete',
  'profiles:setDefault',
  'profiles:testConnection',
  'profiles:fetchModels',
  'mcp:create',
  'mcp:update',
  'mcp:delete',
  'agents:create',
  'agents:update',
  'agents:duplicate',
  'agents:delete',
  'mcp:start',
  'mcp:stop',
  'mcp:restart',
  'mcp:tools',
  'mcp:health',
  'mcp:setStartAtLaunch',
  'chat:summarise',
  'chat:approveTool',
  'mcp:revokeGrant',
  'mcp:setReadOnlyDefault'
])
const DISPATCHED = IPC_CHANNELS.filter((channel) => !ADMIN.includes(channel))

function isValid(channel: IpcChannel, payload: unknown): boolean {
  try {
    validateIpcRequest(channel, payload)
    return true
  } catch {
    return false
  }
}

// ---- Payloads ----

/** Every field name of the contract, so random objects often use the right keys with the wrong values. */
const FIELD_NAMES = [
  'id',
  'title',
  'profileId',
  'cursor',
  'limit',
  'query',
  'role',
  'content',
  'patch',
  'name',
  'provider',
  'model',
  'baseUrl',
  'apiKey',
  'command',
  'args',
  'env',
  'enabled',
  'transport',
  'url',
  'keep',
  'backupId',
  'discardNewData',
  'conversationId',
  'text',
  'streamId'
]
const ODD_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'isDefault',
  'extra',
  ''
]

const key = fc.oneof(
  fc.constantFrom(...FIELD_NAMES, ...ODD_KEYS),
  fc.string({ unit: 'binary', maxLength: 12 })
)

/** Anything structured clone could carry, and more: Maps, Sets, Dates, typed arrays, bigints, sparse arrays, boxes. */
const anything = fc.anything({
  key,
  maxDepth: 3,
  maxKeys: 6,
  stringUnit: 'binary',
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true
})

const MB10 = 10 * 1024 * 1024
/** Strings one past each length limit of the schemas (built once; the 10 MiB ones are shared, not copied). */
const OVERLONG = [0, 201, 1001, 4097, 16_385, 32_769, MB10 + 1].map((n) => 'x'.repeat(n))
OVERLONG.push('é'.repeat(MB10 / 2 + 1))
const NEAR_VALUES: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  501,
  1001,
  2 ** 53,
  Number.NaN,
  Infinity,
  -Infinity,
  '',
  ' ',
  '0',
  'null',
  [],
  {},
  [''],
  { id: 'x' },
  10n,
  new Date(0),
  new Map(),
  new Uint8Array(4)
]

type Segment = string | number

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'addKey'; key: string; value: unknown }
  | { kind: 'wrap'; inArray: boolean }
  | { kind: 'overlong'; text: string }
  | { kind: 'overcount' }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: anything }),
  fc.record({ kind: fc.constant('replace' as const), value: fc.constantFrom(...NEAR_VALUES) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('addKey' as const), key, value: anything }),
  fc.record({ kind: fc.constant('wrap' as const), inArray: fc.boolean() }),
  fc.record({ kind: fc.constant('overlong' as const), text: fc.constantFrom(...OVERLONG) }),
  fc.record({ kind: fc.constant('overcount' as const) })
)

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON-like object (not a Date, Map, typed array or boxed value, whose keys cannot all be redefined). */
function isPlain(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || proto === Object.prototype
}

/** A deep copy of the lists and plain objects (prototype, holes and `__proto__` keys kept), so no mutation ever
 * touches a template, a shared constant or a value fast-check may replay. */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone)
  if (!isPlain(value)) return value
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>
  for (const k of Object.keys(value)) setOwn(out, k, clone(value[k]))
  return out
}

/** Every place in a payload: the root, and each object key and list index below it. */
function pathsOf(value: unknown, at: Segment[] = []): Segment[][] {
  const out = [at]
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...at, i])))
  else if (isPlain(value)) for (const k of Object.keys(value)) out.push(...pathsOf(value[k], [...at, k]))
  return out
}

function setOwn(target: object, k: Segment, value: unknown): void {
  Object.defineProperty(target, k, { value, enumerable: true, writable: true, configurable: true })
}

/** The payload with `fn` applied at `path` (fn returns the new value, or `deleteMe` to remove the key). */
const deleteMe = Symbol('delete')
function editAt(root: unknown, path: Segment[], fn: (value: unknown) => unknown): unknown {
  if (path.length === 0) {
    const next = fn(root)
    return next === deleteMe ? undefined : next
  }
  let parent = root as Record<Segment, unknown>
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<Segment, unknown>
  const last = path[path.length - 1]!
  const next = fn(parent[last])
  if (next !== deleteMe) setOwn(parent, last, next)
  else if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1)
  else delete parent[last]
  return root
}

function apply(value: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'replace':
      return clone(m.value)
    case 'delete':
      return deleteMe
    case 'addKey': {
      const target = isPlain(value) ? value : {}
      setOwn(target, m.key, clone(m.value))
      return target
    }
    case 'wrap':
      return m.inArray ? [value] : { value }
    case 'overlong':
      return m.text
    case 'overcount':
      if (Array.isArray(value)) return [...value, ...Array.from({ length: 201 }, () => 'a')]
      if (isPlain(value)) {
        const out = { ...value }
        for (let i = 0; i < 201; i++) out[`K${i}`] = 'v'
        return out
      }
      return Array.from({ length: 201 }, () => value)
  }
}

/** One to three mutations of a valid payload, each at a random place. */
function nearMiss(templates: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.constantFrom(...templates),
      fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 })
    )
    .map(([template, steps]) => {
      let payload = clone(template)
      for (const [pick, m] of steps) {
        const paths = pathsOf(payload)
        payload = editAt(payload, paths[pick % paths.length]!, (value) => apply(value, m))
      }
      return payload
    })
}

/** Values no schema accepts anywhere (not even as a request of its own). */
const NEVER_ACCEPTED: unknown[] = [
  new Map(),
  new Set(),
  new Date(0),
  10n,
  new Uint8Array(2),
  () => 'x',
  'x'.repeat(MB10 + 1)
]
/** Keys that no object of the contract has. */
const UNKNOWN_KEYS = ['__proto__', 'constructor', 'toString', 'isDefault', 'extra', '']

function getAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root
  for (const segment of path) value = (value as Record<Segment, unknown>)[segment]
  return value
}

/**
 * Payloads invalid by construction, whatever the validator says (an oracle of its own, so a validator that got
 * lenient fails this test instead of merely letting more through): a valid payload with an unknown key added to
 * one of its objects (env, a free-keyed map, aside), or with a value no schema accepts put anywhere.
 */
function sureMiss(templates: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.constantFrom(...templates),
      fc.nat(),
      fc.boolean(),
      fc.constantFrom(...NEVER_ACCEPTED),
      fc.constantFrom(...UNKNOWN_KEYS),
      anything
    )
    .map(([template, pick, addKey, never, key, value]) => {
      const payload = clone(template)
      const objects = pathsOf(payload).filter(
        (p) => isPlain(getAt(payload, p)) && p.at(-1) !== 'env' && p.at(-1) !== 'inputs'
      )
      if (addKey && objects.length > 0) {
        return editAt(payload, objects[pick % objects.length]!, (object) => {
          setOwn(object as object, key, clone(value))
          return object
        })
      }
      const paths = pathsOf(payload)
      return editAt(payload, paths[pick % paths.length]!, () => never)
    })
}

/** A payload to send, and whether it was built to be invalid. */
interface Case {
  payload: unknown
  mustFail: boolean
}

function cases(channel: IpcChannel, extra: readonly fc.Arbitrary<unknown>[] = []): fc.Arbitrary<Case> {
  const list = templates(seeded)[channel]
  const maybe = (payload: unknown): Case => ({ payload, mustFail: false })
  return fc.oneof(
    anything.map(maybe),
    nearMiss(list).map(maybe),
    sureMiss(list).map((payload) => ({ payload, mustFail: true })),
    ...extra.map((arbitrary) => arbitrary.map(maybe))
  )
}

// ---- The data folder: a real app host's fresh store, with one record of each kind to aim at ----

interface Seeded {
  conversationId: string
  profileId: string
  mcpId: string
  agentId: string
}

/** Valid payloads per channel, aimed at the seeded records (mutated into near misses). */
function templates(s: Seeded): Record<IpcChannel, readonly unknown[]> {
  return {
    'app:status': [undefined, null],
    'migration:run': [undefined],
    'migration:previewSalvage': [undefined],
    'migration:current': [undefined],
    'migration:runSalvage': [undefined],
    'migration:verify': [undefined],
    'migration:rollback': [{}, { backupId: 'b1', discardNewData: true }],
    'backups:list': [undefined],
    'backups:prune': [{ keep: 3 }],
    'backups:saveCopy': [{ id: 'b1', passphrase: 'correct horse battery' }],
    'backups:addFromFile': [{ passphrase: 'correct horse battery' }],
    'conversations:list': [{}, { cursor: null, limit: 50, query: 'hello' }],
    'conversations:get': [{ id: s.conversationId }],
    'conversations:messages': [{ id: s.conversationId, cursor: null, limit: 100 }],
    'conversations:create': [{ title: 'New chat', profileId: s.profileId }],
    'conversations:rename': [{ id: s.conversationId, title: 'Renamed' }],
    'conversations:delete': [{ id: s.conversationId }],
    'conversations:append': [{ id: s.conversationId, role: 'user', content: 'Hello' }],
    'chat:send': [{ conversationId: s.conversationId, text: 'Hello', profileId: s.profileId }],
    'chat:stop': [{ streamId: 'stream-x' }],
    'chat:profileFor': [
      { conversationId: s.conversationId },
      { conversationId: s.conversationId, profileId: null }
    ],
    'chat:regenerate': [{ conversationId: s.conversationId, messageId: 'm1', profileId: s.profileId }],
    'chat:edit': [{ conversationId: s.conversationId, messageId: 'm1', text: 'Hello again' }],
    'conversations:switchBranch': [{ id: s.conversationId, messageId: 'm1', index: 2 }],
    'profiles:list': [undefined],
    'profiles:create': [
      { name: 'Work', provider: 'openai', model: 'gpt-4o', baseUrl: null, apiKey: 'sk-fuzz-0000' }
    ],
    'profiles:update': [
      { id: s.profileId, patch: { name: 'Renamed', apiKey: 'sk-fuzz-1111' } },
      { id: s.profileId, patch: { baseUrl: 'http://localhost:1', provider: 'p', model: 'm' } }
    ],
    'profiles:delete': [{ id: s.profileId }],
    'profiles:setDefault': [{ id: s.profileId }],
    'profiles:testConnection': [{ id: s.profileId }],
    'profiles:fetchModels': [
      { id: s.profileId },
      { name: 'Draft', provider: 'ollama', baseUrl: 'http://localhost:1', apiKey: 'sk-fuzz-2222' }
    ],
    'agents:list': [undefined],
    'agents:get': [{ id: s.agentId }],
    'agents:create': [
      { name: 'Helper', systemPrompt: 'Be brief.', profileId: s.profileId, servers: [{ id: s.mcpId }] }
    ],
    'agents:update': [
      { id: s.agentId, patch: { name: 'Renamed', servers: [{ id: s.mcpId, toolNames: ['echo'] }] } }
    ],
    'agents:duplicate': [{ id: s.agentId }],
    'agents:delete': [{ id: s.agentId }],
    'mcp:list': [undefined],
    'mcp:create': [
      {
        name: 'files',
        command: 'npx',
        args: ['-y', 'server'],
        env: { API_TOKEN: 'tok-fuzz', DEBUG: '1' },
        enabled: true,
        transport: 'stdio',
        url: null
      }
    ],
    'mcp:update': [
      { id: s.mcpId, patch: { enabled: false, args: ['--flag'], env: { DEBUG: '0' } } },
      { id: s.mcpId, patch: { name: 'x', command: null, url: 'https://example.com', transport: 'sse' } }
    ],
    'mcp:delete': [{ id: s.mcpId }],
    'mcp:states': [undefined],
    'mcp:start': [{ id: s.mcpId }, { id: s.mcpId, inputs: { token: 'typed-token' }, saveInputs: true }],
    'mcp:stop': [{ id: s.mcpId }],
    'mcp:restart': [{ id: s.mcpId }],
    'mcp:tools': [{ id: s.mcpId }],
    'mcp:health': [{ id: s.mcpId }],
    'mcp:inputs': [{ id: s.mcpId }],
    'mcp:setStartAtLaunch': [{ id: s.mcpId, on: true }],
    'storage:setBackend': [{ backend: 'sqlite' }, { backend: 'hybrid' }],
    'storage:flush': [undefined],
    'storage:consistency': [undefined],
    'imports:choosePath': [{ kind: 'folder' }],
    'imports:preview': [
      { kind: 'folder', path: '/nonexistent/notes' },
      { kind: 'localstorage', path: '/nonexistent/dump.json' }
    ],
    'imports:run': [{ kind: 'folder', path: '/nonexistent/notes', incremental: true }],
    'imports:runs': [undefined],
    'imports:rollback': [{ runId: 'import-x' }],
    'history:list': [{}, { limit: 10 }],
    'search:query': [{ query: 'hello', limit: 20 }],
    'knowledge:get': [{ id: 'k1' }],
    'embedding:status': [undefined],
    'embedding:setEmbedder': [{ profileId: null }],
    'logs:open': [undefined],
    'chat:context': [
      { conversationId: s.conversationId },
      { conversationId: s.conversationId, profileId: null, draftChars: 120 }
    ],
    'chat:summarise': [{ conversationId: s.conversationId }],
    'chat:approveTool': [
      { messageId: s.conversationId, choice: 'once', argumentsJson: '{"a":1}' },
      { messageId: s.conversationId, choice: 'deny', reason: 'no' }
    ],
    'mcp:grants': [undefined],
    'mcp:revokeGrant': [{ id: 'g1' }],
    'mcp:setReadOnlyDefault': [{ serverId: s.mcpId, allowed: true }]
  }
}

/** Random VALID payloads for the read channels (none for writes: they would write), to exercise the services. */
function validReads(s: Seeded): Partial<Record<IpcChannel, fc.Arbitrary<unknown>>> {
  const text = (max: number): fc.Arbitrary<string> => fc.string({ unit: 'binary', maxLength: max })
  const id = fc.oneof(
    fc.constant(s.conversationId),
    text(200).filter((x) => x.length > 0)
  )
  const cursor = fc.option(fc.oneof(text(40), fc.base64String({ maxLength: 60 })), { nil: null })
  const limit = fc.integer({ min: 1, max: 500 })
  return {
    'conversations:list': fc.record(
      {
        cursor,
        limit,
        query: fc.oneof(text(50), fc.constantFrom('"', '*', 'a OR b', 'NEAR(', '%_\\', 'hello'))
      },
      { requiredKeys: [] }
    ),
    'conversations:get': fc.record({ id }),
    'conversations:messages': fc.record({ id, cursor, limit }, { requiredKeys: ['id'] })
  }
}

interface StoreSnapshot {
  counts: Record<string, number>
  mutations: string | null
  rows: string
  accounts: string[]
}

let dataDir = ''
let controller: HostController
let seeded: Seeded
let before: StoreSnapshot

async function snapshot(): Promise<StoreSnapshot> {
  const db = openDatabase(dataPaths(dataDir).db, { readonly: true, withoutVec: true })
  try {
    const counts: Record<string, number> = {}
    for (const table of [
      'conversations',
      'messages',
      'profiles',
      'mcp_servers',
      'secret_refs',
      'deletions',
      'agents',
      'agent_mcp_servers'
    ]) {
      counts[table] = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    }
    const mutations = db.prepare("SELECT value FROM meta WHERE key = 'mutations'").get() as
      { value: string } | undefined
    const rows = JSON.stringify(
      [
        'conversations',
        'messages',
        'profiles',
        'mcp_servers',
        'secret_refs',
        'meta',
        'agents',
        'agent_mcp_servers'
      ].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all())
    )
    const accounts = (await new SecretStore(dataDir).listAccounts()).sort()
    return { counts, mutations: mutations?.value ?? null, rows, accounts }
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  dataDir = tempDir('pa-ipc-fuzz-')
  // A fresh folder becomes an empty migrated store; seed one record of each kind so near misses hit real ids.
  const host = await startAppHost({ dataDir, onProgress: () => undefined })
  try {
    const conversation = await host.handlers['conversations:create']({ title: 'Seed' })
    await host.handlers['conversations:append']({ id: conversation.id, role: 'user', content: 'Hello there' })
    const profile = await host.handlers['profiles:create']({
      name: 'Seed',
      provider: 'openai',
      model: 'gpt-4o',
      apiKey: 'sk-seed-secret-0123456789'
    })
    const mcp = await host.handlers['mcp:create']({
      name: 'seed',
      command: 'npx',
      args: ['server'],
      env: { API_TOKEN: 'seed-token-0123456789', DEBUG: '1' }
    })
    const agent = await host.handlers['agents:create']({
      name: 'Seed agent',
      profileId: profile.id,
      servers: [{ id: mcp.id }]
    })
    seeded = { conversationId: conversation.id, profileId: profile.id, mcpId: mcp.id, agentId: agent.id }
  } finally {
    await host.dispose()
  }
  controller = new HostController(dataDir, () => undefined)
  await controller.start()
  before = await snapshot()
  expect(before.counts).toMatchObject({ conversations: 1, messages: 1, profiles: 1, mcp_servers: 1 })
  expect(Number(before.mutations)).toBeGreaterThan(0)
  expect(before.accounts.length).toBe(2)
})

afterAll(async () => {
  await controller?.dispose()
  if (!dataDir) return
  const secrets = new SecretStore(dataDir)
  for (const account of await secrets.listAccounts()) await secrets.delete(account)
  rmSync(dataDir, { recursive: true, force: true })
})

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (!isRecord(value)) return false
  if (value.ok === true) return Object.hasOwn(value, 'value')
  return (
    value.ok === false &&
    isRecord(value.error) &&
    typeof value.error.code === 'string' &&
    typeof value.error.message === 'string'
  )
}

describe(`IPC fuzz (${RUNS} payloads per channel)`, () => {
  /** Outcomes per channel (invalid / valid and answered ok / valid and refused), printed at the end. */
  const outcomes: Record<string, { invalid: number; ok: number; refused: number }> = {}
  afterAll(() => {
    const line = Object.entries(outcomes)
      .map(([channel, o]) => `${channel} ${o.invalid}/${o.ok}/${o.refused}`)
      .join(', ')
    console.info(`IPC fuzz outcomes (invalid/valid ok/valid refused): ${line}`)
  })

  it.each(DISPATCHED)(
    '%s: every payload answers with an IpcResult; invalid ones with INVALID_INPUT',
    async (channel) => {
      const write = WRITES.has(channel)
      const validRead = write ? undefined : validReads(seeded)[channel]
      const all = cases(channel, validRead ? [validRead] : [])
      // Payloads the validator accepts would write: never sent to write channels (unless built to be invalid, so
      // that a validator gone lenient is caught by the check below before anything is dispatched).
      const sent = write ? all.filter((c) => c.mustFail || !isValid(channel, c.payload)) : all
      const counted = (outcomes[channel] = { invalid: 0, ok: 0, refused: 0 })
      const unexpected: unknown[] = []
      await fc.assert(
        fc.asyncProperty(sent, async ({ payload, mustFail }) => {
          const valid = isValid(channel, payload)
          if (mustFail) expect(valid, 'a payload built to be invalid was accepted').toBe(false)
          // Exactly what the transports do: the controller's dispatch wrapped in the IpcResult envelope.
          const result: unknown = await toIpcResult(
            () => controller.dispatch(channel, payload),
            (error) => unexpected.push(error)
          )
          expect(isIpcResult(result)).toBe(true)
          expect(() => JSON.stringify(result)).not.toThrow()
          const answer = result as IpcResult<unknown>
          if (!valid) counted.invalid++
          else if (answer.ok) counted.ok++
          else counted.refused++
          if (!valid) {
            expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
            if (!answer.ok) expect(answer.error.message.startsWith(`${channel}: $`)).toBe(true)
          } else if (!answer.ok) {
            // A valid request may still be refused (unknown id, stale cursor), but never with an unexpected error.
            expect(answer.error.code).not.toBe('INTERNAL')
          }
        }),
        { numRuns: RUNS, seed: SEED }
      )
      expect(unexpected).toEqual([])
      // Write channels are only ever sent malformed payloads.
      if (write) expect(counted.invalid).toBe(RUNS)
    }
  )

  it.each(ADMIN)(
    '%s (validator only): every payload is accepted or refused with INVALID_INPUT',
    (channel) => {
      fc.assert(
        fc.property(cases(channel), ({ payload, mustFail }) => {
          try {
            validateIpcRequest(channel, payload)
            expect(mustFail, 'a payload built to be invalid was accepted').toBe(false)
          } catch (error) {
            expect(isUserError(error) && error.code === 'INVALID_INPUT').toBe(true)
            expect((error as Error).message.startsWith(`${channel}: $`)).toBe(true)
            expect((error as Error).message).not.toMatch(/[\n\r]/)
          }
        }),
        { numRuns: RUNS, seed: SEED }
      )
    }
  )

  it('refuses unknown channels through the same path', async () => {
    for (const channel of ['fs:readFile', '__proto__', 'constructor', ''])
      expect(await toIpcResult(() => controller.dispatch(channel as IpcChannel, {}))).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' }
      })
  })

  it('wrote nothing: same rows, same mutation counter, same keychain entries', async () => {
    const after = await snapshot()
    expect(after.counts).toEqual(before.counts)
    expect(after.mutations).toBe(before.mutations)
    expect(after.accounts).toEqual(before.accounts)
    expect(after.rows === before.rows).toBe(true)
  })
})
