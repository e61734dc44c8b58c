// Moves conversations.json into the store: conversations and messages in order, with their original ids and every
// field, in batched transactions; malformed records go to quarantine at their place.
import type { Db } from '../store/sqlite/database'
import { recordPath, type LegacyDocument } from '../legacy/legacy-files'
import { splitRecord, type JsonObject, type JsonValue } from '../store/record-codec'
import { CONVERSATION_FIELDS, MESSAGE_FIELDS } from '../store/sqlite/record-specs'
import type { QuarantineEntry } from '../../shared/types'
import { conversationProblem, messageProblem, parseTimestamp } from './record-checks'
import { quarantineRecord, rawDocumentEntry, saveDocumentShape, toEntry } from './quarantine-writer'
import { faultAt } from './fault-injection'

export interface ConversationImportResult {
  conversations: number
  messages: number
  quarantined: QuarantineEntry[]
}

export interface ImportProgress {
  (done: number, total: number): void
}

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

export function importConversations(
  db: Db,
  doc: LegacyDocument,
  runId: string,
  options: { batchSize: number; onProgress: ImportProgress }
): ConversationImportResult {
  const insertConversation = db.prepare(
    `INSERT INTO conversations (uid, position, title, profile_id, created_at, updated_at, created_ms, updated_ms, sort_ms, messages_shape, message_count, extra)
     VALUES (@uid, @position, @title, @profile_id, @created_at, @updated_at, @created_ms, @updated_ms, @sort_ms, @messages_shape, @message_count, @extra)`
  )
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, position, uid, role, content, created_at, created_ms, extra)
     VALUES (@conversation_id, @position, @uid, @role, @content, @created_at, @created_ms, @extra)`
  )
  const result: ConversationImportResult = { conversations: 0, messages: 0, quarantined: [] }
  const seen = new Map<string, string>()
  const file = doc.file

  const importOne = (value: JsonValue, position: number, path: string): void => {
    const problem = conversationProblem(value, seen, path)
    if (problem) {
      const place = { file, jsonPath: path, reason: problem, position, conversationId: null, mapKey: null }
      quarantineRecord(db, runId, place, value)
      result.quarantined.push(toEntry(place))
      return
    }
    const record = value as JsonObject
    const messages = record['messages']
    const shape = Array.isArray(messages) ? 'array' : Object.hasOwn(record, 'messages') ? 'extra' : 'absent'
    const rest =
      shape === 'array'
        ? Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'messages'))
        : record
    const { columns, extra } = splitRecord(rest, CONVERSATION_FIELDS)
    const createdMs = ms(record['created_at'])
    const updatedMs = ms(record['updated_at'])
    const row = insertConversation.run({
      ...columns,
      position,
      created_ms: createdMs,
      updated_ms: updatedMs,
      sort_ms: 0,
      messages_shape: shape,
      message_count: 0,
      extra
    })
    const conversationId = Number(row.lastInsertRowid)
    let count = 0
    let lastMessageMs: number | null = null
    if (Array.isArray(messages)) {
      messages.forEach((message, index) => {
        const messagePath = `${path}.messages[${index}]`
        const messageIssue = messageProblem(message)
        if (messageIssue) {
          const place = {
            file,
            jsonPath: messagePath,
            reason: messageIssue,
            position: index,
            conversationId,
            mapKey: null
          }
          quarantineRecord(db, runId, place, message)
          result.quarantined.push(toEntry(place))
          return
        }
        const messageRecord = message as JsonObject
        const split = splitRecord(messageRecord, MESSAGE_FIELDS)
        const createdAt = ms(messageRecord['created_at'])
        if (createdAt !== null) lastMessageMs = Math.max(lastMessageMs ?? createdAt, createdAt)
        insertMessage.run({
          ...split.columns,
          conversation_id: conversationId,
          position: index,
          created_ms: createdAt,
          extra: split.extra
        })
        count += 1
      })
    }
    const sortMs = updatedMs ?? lastMessageMs ?? createdMs ?? 0
    db.prepare('UPDATE conversations SET message_count = ?, sort_ms = ? WHERE id = ?').run(
      count,
      sortMs,
      conversationId
    )
    result.conversations += 1
    result.messages += count
  }

  saveDocumentShape(db, doc)
  result.quarantined.push(...rawDocumentEntry(doc, '{"conversations": [...]} or a list of conversations'))
  const records = doc.records
  const midpoint = Math.floor(records.length / 2)
  const batch = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      if (i === midpoint) faultAt('mid-conversations')
      importOne(records[i]!.value, records[i]!.position, recordPath(doc, records[i]!))
    }
  })
  for (let start = 0; start < records.length; start += options.batchSize) {
    const end = Math.min(records.length, start + options.batchSize)
    batch(start, end)
    options.onProgress(end, records.length)
  }
  if (records.length === 0) options.onProgress(0, 0)
  return result
}
