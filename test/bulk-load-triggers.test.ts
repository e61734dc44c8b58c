// The staging database's bulk load drops the full-text triggers on messages and puts back the ones the database
// itself held, so a schema that changed them keeps its version: never the text of the schema file that first made them.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '../src/main/migration/engine'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openDatabase, type Db } from '../src/main/store/sqlite/database'
import { openStore } from '../src/main/store/sqlite/open-store'
import { beginBulkLoad, buildSearchIndex } from '../src/main/store/sqlite/staging/bulk-load'
import { tempDir } from './support/folders'

/** A later schema's insert trigger: it skips empty messages (0002's indexes every one). */
const CHANGED_INSERT_TRIGGER = `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.content <> '' BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END`

function messageTriggers(db: Db): { name: string; sql: string }[] {
  return db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messages' ORDER BY name"
    )
    .all() as { name: string; sql: string }[]
}

function matches(db: Db, word: string): number[] {
  return (
    db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').all(word) as {
      rowid: number
    }[]
  ).map((r) => r.rowid)
}

function addMessage(db: Db, conversationId: number, position: number, content: string): number {
  return Number(
    db
      .prepare('INSERT INTO messages (conversation_id, position, uid, role, content) VALUES (?, ?, ?, ?, ?)')
      .run(conversationId, position, `m${position}`, 'user', content).lastInsertRowid
  )
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('bulk load of the staging database', () => {
  it('puts back the full-text triggers the database held, not those of the schema file that made them', async () => {
    const dir = tempDir('pa-bulk-triggers-')
    dirs.push(dir)
    const db = await openStore(join(dir, 'staging.db'))
    try {
      db.exec(`DROP TRIGGER messages_fts_insert; ${CHANGED_INSERT_TRIGGER}`)
      const before = messageTriggers(db)
      expect(before.find((t) => t.name === 'messages_fts_insert')?.sql).toBe(CHANGED_INSERT_TRIGGER)

      const dropped = beginBulkLoad(db)
      expect(dropped).toHaveLength(3)
      expect(messageTriggers(db).filter((t) => t.name.startsWith('messages_fts_'))).toEqual([])
      // Triggers on messages that do not feed the full-text index stay through the load.
      expect(messageTriggers(db)).toEqual(before.filter((t) => !t.name.startsWith('messages_fts_')))

      const conversationId = Number(
        db
          .prepare(
            "INSERT INTO conversations (uid, position, title, messages_shape, message_count, sort_ms) VALUES ('c1', 0, 't', 'array', 2, 0)"
          )
          .run().lastInsertRowid
      )
      const first = addMessage(db, conversationId, 0, 'alpha bravo')
      const second = addMessage(db, conversationId, 1, 'bravo charlie')
      const streaming = addMessage(db, conversationId, 3, 'foxtrot')
      db.prepare("UPDATE messages SET reply_status = 'streaming' WHERE id = ?").run(streaming)
      expect(matches(db, 'bravo')).toEqual([])

      const shares: number[] = []
      buildSearchIndex(db, dropped, (share) => shares.push(share))
      expect(shares[shares.length - 1]).toBe(1)
      expect(matches(db, 'bravo')).toEqual([first, second])
      expect(messageTriggers(db)).toEqual(before)
      // A reply still streaming is indexed once it ends, as the triggers index it (schema v10).
      expect(matches(db, 'foxtrot')).toEqual([])
      db.prepare("UPDATE messages SET reply_status = 'complete' WHERE id = ?").run(streaming)
      expect(matches(db, 'foxtrot')).toEqual([streaming])

      // The triggers put back are live: new, changed and deleted messages reach the index.
      const third = addMessage(db, conversationId, 2, 'delta')
      expect(matches(db, 'delta')).toEqual([third])
      db.prepare("UPDATE messages SET content = 'echo' WHERE id = ?").run(first)
      expect(matches(db, 'alpha')).toEqual([])
      expect(matches(db, 'echo')).toEqual([first])
      db.prepare('DELETE FROM messages WHERE id = ?').run(second)
      expect(matches(db, 'charlie')).toEqual([])
    } finally {
      db.close()
    }
  })

  it('leaves a migrated store with the same message triggers as a new one, and its messages searchable', async () => {
    const dataDir = tempDir('pa-bulk-migrate-')
    const fresh = tempDir('pa-bulk-fresh-')
    dirs.push(dataDir, fresh)
    writeFileSync(
      join(dataDir, 'conversations.json'),
      JSON.stringify({
        conversations: [
          {
            id: 'c-1',
            title: 'first',
            messages: [{ id: 'm-1', role: 'user', content: 'foxtrot golf' }],
            created_at: '2025-01-25T12:00:00Z'
          }
        ]
      })
    )
    expect((await migrate(dataDir, { secrets: new SecretStore(dataDir) })).status).toBe('migrated')
    const fresher = await openStore(join(fresh, 'personal-agent.db'))
    const migrated = openDatabase(join(dataDir, 'personal-agent.db'))
    try {
      expect(messageTriggers(migrated)).toEqual(messageTriggers(fresher))
      expect(matches(migrated, 'foxtrot')).toHaveLength(1)
    } finally {
      migrated.close()
      fresher.close()
    }
  })
})
