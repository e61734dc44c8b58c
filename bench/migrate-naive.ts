// The naive path the old plans described: parse everything, then one autocommit INSERT per row (one fsync each),
// default rollback journal and synchronous; stops at --time-limit and extrapolates the rest.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
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
  CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT, created_at TEXT, updated_at TEXT);
  CREATE TABLE messages (conversation_id TEXT, position INTEGER, id TEXT PRIMARY KEY, role TEXT, content TEXT,
    created_at TEXT);
`

function migrateNaive(dir: string, timeLimitS: number): void {
  const started = performance.now()
  const legacy = readLegacyConversations(dir)
  const rowsTotal = legacy.conversations.length + legacy.messages
  const db = new Database(join(dir, 'naive.db'))
  try {
    db.exec(SCHEMA)
    const insertConversation = db.prepare(INSERT_CONVERSATION)
    const insertMessage = db.prepare(INSERT_MESSAGE)
    const insertStarted = performance.now()
    const deadline = insertStarted + timeLimitS * 1000
    let rowsDone = 0
    insert: for (const conversation of legacy.conversations) {
      const row = conversationRow(conversation)
      insertConversation.run(row)
      rowsDone++
      for (const [position, message] of messagesOf(conversation).entries()) {
        if (performance.now() >= deadline) break insert
        insertMessage.run(messageRow(row.id, position, message))
        rowsDone++
      }
      if (performance.now() >= deadline) break
    }
    const insertMs = performance.now() - insertStarted
    const complete = rowsDone === rowsTotal
    const perRowMs = rowsDone > 0 ? insertMs / rowsDone : 0
    printResult({
      ok: true,
      variant: 'naive',
      complete,
      extrapolated: !complete,
      rows_done: rowsDone,
      rows_total: rowsTotal,
      conversations: legacy.conversations.length,
      messages: legacy.messages,
      journal_mode: db.pragma('journal_mode', { simple: true }),
      synchronous: db.pragma('synchronous', { simple: true }),
      time_limit_s: timeLimitS,
      read_ms: Math.round(legacy.readMs),
      parse_ms: Math.round(legacy.parseMs),
      insert_ms: Math.round(insertMs),
      per_row_ms: Number(perRowMs.toFixed(4)),
      total_ms: Math.round(performance.now() - started),
      /** Insert time for every row at the measured per-row rate, plus the time actually spent reading and parsing. */
      ...(complete
        ? {}
        : { extrapolated_total_ms: Math.round(insertStarted - started + perRowMs * rowsTotal) })
    })
  } finally {
    db.close()
  }
}

function main(): void {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'time-limit': { type: 'string', default: '120' } },
    allowPositionals: true
  })
  const [dir] = positionals
  const timeLimitS = Number(values['time-limit'])
  if (dir === undefined || !(timeLimitS > 0)) {
    process.stderr.write('Usage: node --import tsx bench/migrate-naive.ts <dir> [--time-limit SECONDS]\n')
    process.exitCode = 2
    return
  }
  try {
    migrateNaive(dir, timeLimitS)
  } catch (error) {
    failWith('naive', error)
  }
}

main()
