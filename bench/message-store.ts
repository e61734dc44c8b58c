// The message data of `npm run bench:search --messages N`: N generated messages (conversations of 16 to 24, user and
// assistant in turn, lengths as LegacyText draws them) written straight into a real store at the app's schema, one
// transaction per batch with prepared statements; the full-text index fills by its triggers as in the app.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '../src/main/store/sqlite/open-store'
import type { Db } from '../src/main/store/sqlite/database'
import { LegacyText } from './legacy-text'
import type { Rng } from './prng'

const MESSAGES_PER_TRANSACTION = 20_000

export interface MessageStore {
  db: Db
  dbFile: string
  conversations: number
  /** Characters of message text written. */
  chars: number
  generateMs: number
}

export async function generateMessageStore(dir: string, messages: number, rng: Rng): Promise<MessageStore> {
  rmSync(dir, { recursive: true, force: true })
  const dbFile = join(dir, 'personal-agent.db')
  const db = await openStore(dbFile)
  const started = Date.now()
  const text = new LegacyText(rng)
  const conversation = db.prepare(
    "INSERT INTO conversations(uid, position, title, message_count, origin) VALUES (?, ?, ?, ?, 'app')"
  )
  const message = db.prepare(
    'INSERT INTO messages(conversation_id, position, uid, role, content) VALUES (?, ?, ?, ?, ?)'
  )
  let written = 0
  let conversations = 0
  let chars = 0
  while (written < messages) {
    db.transaction(() => {
      const stop = Math.min(messages, written + MESSAGES_PER_TRANSACTION)
      while (written < stop) {
        const count = Math.min(stop - written, rng.int(16, 24))
        const id = conversation.run(
          `bench-c${conversations}`,
          conversations,
          text.title(),
          count
        ).lastInsertRowid
        conversations++
        for (let position = 0; position < count; position++) {
          const user = position % 2 === 0
          const content = user ? text.userContent() : text.assistantContent()
          chars += content.length
          message.run(id, position, `bench-m${written}`, user ? 'user' : 'assistant', content)
          written++
        }
      }
    })()
  }
  return { db, dbFile, conversations, chars, generateMs: Date.now() - started }
}
