// SqliteProfiles on real SQLite files and a real keychain: exactly one default (legacy files with none or two),
// API keys only in the keychain (never in the database), masking, legacy edits and deletions.
import { describe, expect, it } from 'vitest'
import { storeFixtures, type StoreFixture } from './support/store-fixture'
import { mutations, storeContains, storeLegacySecrets } from './support/store-contents'
import type { Db } from '../src/main/store/sqlite/database'
import { splitRecord, type JsonObject } from '../src/main/base/record-codec'
import { PROFILE_FIELDS } from '../src/main/store/sqlite/record-specs'
import { liftSecrets } from '../src/main/secrets/secret-fields'
import { maskSecret } from '../src/shared/secret-policy'
import { SqliteProfiles } from '../src/main/store/sqlite/sqlite-profiles'
import type { ProfileView } from '../src/shared/types'

const stores = storeFixtures('pa-profiles-')

interface Fixture extends StoreFixture {
  service: SqliteProfiles
}

function fixture(): Fixture {
  const store = stores.fresh()
  return { ...store, service: new SqliteProfiles(store.db, store.secrets) }
}

/** Stores a legacy profile the way the migration does: secrets lifted to the keychain, run_id set. */
async function insertLegacy(f: Fixture, record: JsonObject, position: number): Promise<number> {
  const lifted = liftSecrets(record)
  const { columns, extra } = splitRecord(lifted.stripped as JsonObject, PROFILE_FIELDS)
  const id = Number(
    f.db
      .prepare(
        `INSERT INTO profiles(uid, position, name, provider, model, base_url, is_default, extra, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'legacy')`
      )
      .run(
        columns.uid ?? `legacy-${position}`,
        position,
        columns.name,
        columns.provider,
        columns.model,
        columns.base_url,
        columns.is_default,
        extra
      ).lastInsertRowid
  )
  await storeLegacySecrets(f, { kind: 'profile', id }, 'models.json', position, lifted.secrets)
  return id
}

function metaDefault(db: Db): string | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'default_profile_id'").get() as
    { value: string } | undefined
  return row?.value ?? null
}

function rowOf(db: Db, uid: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM profiles WHERE uid = ?').get(uid) as Record<string, unknown> | undefined
}

function defaults(views: ProfileView[]): string[] {
  return views.filter((v) => v.isDefault).map((v) => v.id)
}

describe('SqliteProfiles views', () => {
  it('lists in position order with columns mapped and the key masked', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'b', name: 'Second', provider: 'openai', model: 'gpt', api_key: 'sk-legacy-0123456789abcd' },
      1
    )
    await insertLegacy(f, { id: 'a', name: 7, base_url: 'http://localhost:11434', keep: { x: 1 } }, 0)
    const views = await f.service.list()
    expect(views).toEqual([
      {
        id: 'a',
        name: '',
        provider: '',
        model: '',
        baseUrl: 'http://localhost:11434',
        isDefault: true,
        maskedApiKey: null
      },
      {
        id: 'b',
        name: 'Second',
        provider: 'openai',
        model: 'gpt',
        baseUrl: null,
        isDefault: false,
        maskedApiKey: 'sk-…abcd'
      }
    ])
    expect(await f.service.get('b')).toEqual(views[1])
    expect(storeContains(f, 'sk-legacy-0123456789abcd')).toBe(false)
  })

  it('reports unknown profiles as NOT_FOUND', async () => {
    const f = fixture()
    const message = 'Profile nope was not found. It may have been deleted; refresh the list.'
    await expect(f.service.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message })
    await expect(f.service.update('nope', { name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message
    })
    await expect(f.service.delete('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message })
    expect(() => f.service.setDefault('nope')).toThrow(message)
    expect(mutations(f.db)).toBe(0)
  })
})

describe('SqliteProfiles default', () => {
  it('has no default without profiles, and makes the first created profile the default', async () => {
    const f = fixture()
    expect(await f.service.getDefault()).toBeNull()
    expect(f.service.defaultId()).toBeNull()
    const first = await f.service.create({ name: 'One', provider: 'openai', model: 'gpt-4o' })
    expect(first.isDefault).toBe(true)
    expect(metaDefault(f.db)).toBe(first.id)
    const second = await f.service.create({ name: 'Two', provider: 'openai', model: 'gpt-4o' })
    expect(second.isDefault).toBe(false)
    expect(defaults(await f.service.list())).toEqual([first.id])
  })

  it('legacy file with no default: the first by position, written to meta on the next write', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'second', name: 'S' }, 1)
    await insertLegacy(f, { id: 'first', name: 'F' }, 0)
    expect(defaults(await f.service.list())).toEqual(['first'])
    expect(metaDefault(f.db)).toBeNull()
    await f.service.update('second', { name: 'S2' })
    expect(metaDefault(f.db)).toBe('first')
    expect(rowOf(f.db, 'first')).toMatchObject({ is_default: null, changed: 0 })
  })

  it('legacy file with two defaults: exactly one, the first marked', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'a', is_default: false }, 0)
    await insertLegacy(f, { id: 'b', is_default: true }, 1)
    await insertLegacy(f, { id: 'c', is_default: true }, 2)
    await insertLegacy(f, { id: 'd' }, 3)
    expect(defaults(await f.service.list())).toEqual(['b'])
    expect((await f.service.getDefault())!.id).toBe('b')
    const created = await f.service.create({ name: 'new', provider: 'p', model: 'm' })
    expect(metaDefault(f.db)).toBe('b')
    expect(rowOf(f.db, created.id)).toMatchObject({ is_default: null, position: 4 })
  })

  it('setDefault moves the default and keeps legacy is_default values in step', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'a', is_default: false }, 0)
    await insertLegacy(f, { id: 'b', is_default: true }, 1)
    await insertLegacy(f, { id: 'c', is_default: 'yes' }, 2)
    await insertLegacy(f, { id: 'd' }, 3)
    f.service.setDefault('d')
    expect(metaDefault(f.db)).toBe('d')
    expect(defaults(await f.service.list())).toEqual(['d'])
    expect(rowOf(f.db, 'a')).toMatchObject({ is_default: 'false', changed: 0 })
    expect(rowOf(f.db, 'b')).toMatchObject({ is_default: 'false', changed: 1 })
    expect(rowOf(f.db, 'c')).toMatchObject({ is_default: 'false', changed: 1 })
    expect(rowOf(f.db, 'd')).toMatchObject({ is_default: 'true', changed: 1 })
    expect(mutations(f.db)).toBe(1)
    f.service.setDefault('a')
    expect(defaults(await f.service.list())).toEqual(['a'])
    expect(rowOf(f.db, 'a')).toMatchObject({ is_default: 'true', changed: 1 })
    expect(rowOf(f.db, 'd')).toMatchObject({ is_default: 'false' })
  })

  it('setDefault on a file without is_default fields adds it only to the chosen profile', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'a' }, 0)
    await insertLegacy(f, { id: 'b' }, 1)
    f.service.setDefault('b')
    expect(rowOf(f.db, 'a')).toMatchObject({ is_default: null, changed: 0 })
    expect(rowOf(f.db, 'b')).toMatchObject({ is_default: 'true', changed: 1 })
  })

  it('deleting the default picks the next one; a dangling meta falls back', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'a', is_default: false }, 0)
    await insertLegacy(f, { id: 'b', is_default: true }, 1)
    await insertLegacy(f, { id: 'c', is_default: false }, 2)
    await f.service.delete('b')
    const views = await f.service.list()
    expect(defaults(views)).toEqual(['a'])
    expect(metaDefault(f.db)).toBe('a')
    expect(rowOf(f.db, 'a')).toMatchObject({ is_default: 'true' })
    expect(rowOf(f.db, 'c')).toMatchObject({ is_default: 'false', changed: 0 })
    f.db.prepare("UPDATE meta SET value = 'gone' WHERE key = 'default_profile_id'").run()
    expect(defaults(await f.service.list())).toEqual(['a'])
    await f.service.delete('a')
    expect(defaults(await f.service.list())).toEqual(['c'])
    await f.service.delete('c')
    expect(await f.service.getDefault()).toBeNull()
    expect(metaDefault(f.db)).toBeNull()
  })
})

describe('SqliteProfiles API keys', () => {
  const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUv0123'

  it('keeps the key in the keychain only, with a ref, and masks it', async () => {
    const f = fixture()
    const created = await f.service.create({ name: 'Mine', provider: 'openai', model: 'gpt', apiKey: KEY })
    expect(created.maskedApiKey).toBe(maskSecret(KEY))
    expect(created.maskedApiKey).toBe('sk-…0123')
    const account = f.secrets.account(`profile/${created.id}/api_key`)
    expect(await f.secrets.get(account)).toBe(KEY)
    const rowid = rowOf(f.db, created.id)!.id
    expect(f.db.prepare('SELECT * FROM secret_refs').all()).toEqual([
      { account, owner_kind: 'profile', owner_id: rowid, json_pointer: '/api_key', run_id: null }
    ])
    expect(rowOf(f.db, created.id)).toMatchObject({ origin: 'app', extra: '{}', changed: 0 })
    expect(storeContains(f, KEY)).toBe(false)
    expect(storeContains(f, maskSecret(KEY))).toBe(false)
  })

  it('leaves the key unchanged when omitted or sent back masked, replaces and removes it', async () => {
    const f = fixture()
    const created = await f.service.create({ name: 'Mine', provider: 'openai', model: 'gpt', apiKey: KEY })
    const account = f.secrets.account(`profile/${created.id}/api_key`)
    const count = mutations(f.db)
    await f.service.update(created.id, { name: 'Mine', apiKey: created.maskedApiKey! })
    await f.service.update(created.id, { name: 'Mine' })
    expect(mutations(f.db)).toBe(count)
    expect(await f.secrets.get(account)).toBe(KEY)

    const replaced = await f.service.update(created.id, { apiKey: 'sk-other-key-99998888' })
    expect(replaced.maskedApiKey).toBe('sk-…8888')
    expect(await f.secrets.get(account)).toBe('sk-other-key-99998888')
    expect(mutations(f.db)).toBe(count + 1)
    expect(storeContains(f, 'sk-other-key-99998888')).toBe(false)

    const removed = await f.service.update(created.id, { apiKey: '' })
    expect(removed.maskedApiKey).toBeNull()
    expect(await f.secrets.get(account)).toBeNull()
    expect(f.db.prepare('SELECT count(*) AS n FROM secret_refs').get()).toEqual({ n: 0 })
    await f.service.update(created.id, { apiKey: '' })
    expect(mutations(f.db)).toBe(count + 2)
  })

  it('replacing a migrated key moves it to the app account and forgets the migrated entry', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'legacy', name: 'L', api_key: 'sk-migrated-key-00001111', other_token: 'tok-abc-123456' },
      0
    )
    const [migrated] = f.db
      .prepare("SELECT account FROM secret_refs WHERE json_pointer = '/api_key'")
      .all() as {
      account: string
    }[]
    expect((await f.service.get('legacy')).maskedApiKey).toBe('sk-…1111')
    await f.service.update('legacy', { apiKey: KEY })
    const account = f.secrets.account('profile/legacy/api_key')
    expect(await f.secrets.get(account)).toBe(KEY)
    expect(await f.secrets.get(migrated!.account)).toBeNull()
    expect(
      f.db.prepare('SELECT account, json_pointer, run_id FROM secret_refs ORDER BY json_pointer').all()
    ).toMatchObject([
      { account, json_pointer: '/api_key', run_id: null },
      { json_pointer: '/other_token', run_id: 'run1' }
    ])
    expect(rowOf(f.db, 'legacy')).toMatchObject({ changed: 1, name: 'L' })
    expect(storeContains(f, KEY)).toBe(false)
  })

  it('deleting a profile removes every keychain entry it owns and records legacy deletions', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'legacy', api_key: 'sk-migrated-key-00001111', other_token: 'tok-abc-123456' },
      0
    )
    const created = await f.service.create({ name: 'Mine', provider: 'openai', model: 'gpt', apiKey: KEY })
    const accounts = (f.db.prepare('SELECT account FROM secret_refs').all() as { account: string }[]).map(
      (r) => r.account
    )
    expect(accounts).toHaveLength(3)
    await f.service.delete('legacy')
    await f.service.delete(created.id)
    for (const account of accounts) expect(await f.secrets.get(account)).toBeNull()
    expect(f.db.prepare('SELECT count(*) AS n FROM secret_refs').get()).toEqual({ n: 0 })
    expect(f.db.prepare('SELECT kind, uid FROM deletions').all()).toEqual([
      { kind: 'profile', uid: 'legacy' }
    ])
    expect(await f.secrets.listAccounts()).toEqual([])
  })
})

describe('SqliteProfiles edits', () => {
  it('updates only touched columns of a legacy profile and marks it changed', async () => {
    const f = fixture()
    await insertLegacy(
      f,
      { id: 'p', name: ['odd'], provider: 'openai', model: 'gpt', base_url: null, custom: 1 },
      0
    )
    expect(JSON.parse(rowOf(f.db, 'p')!.extra as string)).toEqual({
      name: ['odd'],
      base_url: null,
      custom: 1
    })
    // The form sent back as shown changes nothing.
    const shown = await f.service.get('p')
    await f.service.update('p', {
      name: shown.name,
      provider: shown.provider,
      model: shown.model,
      baseUrl: shown.baseUrl
    })
    expect(rowOf(f.db, 'p')).toMatchObject({ changed: 0 })
    expect(mutations(f.db)).toBe(0)

    const updated = await f.service.update('p', { name: 'Proper name', model: 'gpt-4.1' })
    expect(updated).toMatchObject({
      name: 'Proper name',
      provider: 'openai',
      model: 'gpt-4.1',
      baseUrl: null
    })
    expect(rowOf(f.db, 'p')).toMatchObject({
      name: 'Proper name',
      provider: 'openai',
      model: 'gpt-4.1',
      base_url: null,
      changed: 1,
      extra: '{"base_url":null,"custom":1}'
    })
    expect(mutations(f.db)).toBe(1)
    await f.service.update('p', { baseUrl: 'https://example.test/v1' })
    expect(rowOf(f.db, 'p')).toMatchObject({ base_url: 'https://example.test/v1', extra: '{"custom":1}' })
    expect(mutations(f.db)).toBe(2)
  })

  it('creates profiles after legacy and quarantined records', async () => {
    const f = fixture()
    await insertLegacy(f, { id: 'p' }, 0)
    f.db
      .prepare(
        "INSERT INTO quarantine(file, json_path, reason, raw, position) VALUES ('models.json', '$[5]', 'x', '5', 5)"
      )
      .run()
    const created = await f.service.create({ name: 'n', provider: 'p', model: 'm', baseUrl: 'http://x' })
    expect(rowOf(f.db, created.id)).toMatchObject({ position: 6, origin: 'app', base_url: 'http://x' })
    expect(mutations(f.db)).toBe(1)
  })

  it('rejects malformed input without writing', async () => {
    const f = fixture()
    await expect(f.service.create({ name: 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(
      f.service.create({ name: 'x', provider: 'p', model: 'm', apiKey: 5 as unknown as string })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    expect(f.db.prepare('SELECT count(*) AS n FROM profiles').get()).toEqual({ n: 0 })
    expect(await f.secrets.listAccounts()).toEqual([])
  })
})

describe('a base URL edited around its masked credentials', () => {
  const WRITTEN = 'https://me:url-pass-0123456789abcdef@llm.example/v1?key=url-key-0123456789abcdef&x=1'

  async function withUrl(f: Fixture): Promise<ProfileView> {
    return f.service.create({ name: 'Proxy', provider: 'openai', model: 'gpt', baseUrl: WRITTEN })
  }

  async function stored(f: Fixture, uid: string): Promise<string | null> {
    return f.service.requestBaseUrl(uid)
  }

  it('keeps the stored credentials when the form comes back unchanged or with only the path changed', async () => {
    const f = fixture()
    const view = await withUrl(f)
    expect(view.baseUrl).toBe('https://***@llm.example/v1?key=***&x=1')
    expect(await f.service.update(view.id, { baseUrl: view.baseUrl })).toEqual(view)
    expect(await stored(f, view.id)).toBe(WRITTEN)
    const moved = await f.service.update(view.id, { baseUrl: 'https://***@llm.example/v2?key=***&x=1' })
    expect(moved.baseUrl).toBe('https://***@llm.example/v2?key=***&x=1')
    expect(await stored(f, view.id)).toBe(WRITTEN.replace('/v1', '/v2'))
    expect(storeContains(f, 'url-pass-0123456789abcdef')).toBe(false)
  })

  it('takes a credential typed anew and drops one removed, with its keychain entry once none is left', async () => {
    const f = fixture()
    const view = await withUrl(f)
    await f.service.update(view.id, {
      baseUrl: 'https://me:new-pass-0123456789abcdef@llm.example/v1?key=***&x=1'
    })
    expect(await stored(f, view.id)).toBe(
      'https://me:new-pass-0123456789abcdef@llm.example/v1?key=url-key-0123456789abcdef&x=1'
    )
    await f.service.update(view.id, { baseUrl: 'https://llm.example/v1?key=***&x=1' })
    expect(await stored(f, view.id)).toBe('https://llm.example/v1?key=url-key-0123456789abcdef&x=1')
    const plain = await f.service.update(view.id, { baseUrl: 'https://llm.example/v1?x=1' })
    expect(plain.baseUrl).toBe('https://llm.example/v1?x=1')
    expect(await stored(f, view.id)).toBeNull()
    const accounts = await f.secrets.listAccounts()
    expect(accounts.some((a) => a.endsWith('/base_url'))).toBe(false)
  })
})
