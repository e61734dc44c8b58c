// SqliteConversations on real SQLite files: keyset paging, title and message search, edits of legacy records
// (changed flag, deletions, mutation counter, positions after quarantined records) and a 100k-message store.
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../src/main/store/sqlite/database'
import { storeFixtures } from './support/store-fixture'
import { splitRecord, type JsonObject, type JsonValue } from '../src/main/base/record-codec'
import { CONVERSATION_FIELDS, MESSAGE_FIELDS } from '../src/main/store/sqlite/record-specs'
import { vectorWriter } from '../src/main/search/chunk-vectors'
import { SecretStore } from '../src/main/secrets/secret-store'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { UserError } from '../src/shared/errors'

const stores = storeFixtures('pa-conversations-')

function freshDb(): { db: Db; dir: string } {
  return stores.fresh()
}

function timestampMs(value: JsonValue | undefined): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? null : ms
  }
  return null
}

/** Stores a legacy conversation record the way the migration does (columns + extra, messages as rows). */
function insertLegacy(db: Db, record: JsonObject, position: number): number {
  const { messages, ...rest } = record
  const { columns, extra } = splitRecord(rest, CONVERSATION_FIELDS)
  const createdMs = timestampMs(record.created_at)
  const updatedMs = timestampMs(record.updated_at)
  const shape = messages === undefined ? 'absent' : Array.isArray(messages) ? 'array' : 'extra'
  const extraWithMessages =
    shape === 'extra' ? JSON.stringify({ ...(JSON.parse(extra) as JsonObject), messages: messages! }) : extra
  const id = Number(
    db
      .prepare(
        `INSERT INTO conversations(uid, position, title, profile_id, created_at, updated_at, created_ms, updated_ms,
           sort_ms, messages_shape, message_count, extra, origin)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'legacy')`
      )
      .run(
        columns.uid ?? `legacy-${position}`,
        position,
        columns.title,
        columns.profile_id,
        columns.created_at,
        columns.updated_at,
        createdMs,
        updatedMs,
        updatedMs ?? createdMs ?? 0,
        shape,
        Array.isArray(messages) ? messages.length : 0,
        extraWithMessages
      ).lastInsertRowid
  )
  if (Array.isArray(messages)) {
    messages.forEach((message, i) => {
      if (typeof message !== 'object' || message === null || Array.isArray(message)) {
        db.prepare(
          `INSERT INTO quarantine(file, json_path, reason, raw, conversation_id, position)
           VALUES ('conversations.json', ?, 'not an object', ?, ?, ?)`
        ).run(`$.conversations[${position}].messages[${i}]`, JSON.stringify(message), id, i)
        return
      }
      const split = splitRecord(message, MESSAGE_FIELDS)
      db.prepare(
        `INSERT INTO messages(conversation_id, position, uid, role, content, created_at, created_ms, extra)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        id,
        i,
        split.columns.uid,
        split.columns.role,
        split.columns.content,
        split.columns.created_at,
        timestampMs(message.created_at),
        split.extra
      )
    })
  }
  return id
}

function mutations(db: Db): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'mutations'").get() as
    { value: string } | undefined
  return row ? Number(row.value) : 0
}

function rowOf(db: Db, uid: string): Record<string, unknown> {
  return db.prepare('SELECT * FROM conversations WHERE uid = ?').get(uid) as Record<string, unknown>
}

function expectUserError(fn: () => unknown, code: string, message?: string): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(UserError)
  expect((caught as UserError).code).toBe(code)
  if (message !== undefined) expect((caught as UserError).message).toBe(message)
}

describe('SqliteConversations.list', () => {
  let db: Db
  let service: SqliteConversations
  beforeEach(() => {
    db = freshDb().db
    service = new SqliteConversations(db)
  })

  it('pages newest first by (sort_ms, id) with no duplicates or gaps, ties included', () => {
    // 40 conversations over only 7 distinct timestamps, so most pages cut through ties.
    for (let i = 0; i < 40; i++) {
      insertLegacy(db, { id: `c${i}`, title: `Chat ${i}`, updated_at: 1_700_000_000_000 + (i % 7) * 1000 }, i)
    }
    const expected = (
      db.prepare('SELECT uid FROM conversations ORDER BY sort_ms DESC, id DESC').all() as { uid: string }[]
    ).map((r) => r.uid)
    for (const limit of [1, 3, 7, 39, 40, 41]) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page = service.list({ cursor, limit })
        expect(page.items.length).toBeLessThanOrEqual(limit)
        seen.push(...page.items.map((c) => c.id))
        cursor = page.nextCursor
        pages++
      } while (cursor !== null)
      expect(seen).toEqual(expected)
      expect(pages).toBe(Math.max(1, Math.ceil(40 / limit)))
    }
  })

  it('keeps its place when a conversation is created between pages', () => {
    for (let i = 0; i < 10; i++) insertLegacy(db, { id: `c${i}`, updated_at: 1_000 + i }, i)
    const first = service.list({ limit: 4 })
    expect(first.items.map((c) => c.id)).toEqual(['c9', 'c8', 'c7', 'c6'])
    const created = service.create({ title: 'new', profileId: null })
    const second = service.list({ cursor: first.nextCursor, limit: 4 })
    expect(second.items.map((c) => c.id)).toEqual(['c5', 'c4', 'c3', 'c2'])
    expect(service.list({ limit: 1 }).items[0]!.id).toBe(created.id)
  })

  it('clamps the page size and rejects cursors that are not its own', () => {
    for (let i = 0; i < 3; i++) insertLegacy(db, { id: `c${i}` }, i)
    expect(service.list().items).toHaveLength(3)
    expect(service.list({ limit: 0 }).items).toHaveLength(1)
    expect(service.list({ limit: 100_000 }).items).toHaveLength(3)
    expectUserError(() => service.list({ cursor: 'not a cursor' }), 'INVALID_INPUT')
    const id = insertLegacy(db, { id: 'with-messages', messages: [{ content: 'a' }, { content: 'b' }] }, 3)
    expect(id).toBeGreaterThan(0)
    const messageCursor = service.messages('with-messages', { limit: 1 }).nextCursor!
    expectUserError(() => service.list({ cursor: messageCursor }), 'INVALID_INPUT')
  })

  it('maps legacy records to summaries: title, ISO timestamps, message count', () => {
    insertLegacy(
      db,
      {
        id: 'a',
        title: 'Plain',
        profile_id: 'p1',
        created_at: '2023-01-02T03:04:05.000Z',
        updated_at: 1_700_000_000_000,
        messages: [{ role: 'user', content: 'hi' }]
      },
      0
    )
    insertLegacy(db, { id: 'b', title: 42, created_at: { weird: true }, updated_at: null }, 1)
    insertLegacy(db, { id: 'c', created_at: 'yesterday', updated_at: 1e20 }, 2)
    expect(service.get('a')).toEqual({
      id: 'a',
      title: 'Plain',
      profileId: 'p1',
      createdAt: '2023-01-02T03:04:05.000Z',
      updatedAt: new Date(1_700_000_000_000).toISOString(),
      messageCount: 1,
      agentId: null,
      agentName: null
    })
    expect(service.get('b')).toEqual({
      id: 'b',
      title: '',
      profileId: null,
      createdAt: null,
      updatedAt: null,
      messageCount: 0,
      agentId: null,
      agentName: null
    })
    expect(service.get('c')).toMatchObject({ title: '', createdAt: 'yesterday', updatedAt: null })
  })
})

describe('SqliteConversations search', () => {
  let db: Db
  let service: SqliteConversations
  beforeEach(() => {
    db = freshDb().db
    service = new SqliteConversations(db)
    insertLegacy(db, { id: 'pct', title: 'Save 50% now', updated_at: 10 }, 0)
    insertLegacy(db, { id: 'five-hundred', title: 'Save 500 now', updated_at: 9 }, 1)
    insertLegacy(db, { id: 'under', title: 'snake_case names', updated_at: 8 }, 2)
    insertLegacy(db, { id: 'plain', title: 'snakeXcase names', updated_at: 7 }, 3)
    insertLegacy(
      db,
      {
        id: 'body',
        title: 'Untitled',
        updated_at: 6,
        messages: [
          { role: 'user', content: 'How do I configure the Flux capacitor?' },
          { role: 'assistant', content: 'Café crème and "quotes" AND OR NEAR( * stuff' }
        ]
      },
      4
    )
    insertLegacy(
      db,
      { id: 'other', title: 'Other', updated_at: 5, messages: [{ role: 'user', content: 'nothing' }] },
      5
    )
  })

  const ids = (query: string): string[] => service.list({ query }).items.map((c) => c.id)

  it('matches titles with % and _ taken literally', () => {
    expect(ids('50%')).toEqual(['pct'])
    expect(ids('%')).toEqual(['pct'])
    expect(ids('snake_case')).toEqual(['under'])
    expect(ids('_')).toEqual(['under'])
    expect(ids('SAVE')).toEqual(['pct', 'five-hundred'])
  })

  it('matches message text as a phrase, case and accent insensitive, with the last word as a prefix', () => {
    expect(ids('flux capacitor')).toEqual(['body'])
    expect(ids('FLUX CAPAC')).toEqual(['body'])
    expect(ids('capacitor flux')).toEqual([])
    expect(ids('cafe creme')).toEqual(['body'])
    expect(ids('nothing')).toEqual(['other'])
  })

  it('never lets the query break the FTS syntax', () => {
    for (const query of [
      '"',
      '""',
      'AND',
      'OR NEAR(',
      '*',
      '"quotes"',
      'a"b',
      "'; DROP TABLE x; --",
      '(',
      '\\',
      'a\u0000',
      '\u0000b'
    ]) {
      expect(() => service.list({ query })).not.toThrow()
    }
    expect(ids('"quotes" AND')).toEqual(['body'])
    expect(ids('   ')).toHaveLength(6)
  })

  it('pages through search results', () => {
    for (let i = 0; i < 25; i++) {
      insertLegacy(
        db,
        { id: `m${i}`, updated_at: 100 + i, messages: [{ role: 'user', content: `needle ${i}` }] },
        10 + i
      )
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = service.list({ query: 'needle', limit: 10, cursor })
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `m${24 - i}`))
  })

  it('finds appended messages and forgets deleted conversations', async () => {
    service.appendMessage('other', { role: 'user', content: 'a brand new zebra' })
    expect(ids('zebra')).toEqual(['other'])
    await service.delete('other')
    expect(ids('zebra')).toEqual([])
    expect(
      db.prepare("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'nothing'").get()
    ).toEqual({
      n: 0
    })
  })
})

describe('SqliteConversations.messages', () => {
  it('returns messages in position order, with text for every legacy content shape', () => {
    const { db } = freshDb()
    const service = new SqliteConversations(db)
    const id = insertLegacy(
      db,
      {
        id: 'conv',
        messages: [
          { id: 'm0', role: 'user', content: 'plain', created_at: '2024-05-01T00:00:00Z' },
          {
            role: 'assistant',
            content: [{ type: 'text', text: 'part one' }, 'part two', { type: 'image' }],
            created_at: 5
          },
          'not a message',
          { role: 'assistant', content: null },
          { role: 7 },
          { id: 'm5', role: 'user', content: 'bad \ud800 surrogate' }
        ]
      },
      0
    )
    const page = service.messages('conv')
    expect(page.nextCursor).toBeNull()
    const rowids = (
      db.prepare('SELECT id FROM messages WHERE conversation_id = ? ORDER BY position').all(id) as {
        id: number
      }[]
    ).map((r) => r.id)
    expect(page.items).toEqual([
      { id: 'm0', role: 'user', text: 'plain', createdAt: '2024-05-01T00:00:00Z' },
      {
        id: `#${rowids[1]}`,
        role: 'assistant',
        text: 'part one\npart two',
        createdAt: new Date(5).toISOString()
      },
      { id: `#${rowids[2]}`, role: 'assistant', text: '', createdAt: null },
      { id: `#${rowids[3]}`, role: '', text: '', createdAt: null },
      { id: 'm5', role: 'user', text: 'bad \ufffd surrogate', createdAt: null }
    ])
  })

  it('pages by position with no duplicates or gaps', () => {
    const { db } = freshDb()
    const service = new SqliteConversations(db)
    const messages = Array.from({ length: 23 }, (_, i): JsonValue =>
      i % 5 === 4 ? 0 : { id: `m${i}`, content: `${i}` }
    )
    insertLegacy(db, { id: 'conv', messages }, 0)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = service.messages('conv', { cursor, limit: 4 })
      seen.push(...page.items.map((m) => m.text))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(messages.flatMap((m, i) => (typeof m === 'object' ? [`${i}`] : [])))
  })
})

describe('SqliteConversations writes', () => {
  let db: Db
  let service: SqliteConversations
  beforeEach(() => {
    db = freshDb().db
    service = new SqliteConversations(db)
  })

  it('creates app conversations after legacy and quarantined records, with ISO timestamps', () => {
    insertLegacy(db, { id: 'legacy', title: 'Old' }, 0)
    db.prepare(
      `INSERT INTO quarantine(file, json_path, reason, raw, position) VALUES ('conversations.json', '$.conversations[7]', 'x', '7', 7)`
    ).run()
    db.prepare(
      `INSERT INTO quarantine(file, json_path, reason, raw, position) VALUES ('models.json', '$.models[30]', 'x', '30', 30)`
    ).run()
    const before = Date.now()
    const created = service.create({ title: 'Hello', profileId: 'p1' })
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(created).toMatchObject({ title: 'Hello', profileId: 'p1', messageCount: 0 })
    const row = rowOf(db, created.id)
    expect(row).toMatchObject({
      origin: 'app',
      position: 8,
      changed: 0,
      extra: '{}',
      messages_shape: 'array'
    })
    expect(JSON.parse(row.created_at as string)).toBe(created.createdAt)
    expect(JSON.parse(row.updated_at as string)).toBe(created.updatedAt)
    expect(row.sort_ms).toBeGreaterThanOrEqual(before)
    expect(row.created_ms).toBe(Date.parse(created.createdAt!))
    expect(mutations(db)).toBe(1)
    expect(rowOf(db, service.create({ title: 'Next' }).id).position).toBe(9)
    expect(mutations(db)).toBe(2)
  })

  it('renames a legacy conversation: title column, legacy title removed from extra, changed flag', () => {
    insertLegacy(db, { id: 'a', title: { rich: 'text' }, keep: [1, 2], updated_at: 5 }, 0)
    expect(JSON.parse(rowOf(db, 'a').extra as string)).toEqual({ title: { rich: 'text' }, keep: [1, 2] })
    const renamed = service.rename('a', 'New name')
    expect(renamed.title).toBe('New name')
    expect(rowOf(db, 'a')).toMatchObject({
      title: 'New name',
      changed: 1,
      extra: '{"keep":[1,2]}',
      updated_at: '5'
    })
    expect(mutations(db)).toBe(1)
    service.rename('a', 'New name')
    expect(mutations(db)).toBe(1)
    insertLegacy(db, { id: 'b', title: 'Same' }, 1)
    service.rename('b', 'Other')
    expect(rowOf(db, 'b')).toMatchObject({ title: 'Other', changed: 1, extra: '{}' })
    expect(mutations(db)).toBe(2)
  })

  it('appends after messages and quarantined messages and makes the conversation the most recent', () => {
    insertLegacy(db, { id: 'recent', updated_at: Date.now() - 60_000 }, 0)
    insertLegacy(db, { id: 'a', created_at: 1000, messages: [{ role: 'user', content: 'one' }, 'broken'] }, 1)
    expect(service.list({ limit: 1 }).items[0]!.id).toBe('recent')
    const before = Date.now()
    const message = service.appendMessage('a', { role: 'assistant', content: 'two' })
    expect(message).toMatchObject({ role: 'assistant', text: 'two' })
    const stored = db.prepare('SELECT * FROM messages WHERE uid = ?').get(message.id) as Record<
      string,
      unknown
    >
    expect(stored).toMatchObject({ position: 2, role: 'assistant', content: 'two', extra: '{}' })
    expect(JSON.parse(stored.created_at as string)).toBe(message.createdAt)
    const row = rowOf(db, 'a')
    expect(row).toMatchObject({ message_count: 3, changed: 1, created_at: '1000' })
    expect(JSON.parse(row.updated_at as string)).toBe(message.createdAt)
    expect(row.updated_ms).toBeGreaterThanOrEqual(before)
    expect(row.sort_ms).toBe(row.updated_ms)
    expect(service.get('a').updatedAt).toBe(message.createdAt)
    expect(mutations(db)).toBe(1)
    expect(service.list({ limit: 1 }).items[0]!.id).toBe('a')
    expect(service.messages('a').items.map((m) => m.text)).toEqual(['one', 'two'])
  })

  it('turns an absent message list into a list, and refuses to append to messages kept verbatim', () => {
    insertLegacy(db, { id: 'absent' }, 0)
    insertLegacy(db, { id: 'odd', messages: { not: 'a list' } }, 1)
    service.appendMessage('absent', { role: 'user', content: 'first' })
    expect(rowOf(db, 'absent')).toMatchObject({ messages_shape: 'array', message_count: 1 })
    expect(db.prepare("SELECT position FROM messages WHERE content = 'first'").get()).toEqual({ position: 0 })
    expectUserError(() => service.appendMessage('odd', { role: 'user', content: 'x' }), 'INVALID_INPUT')
    expect(rowOf(db, 'odd')).toMatchObject({ changed: 0, message_count: 0 })
    expect(mutations(db)).toBe(1)
  })

  it('deletes with cascade and records only legacy deletions', async () => {
    const id = insertLegacy(db, { id: 'legacy', messages: [{ content: 'x' }, 'q'] }, 0)
    // Each message has an embedded chunk: the cascade from the conversation must take the vectors too.
    db.prepare(
      "INSERT INTO embedding_chunks(owner_kind, owner_id, chunk_index, start, end, embedder) SELECT 'message', id, 0, 0, 1, 'offline' FROM messages"
    ).run()
    const vector = new Float32Array(1024).fill(0.05)
    const writeVector = vectorWriter(db)
    for (const { id: chunk } of db.prepare('SELECT id FROM embedding_chunks').all() as { id: number }[])
      writeVector(chunk, 'offline', vector)
    expect(db.prepare('SELECT count(*) AS n FROM chunk_vectors').get()).toEqual({ n: 1 })
    const app = service.create({ title: 'mine' })
    service.appendMessage(app.id, { role: 'user', content: 'hello' })
    await service.delete('legacy')
    expect(rowOf(db, 'legacy')).toBeUndefined()
    expect(db.prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ?').get(id)).toEqual({
      n: 0
    })
    expect(db.prepare('SELECT count(*) AS n FROM quarantine').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM embedding_chunks').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM chunk_vectors').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM chunk_codes').get()).toEqual({ n: 0 })
    const deletion = db.prepare('SELECT * FROM deletions').get() as {
      kind: string
      uid: string
      deleted_at: string
    }
    expect(deletion).toMatchObject({ kind: 'conversation', uid: 'legacy' })
    expect(new Date(deletion.deleted_at).toISOString()).toBe(deletion.deleted_at)
    await service.delete(app.id)
    expect(db.prepare('SELECT count(*) AS n FROM deletions').get()).toEqual({ n: 1 })
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 })
    expect(mutations(db)).toBe(4)
  })

  it('removes keychain entries of quarantined records of a deleted conversation', async () => {
    const { db: db2, dir } = freshDb()
    const secrets = new SecretStore(join(dir, 'data'))
    stores.track(secrets)
    const withSecrets = new SqliteConversations(db2, secrets)
    const id = insertLegacy(db2, { id: 'c', messages: ['quarantined'] }, 0)
    const quarantineId = (
      db2.prepare('SELECT id FROM quarantine WHERE conversation_id = ?').get(id) as { id: number }
    ).id
    const account = secrets.account(`quarantine/${quarantineId}/api_key`)
    await secrets.set(account, 'sk-quarantined-secret-0000')
    db2
      .prepare(
        "INSERT INTO secret_refs(account, owner_kind, owner_id, json_pointer, run_id) VALUES (?, 'quarantine', ?, '/api_key', 'run1')"
      )
      .run(account, quarantineId)
    await withSecrets.delete('c')
    expect(await secrets.get(account)).toBeNull()
    expect(db2.prepare('SELECT count(*) AS n FROM secret_refs').get()).toEqual({ n: 0 })
  })

  it('reports an unknown conversation as NOT_FOUND with what to do', async () => {
    const message = 'Conversation nope was not found. It may have been deleted; refresh the list.'
    expectUserError(() => service.get('nope'), 'NOT_FOUND', message)
    expectUserError(() => service.messages('nope'), 'NOT_FOUND', message)
    expectUserError(() => service.rename('nope', 'x'), 'NOT_FOUND', message)
    expectUserError(() => service.appendMessage('nope', { role: 'user', content: 'x' }), 'NOT_FOUND', message)
    await expect(service.delete('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message })
    expect(mutations(db)).toBe(0)
  })

  it('rejects malformed input', () => {
    expectUserError(() => service.create({ title: 5 as unknown as string }), 'INVALID_INPUT')
    const created = service.create({ title: 't' })
    expectUserError(
      () => service.appendMessage(created.id, { role: 'user', content: null as unknown as string }),
      'INVALID_INPUT'
    )
    expect(mutations(db)).toBe(1)
  })
})

describe('SqliteConversations with 100k messages', () => {
  it('pages, reads messages and searches without loading everything', () => {
    const { db } = freshDb()
    const service = new SqliteConversations(db)
    const base = 1_700_000_000_000
    const insertConversation = db.prepare(
      `INSERT INTO conversations(uid, position, title, created_at, updated_at, created_ms, updated_ms, sort_ms, message_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 100)`
    )
    const insertMessage = db.prepare(
      'INSERT INTO messages(conversation_id, position, uid, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    )
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel']
    db.transaction(() => {
      for (let c = 0; c < 1000; c++) {
        // Conversations share timestamps in threes, so pages cut through ties.
        const ms = base + Math.floor(c / 3) * 60_000
        const at = JSON.stringify(new Date(ms).toISOString())
        const id = Number(
          insertConversation.run(`conv-${c}`, c, `Conversation ${c}`, at, at, ms, ms, ms).lastInsertRowid
        )
        for (let m = 0; m < 100; m++) {
          const content = `${words[(c + m) % words.length]} message ${m} of conversation ${c}${c === 617 && m === 42 ? ' xylophone' : ''}`
          insertMessage.run(id, m, `msg-${c}-${m}`, m % 2 === 0 ? 'user' : 'assistant', content, at)
        }
      }
    })()
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 100_000 })

    const expected = (
      db.prepare('SELECT uid FROM conversations ORDER BY sort_ms DESC, id DESC').all() as { uid: string }[]
    ).map((r) => r.uid)
    const first = service.list()
    expect(first.items).toHaveLength(50)
    expect(first.items.map((c) => c.id)).toEqual(expected.slice(0, 50))
    expect(first.items[0]!.messageCount).toBe(100)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = service.list({ cursor, limit: 500 })
      expect(page.items.length).toBeLessThanOrEqual(500)
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(expected)

    const texts: string[] = []
    let messageCursor: string | null = null
    let pages = 0
    do {
      const page = service.messages('conv-617', { cursor: messageCursor, limit: 30 })
      expect(page.items.length).toBeLessThanOrEqual(30)
      texts.push(...page.items.map((m) => m.text))
      messageCursor = page.nextCursor
      pages++
    } while (messageCursor)
    expect(pages).toBe(4)
    expect(texts).toHaveLength(100)
    expect(texts[42]).toBe('delta message 42 of conversation 617 xylophone')
    expect(texts.every((t, m) => t.startsWith(`${words[(617 + m) % words.length]} message ${m} `))).toBe(true)

    expect(service.list({ query: 'xylophone' }).items.map((c) => c.id)).toEqual(['conv-617'])
    expect(service.list({ query: 'Conversation 99' }).items.map((c) => c.id)).toEqual(
      expected.filter((uid) => /^conv-99\d?$/.test(uid))
    )
    const common = service.list({ query: 'alpha', limit: 500 })
    expect(common.items).toHaveLength(500)
    expect(common.items.map((c) => c.id)).toEqual(expected.slice(0, 500))
    const rest = service.list({ query: 'alpha', limit: 500, cursor: common.nextCursor })
    expect(rest.items.map((c) => c.id)).toEqual(expected.slice(500))
    expect(rest.nextCursor).toBeNull()
  })
})
