// Moves conversations.json into the store: conversations and messages in order, with their original ids and every
// field, in batched transactions; malformed records go to quarantine at their place.
import type { Db } from '../store/sqlite/database'
import { recordPath, type LegacyDocument, type LegacyRecord } from '../legacy/legacy-files'
import { splitRecord, type JsonObject, type JsonValue } from '../store/record-codec'
import { CONVERSATION_FIELDS, MESSAGE_FIELDS } from '../store/sqlite/record-specs'
import type { QuarantineEntry } from '../../shared/types'
import { conversationProblem, messageProblem, parseTimestamp } from './record-checks'
import {
  quarantineRecord,
  rawDocumentEntry,
  saveDocumentShape,
  toEntry,
  type QuarantinePlace
} from './quarantine-writer'
import { faultAt } from './fault-injection'
import type { DigestTable } from './source-digests'

export interface ConversationImportResult {
  conversations: number
  messages: number
  quarantined: QuarantineEntry[]
}

export interface ImportProgress {
  /** `bytes`: how far into the file the import has got; `records`: conversations done. */
  (bytes: number, records: number): void
}

interface MessagePlan {
  value: JsonValue
  problem: string | null
  createdMs: number | null
}

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

/** Flush a batch at this many conversations, or sooner when its records add up to this many bytes. */
const BATCH_BYTES = 8 * 1024 * 1024

export function importConversations(
  db: Db,
  doc: LegacyDocument,
  runId: string,
  options: { batchSize: number; onProgress: ImportProgress; digests?: DigestTable }
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

  const quarantine = (value: JsonValue, place: QuarantinePlace): void => {
    quarantineRecord(db, runId, place, value)
    result.quarantined.push(toEntry(place))
  }

  const importOne = (value: JsonValue, position: number, path: string): void => {
    const problem = conversationProblem(value, seen, path)
    if (problem) {
      quarantine(value, {
        file,
        jsonPath: path,
        reason: problem,
        position,
        conversationId: null,
        mapKey: null
      })
      return
    }
    const record = value as JsonObject
    const messages = record['messages']
    const shape = Array.isArray(messages) ? 'array' : Object.hasOwn(record, 'messages') ? 'extra' : 'absent'
    const rest =
      shape === 'array'
        ? Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'messages'))
        : record
    // Messages are checked first, so the conversation row is written once with its final count and sort time.
    const planned: MessagePlan[] = Array.isArray(messages)
      ? messages.map((message) => {
          const problem = messageProblem(message)
          return {
            value: message,
            problem,
            createdMs: problem ? null : ms((message as JsonObject)['created_at'])
          }
        })
      : []
    let count = 0
    let lastMessageMs: number | null = null
    for (const message of planned) {
      if (message.problem) continue
      count += 1
      if (message.createdMs !== null)
        lastMessageMs = Math.max(lastMessageMs ?? message.createdMs, message.createdMs)
    }
    const { columns, extra } = splitRecord(rest, CONVERSATION_FIELDS)
    const createdMs = ms(record['created_at'])
    const updatedMs = ms(record['updated_at'])
    const row = insertConversation.run({
      ...columns,
      position,
      created_ms: createdMs,
      updated_ms: updatedMs,
      sort_ms: updatedMs ?? lastMessageMs ?? createdMs ?? 0,
      messages_shape: shape,
      message_count: count,
      extra
    })
    const conversationId = Number(row.lastInsertRowid)
    planned.forEach((message, index) => {
      if (message.problem) {
        const jsonPath = `${path}.messages[${index}]`
        quarantine(message.value, {
          file,
          jsonPath,
          reason: message.problem,
          position: index,
          conversationId,
          mapKey: null
        })
        return
      }
      const split = splitRecord(message.value as JsonObject, MESSAGE_FIELDS)
      insertMessage.run({
        ...split.columns,
        conversation_id: conversationId,
        position: index,
        created_ms: message.createdMs,
        extra: split.extra
      })
    })
    result.conversations += 1
    result.messages += count
  }

  saveDocumentShape(db, doc)
  result.quarantined.push(...rawDocumentEntry(doc, '{"conversations": [...]} or a list of conversations'))
  const midpoint = Math.floor(doc.count / 2)
  const batch = db.transaction((records: readonly LegacyRecord[]) => {
    for (const record of records) {
      if (record.position === midpoint) faultAt('mid-conversations')
      options.digests?.add(record)
      importOne(record.value, record.position, recordPath(doc, record))
      options.onProgress(record.end, ++done)
    }
  })
  let pending: LegacyRecord[] = []
  let batchStart = 0
  let done = 0
  const flush = (end: number): void => {
    batch(pending)
    pending = []
    batchStart = end
    options.onProgress(end, done)
  }
  for (const record of doc.records) {
    pending.push(record)
    if (pending.length >= options.batchSize || record.end - batchStart >= BATCH_BYTES) flush(record.end)
  }
  if (pending.length > 0) flush(pending[pending.length - 1]!.end)
  options.onProgress(doc.bytes, done)
  return result
}
