// The storage backends when things go wrong: a JSON mirror that cannot be written, a SQLite file that cannot be
// read, a json-backend write that fails, and a writer killed mid-write; the consistency checker's findings; and
// the sqlite backend's WAL checkpoints kept out of the writes.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { UserError } from '../src/shared/errors'
import { configureLogging } from '../src/main/logging/logger'
import { openDatabase, type Db } from '../src/main/store/sqlite/database'
import { CHECKPOINT_DELAY_MS } from '../src/main/store/sqlite/idle-checkpoint'
import type { Store } from '../src/main/store/store'
import { checkConsistency } from '../src/main/store/consistency-check'
import { readCounters, StoreStats } from '../src/main/store/store-stats'
import { backendFixtures, LEGACY_SEED } from './support/backends'
import { copyOf, tempDir } from './support/folders'
import { canonicalLegacyFile } from '../scripts/legacy-equality'
import { migrate } from '../src/main/migration/engine'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openBackend } from '../src/main/store/open-backend'

const fixtures = backendFixtures()

/** For this test, the database size from which the hybrid mirror writes conversations in its worker. */
function mirrorWorkerFrom(minBytes: string): void {
  process.env.PERSONAL_AGENT_MIRROR_WORKER_MIN_BYTES = minBytes
  onTestFinished(() => {
    delete process.env.PERSONAL_AGENT_MIRROR_WORKER_MIN_BYTES
  })
}

const REPO = join(__dirname, '..')

/** A folder where the writer's temp file should go makes every atomic write of `file` fail (even for root). */
function blockWrites(dataDir: string, file: string): string {
  const obstacle = join(dataDir, `.${file}.${process.pid}.tmp`)
  mkdirSync(obstacle)
  return obstacle
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<UserError> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (error) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error('expected a failure')
}

describe('the hybrid backend', () => {
  it.each([
    ['on the main thread', '1000000000'],
    ['with conversations written by the mirror worker', '0']
  ])(
    'mirrors every change to the legacy files (%s), keys in plain text, and the checker finds them consistent',
    async (_how, minBytes) => {
      mirrorWorkerFrom(minBytes)
      const { store, dataDir, secrets } = await fixtures.open('hybrid', { seed: true })
      const c = store.conversations.create({ title: 'mirrored' })
      store.conversations.appendMessage(c.id, { role: 'user', content: 'to the mirror' })
      await store.profiles.update('p-1', { model: 'gpt-4o' })
      await store.flush()
      const mirror = readJson<{ conversations: { id: string; messages: unknown[] }[] }>(
        join(dataDir, 'conversations.json')
      )
      expect(mirror.conversations.find((x) => x.id === c.id)?.messages).toHaveLength(1)
      const models = readJson<{ profiles: { id: string; api_key?: string; model: string }[] }>(
        join(dataDir, 'models.json')
      )
      expect(models.profiles[0]).toMatchObject({ api_key: 'sk-seed-0123456789abcd', model: 'gpt-4o' })

      const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true })
      try {
        const report = await checkConsistency(dataDir, db, secrets, new StoreStats(dataDir))
        expect(report.ok).toBe(true)
        expect(report.kinds.map((k) => [k.kind, k.sqliteTotal, k.jsonTotal, k.consistent])).toEqual([
          ['conversations', 5, 5, 5],
          ['profiles', 3, 3, 3],
          ['mcp_servers', 1, 1, 1]
        ])
      } finally {
        db.close()
      }
    }
  )

  it.each([
    ['on the main thread', '1000000000'],
    ['by the mirror worker', '0']
  ])(
    'mirrors conversations migrated from conversation folders back to their files (%s)',
    async (_how, minBytes) => {
      mirrorWorkerFrom(minBytes)
      const dataDir = tempDir('pa-hybrid-folders-')
      const single = {
        id: 'f-1',
        title: 'one file',
        messages: [{ id: 'x', role: 'user', content: 'hi' }],
        tag: 1
      }
      const session = [
        { id: 's-1', title: 'in a session', messages: [] },
        { id: 's-2', title: 'too', messages: [] }
      ]
      mkdirSync(join(dataDir, 'conversations'))
      mkdirSync(join(dataDir, 'sessions'))
      writeFileSync(join(dataDir, 'conversations', 'f-1.json'), JSON.stringify(single))
      writeFileSync(join(dataDir, 'sessions', 'abc.json'), JSON.stringify(session))
      const originals = copyOf(dataDir)
      const secrets = new SecretStore(dataDir)
      expect((await migrate(dataDir, { secrets })).status).toBe('migrated')
      const store = await openBackend({ dataDir, backend: 'hybrid', secrets })
      await store.close()
      for (const file of ['conversations/f-1.json', 'sessions/abc.json'])
        expect(canonicalLegacyFile(join(dataDir, file)), file).toBe(
          canonicalLegacyFile(join(originals, file))
        )
      rmSync(dataDir, { recursive: true, force: true })
    }
  )

  it('writes the mirror by itself shortly after changes, and on close', async () => {
    const fixture = await fixtures.open('hybrid', { seed: true, mirrorDebounceMs: 50 })
    const path = join(fixture.dataDir, 'conversations.json')
    await fixture.store.flush()
    const first = fixture.store.conversations.create({ title: 'debounced' })
    await expect.poll(() => readFileSync(path, 'utf8').includes(first.id), { timeout: 5000 }).toBe(true)
    const second = fixture.store.conversations.create({ title: 'on close' })
    await fixture.store.close()
    expect(readFileSync(path, 'utf8')).toContain(second.id)
  })

  it('saves a change in SQLite when the JSON mirror cannot be written, counts the failure, and catches up later', async () => {
    const { store, dataDir } = await fixtures.open('hybrid', { seed: true })
    await store.flush()
    const before = readCounters(dataDir).json.errors
    const obstacle = blockWrites(dataDir, 'conversations.json')
    const c = store.conversations.create({ title: 'saved anyway' })
    await store.flush()
    expect(store.conversations.get(c.id).title).toBe('saved anyway')
    expect(store.counters().json.errors).toBe(before + 1)
    expect(readFileSync(join(dataDir, 'conversations.json'), 'utf8')).not.toContain(c.id)

    rmSync(obstacle, { recursive: true })
    store.conversations.rename(c.id, 'and mirrored')
    await store.flush()
    expect(readFileSync(join(dataDir, 'conversations.json'), 'utf8')).toContain('and mirrored')
  })

  it('answers from the mirror, with the fallback counted, when the SQLite file cannot be read; writes fail', async () => {
    const fixture = await fixtures.open('hybrid', { seed: true })
    const c = fixture.store.conversations.create({ title: 'before the damage' })
    await fixture.store.close()
    const dbPath = join(fixture.dataDir, 'personal-agent.db')
    writeFileSync(dbPath, Buffer.alloc(8192, 0x5a))

    configureLogging(fixture.dataDir)
    const store = await fixture.reopen()
    expect(store.conversations.list().items.map((x) => x.title)).toContain('before the damage')
    expect(store.conversations.get(c.id).title).toBe('before the damage')
    expect((await store.profiles.list()).map((p) => p.id)).toEqual(['p-1', 'p-2'])
    expect(store.counters().sqlite.fallbacks).toBeGreaterThanOrEqual(3)
    const refused = await failure(() => store.conversations.create({ title: 'lost?' }))
    expect(refused.code).toBe('STORE_FAILED')
    expect(refused.message).toContain(dbPath)
    const log = readdirSync(join(fixture.dataDir, 'logs'))
      .map((name) => readFileSync(join(fixture.dataDir, 'logs', name), 'utf8'))
      .join('')
    expect(log).toContain('reading from the JSON mirror')
  })

  it('falls back to the mirror when the SQLite file is damaged while open', async () => {
    const { store, dataDir } = await fixtures.open('hybrid', { seed: true })
    await store.flush()
    const dbPath = join(dataDir, 'personal-agent.db')
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(`${dbPath}${suffix}`, Buffer.alloc(65536, 0x5a))
    expect(store.conversations.list().items.map((x) => x.id)).toEqual(['c-file', 'c-new', 'c-old', 'c-s1'])
    expect(store.counters().sqlite.fallbacks).toBeGreaterThanOrEqual(1)
  })
})

describe('the json backend', () => {
  it('leaves the file and what it shows unchanged when a write fails, and counts the error', async () => {
    const { store, dataDir } = await fixtures.open('json', { seed: true })
    const path = join(dataDir, 'conversations.json')
    const bytes = readFileSync(path)
    blockWrites(dataDir, 'conversations.json')
    const refused = await failure(() => store.conversations.rename('c-old', 'never saved'))
    expect(refused.code).toBe('STORE_FAILED')
    expect(refused.message).toContain(path)
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(store.conversations.get('c-old').title).toBe('Old chat')
    expect(() => store.conversations.create({ title: 'x' })).toThrow(UserError)
    expect(store.conversations.list().items).toHaveLength(4)
    expect(store.counters().json.errors).toBe(2)
  })

  it('never leaves a half-written legacy file when its writer is killed mid-write', async () => {
    const dataDir = tempDir('pa-json-kill-')
    const big = 'x'.repeat(2000)
    const conversations = Array.from({ length: 1500 }, (_, i) => ({
      id: `c${i}`,
      title: `chat ${i}`,
      messages: [{ id: `m${i}`, role: 'user', content: big }]
    }))
    writeFileSync(join(dataDir, 'conversations.json'), JSON.stringify({ conversations }))
    let lastCount = 1
    for (let trial = 0; trial < 12; trial++) {
      const child = spawn(
        join(REPO, 'node_modules', '.bin', 'node'),
        ['--import', 'tsx', join(REPO, 'test', 'children', 'json-writer.ts'), dataDir, 'c0'],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      await new Promise((resolve) => setTimeout(resolve, 20 + ((trial * 37) % 150)))
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      const parsed = readJson<{ conversations: { id: string; messages: unknown[] }[] }>(
        join(dataDir, 'conversations.json')
      )
      expect(parsed.conversations).toHaveLength(1500)
      const count = parsed.conversations[0]!.messages.length
      expect(count).toBeGreaterThanOrEqual(lastCount)
      lastCount = count
    }
    expect(lastCount).toBeGreaterThan(1)
    // The next open removes what the killed writers left half-written beside the file.
    const { openJsonStore } = await import('../src/main/store/json/json-store')
    openJsonStore(dataDir, new StoreStats(dataDir))
    expect(readdirSync(dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    rmSync(dataDir, { recursive: true, force: true })
  }, 120_000)
})

describe('the consistency checker', () => {
  it('finds an injected discrepancy record by record, names the field, never a value, and counts the check', async () => {
    const { store, dataDir, secrets } = await fixtures.open('hybrid', { seed: true })
    await store.flush()
    const path = join(dataDir, 'conversations.json')
    const mirror = readJson<{ conversations: Record<string, unknown>[] }>(path)
    mirror.conversations[0]!.title = 'edited behind our back'
    mirror.conversations.splice(1, 1)
    mirror.conversations.push({ id: 'c-stray', title: 'only here', messages: [] })
    writeFileSync(path, JSON.stringify(mirror))
    const models = readJson<{ profiles: Record<string, unknown>[] }>(join(dataDir, 'models.json'))
    models.profiles[0]!.api_key = 'sk-tampered-0000000000'
    writeFileSync(join(dataDir, 'models.json'), JSON.stringify(models))

    const before = readCounters(dataDir).consistency
    const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true })
    const report = await checkConsistency(dataDir, db, secrets, new StoreStats(dataDir)).finally(() =>
      db.close()
    )
    expect(report.ok).toBe(false)
    const [conversations, profiles, mcp] = report.kinds
    expect(conversations).toMatchObject({
      sqliteTotal: 4,
      jsonTotal: 4,
      consistent: 2,
      inconsistent: [{ id: 'c-old', fields: ['title'] }],
      onlyInSqlite: ['c-new'],
      onlyInJson: ['c-stray']
    })
    expect(profiles).toMatchObject({ consistent: 2, inconsistent: [{ id: 'p-1', fields: ['api_key'] }] })
    expect(mcp).toMatchObject({ consistent: 1, inconsistent: [] })
    const text = JSON.stringify(report)
    for (const secret of [
      'sk-seed-0123456789abcd',
      'sk-tampered',
      LEGACY_SEED['mcp_config.json'].servers[0]!.env.GITHUB_TOKEN
    ])
      expect(text).not.toContain(secret)
    expect(readCounters(dataDir).consistency).toEqual({
      checks: before.checks + 1,
      failures: before.failures + 1
    })
  })
})

describe('the sqlite backend', () => {
  it('merges the search index and checkpoints the WAL between changes, never inside one', async () => {
    const { store, dataDir } = await fixtures.open('sqlite')
    const db = (store as Store & { db: Db }).db
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const automerge = db.prepare("SELECT v FROM messages_fts_config WHERE k = 'automerge'").get() as {
      v: number
    }
    expect(automerge.v).toBe(0)
    const wal = join(dataDir, 'personal-agent.db-wal')
    const burst = (): void => {
      for (let i = 0; i < 150; i++) store.conversations.create({ title: `burst ${i}` })
    }
    burst()
    const afterFirst = statSync(wal).size
    // Once the burst lets the event loop run, the WAL is folded in, and the next burst reuses it from the start.
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_DELAY_MS + 300))
    burst()
    // (Without that checkpoint the second burst would be appended: about twice the size.)
    expect(statSync(wal).size).toBeLessThan(afterFirst * 1.5)

    // 60 appends leave 60 small index segments; once idle, they are merged, and a further merge finds nothing to do.
    const c = store.conversations.create({ title: 'index' })
    for (let i = 0; i < 60; i++)
      store.conversations.appendMessage(c.id, { role: 'user', content: `word${i} text` })
    await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_DELAY_MS + 1500))
    const total = db.prepare('SELECT total_changes() AS n')
    const before = (total.get() as { n: number }).n
    db.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES('merge', 64)")
    expect((total.get() as { n: number }).n - before).toBeLessThan(2)
    expect(store.conversations.list({ query: 'word59' }).items.map((x) => x.id)).toEqual([c.id])
  })
})
