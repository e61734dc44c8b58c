// The floor: readFileSync + JSON.parse + one transaction of prepared inserts into two plain tables, nothing else.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import {
  conversationRow,
  failWith,
  INSERT_CONVERSATION,
  INSERT_MESSAGE,
  messageRow,
  messagesOf,
  printResult,
  readLegacyConversations
} from './legacy-rows'

const SCHEMA = `
  CREATE TABLE conversations (id TEXT, title TEXT, created_at TEXT, updated_at TEXT);
  CREATE TABLE messages (conversation_id TEXT, position INTEGER, id TEXT, role TEXT, content TEXT, created_at TEXT);
`

function migrateFloor(dir: string): void {
  const started = performance.now()
  const legacy = readLegacyConversations(dir)
  const db = new Database(join(dir, 'floor.db'))
  try {
    db.exec(SCHEMA)
    const insertConversation = db.prepare(INSERT_CONVERSATION)
    const insertMessage = db.prepare(INSERT_MESSAGE)
    const insertStarted = performance.now()
    db.transaction(() => {
      for (const conversation of legacy.conversations) {
        const row = conversationRow(conversation)
        insertConversation.run(row)
        messagesOf(conversation).forEach((message, position) =>
          insertMessage.run(messageRow(row.id, position, message))
        )
      }
    })()
    const insertMs = performance.now() - insertStarted
    printResult({
      ok: true,
      variant: 'floor',
      conversations: legacy.conversations.length,
      messages: legacy.messages,
      read_ms: Math.round(legacy.readMs),
      parse_ms: Math.round(legacy.parseMs),
      insert_ms: Math.round(insertMs),
      total_ms: Math.round(performance.now() - started)
    })
  } finally {
    db.close()
  }
}

const [dir] = process.argv.slice(2)
if (dir === undefined) {
  process.stderr.write('Usage: node --import tsx bench/migrate-floor.ts <dir>\n')
  process.exitCode = 2
} else {
  try {
    migrateFloor(dir)
  } catch (error) {
    failWith('floor', error)
  }
}
