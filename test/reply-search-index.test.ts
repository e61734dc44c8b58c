// Schema v10: a chat reply enters the full-text index once, when it stops streaming (complete, stopped, failed or
// interrupted), never while its growing text is written; the index stays consistent with the messages through the
// whole life of a reply and through the schema step up and down; a reply is found by its id without a scan.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../src/main/store/sqlite/database'
import { SCHEMA_MIGRATIONS } from '../src/main/store/sqlite/schema'
import { downgradeSchema, upgradeSchema } from '../src/main/store/sqlite/schema/schema-runner'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import type { ReplyEnd } from '../src/main/store/store'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-reply-index-')
const APP = { appVersion: '9.9.9-test' }
const REPLY = { model: 'm', profileId: 'p' }
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
const USAGE = {
  inputTokens: 1,
  outputTokens: 1,
  estimated: true,
  cachedInputTokens: null,
  cacheWriteTokens: null
}

/** The uids of the messages the full-text index finds for `word`. */
function found(db: Db, word: string): string[] {
  return (
    db
      .prepare(
        'SELECT m.uid FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? ORDER BY m.id'
      )
      .all(word) as { uid: string }[]
  ).map((r) => r.uid)
}

/** FTS5's check of the index against the messages it indexes (throws when they differ). */
function indexMatchesMessages(db: Db): void {
  db.exec(`INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)`)
}

/** A process id no process has any more. */
function exitedPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      .stdout
  )
}

function store(): { db: Db; chats: SqliteConversations; conversation: string } {
  const f = fixtures.fresh()
  const chats = new SqliteConversations(f.db, f.secrets)
  const conversation = chats.create({ title: 'Trains' }).id
  chats.appendMessage(conversation, { role: 'user', content: 'Name a night train.' })
  return { db: f.db, chats, conversation }
}

describe('a streaming reply in the full-text index', () => {
  it.each<ReplyEnd['status']>(['complete', 'stopped', 'error'])(
    'is not indexed while it streams, and is once it ends %s',
    (status) => {
      const { db, chats, conversation } = store()
      const reply = chats.startReply(conversation, REPLY)
      chats.saveReplyText(reply.id, 'The nightjet')
      chats.saveReplyText(reply.id, 'The nightjet to Vienna')
      expect(found(db, 'nightjet')).toEqual([])
      expect(found(db, 'night')).toHaveLength(1) // the user's message, indexed as it was stored
      chats.finishReply(reply.id, {
        status,
        text: 'The nightjet to Vienna leaves at ten.',
        usage: USAGE,
        ...(status === 'error' ? { error: 'failed' } : {})
      })
      expect(found(db, 'nightjet')).toEqual([reply.id])
      expect(found(db, 'ten')).toEqual([reply.id])
      indexMatchesMessages(db)
    }
  )

  it('indexes a reply whose writer died mid-stream once it is marked interrupted', () => {
    const { db, chats, conversation } = store()
    const reply = chats.startReply(conversation, REPLY)
    chats.saveReplyText(reply.id, 'half a sleeper reply')
    db.prepare('UPDATE messages SET writer_pid = ? WHERE uid = ?').run(exitedPid(), reply.id)
    expect(found(db, 'sleeper')).toEqual([])
    expect(chats.markInterruptedReplies()).toBe(1)
    expect(chats.transcript(conversation).at(-1)).toMatchObject({ id: reply.id, status: 'interrupted' })
    expect(found(db, 'sleeper')).toEqual([reply.id])
    indexMatchesMessages(db)
  })

  it('keeps the index consistent when a conversation goes while its reply streams, and after edits of ended ones', async () => {
    const { db, chats, conversation } = store()
    const ended = chats.startReply(conversation, REPLY)
    chats.finishReply(ended.id, { status: 'complete', text: 'alpha', usage: USAGE })
    db.prepare("UPDATE messages SET content = 'bravo' WHERE uid = ?").run(ended.id)
    expect(found(db, 'alpha')).toEqual([])
    expect(found(db, 'bravo')).toEqual([ended.id])
    const streaming = chats.startReply(conversation, REPLY)
    chats.saveReplyText(streaming.id, 'charlie delta')
    await chats.delete(conversation)
    expect(found(db, 'bravo')).toEqual([])
    indexMatchesMessages(db)
  })

  it('finds a reply by its id through the index of replies, not a scan of every message', () => {
    const { db } = store()
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[])
        .map((r) => r.detail)
        .join('; ')
    expect(plan('SELECT id FROM messages WHERE uid = ? AND reply_status IS NOT NULL')).toContain(
      'messages_reply_by_uid'
    )
    expect(
      plan("UPDATE messages SET heartbeat_ms = 1 WHERE uid = ? AND reply_status = 'streaming'")
    ).toContain('messages_reply_by_uid')
  })
})

describe('schema v10 up and down', () => {
  // The database is written with plain SQL as each version has it: the repositories of this app speak the latest
  // version, whose columns a version-9 database does not have yet.
  it('takes replies that stream out of the index going up, puts them back going down', async () => {
    const dir = tempDir('pa-reply-index-schema-')
    dirs.push(dir)
    const file = join(dir, 'personal-agent.db')
    await upgradeSchema(file, SCHEMA_MIGRATIONS, { ...APP, target: 9 })
    const at = (fn: (db: Db) => void): void => {
      const db = openDatabase(file)
      try {
        fn(db)
      } finally {
        db.close()
      }
    }
    const streaming = 'reply-1'
    const write = (db: Db, text: string): void => {
      db.prepare(`UPDATE messages SET content = ? WHERE uid = ? AND reply_status = 'streaming'`).run(
        text,
        streaming
      )
    }
    at((db) => {
      db.prepare(
        `INSERT INTO conversations (uid, position, title, origin) VALUES ('c-1', 0, 'Trains', 'app')`
      ).run()
      db.prepare(
        `INSERT INTO messages (conversation_id, position, uid, role, content, reply_status)
         SELECT id, 0, ?, 'assistant', '', 'streaming' FROM conversations WHERE uid = 'c-1'`
      ).run(streaming)
      write(db, 'the caledonian sleeper')
      // Version 9 indexes every write of a streaming reply.
      expect(found(db, 'caledonian')).toEqual([streaming])
    })

    await upgradeSchema(file, SCHEMA_MIGRATIONS, APP)
    at((db) => {
      expect(found(db, 'caledonian')).toEqual([])
      write(db, 'the caledonian sleeper to fort william')
      expect(found(db, 'william')).toEqual([])
    })

    await downgradeSchema(file, SCHEMA_MIGRATIONS, { ...APP, target: 9 })
    at((db) => {
      expect(found(db, 'william')).toEqual([streaming])
      indexMatchesMessages(db)
      expect(
        db.prepare("SELECT name FROM sqlite_master WHERE name = 'messages_reply_by_uid'").get()
      ).toBeUndefined()
      write(db, 'the night riviera')
      expect(found(db, 'riviera')).toEqual([streaming])
    })

    await upgradeSchema(file, SCHEMA_MIGRATIONS, APP)
    at((db) => {
      expect(found(db, 'riviera')).toEqual([])
      new SqliteConversations(db).finishReply(streaming, {
        status: 'complete',
        text: 'the night riviera to penzance',
        usage: USAGE
      })
      expect(found(db, 'penzance')).toEqual([streaming])
      indexMatchesMessages(db)
    })
  })
})
