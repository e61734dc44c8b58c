// Turns legacy conversation records into the rows the store holds (columns + extra, messages in order, quarantine
// entries for malformed parts) and the digest verification checks them by. Pure: it runs in the parsing worker, so
// the writing thread only inserts.
import { CONVERSATIONS_FILE, type LegacyRecord, type RecordSource } from '../legacy/legacy-files'
import { splitRecord, type JsonObject, type JsonValue } from '../base/record-codec'
import { safeStringify } from '../base/safe-json'
import { CONVERSATION_FIELDS, MESSAGE_FIELDS } from '../store/sqlite/record-specs'
import type { StagedConversation, StagedRecord } from '../store/sqlite/staging/staged-conversations'
import { conversationProblem, messageProblem, parseTimestamp, type IdRegistry } from '../legacy/record-checks'
import { recordNames } from './quarantine-entries'
import { digestRecord, type SourceDigest } from './source-digests'

/** A record as the staging database takes it, with the digest verification checks it by. */
export type PreparedRecord = StagedRecord & { digest: SourceDigest }

/** Records prepared together, and how far into the file they reach. */
export interface PreparedBatch {
  records: PreparedRecord[]
  end: number
}

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

/** `seen` maps the conversation ids met so far to their paths (duplicates are quarantined). */
export function prepareConversation(
  doc: RecordSource,
  record: LegacyRecord,
  seen: IdRegistry
): PreparedRecord {
  const digest = digestRecord(doc, record)
  const { value, position } = record
  const path = digest.path
  const file = doc.file
  const problem = conversationProblem(value, seen, path)
  if (problem) {
    const place = {
      file,
      jsonPath: path,
      reason: problem,
      position,
      conversationId: null,
      mapKey: null,
      ...recordNames(value)
    }
    return { kind: 'quarantined', place, raw: safeStringify(value), digest }
  }
  const conversation = value as JsonObject
  const list = conversation['messages']
  const shape = Array.isArray(list) ? 'array' : Object.hasOwn(conversation, 'messages') ? 'extra' : 'absent'
  const rest =
    shape === 'array'
      ? Object.fromEntries(Object.entries(conversation).filter(([k]) => k !== 'messages'))
      : conversation
  const messages: StagedConversation['messages'] = []
  let messageCount = 0
  let lastMessageMs: number | null = null
  if (Array.isArray(list)) {
    list.forEach((message, index) => {
      const issue = messageProblem(message)
      if (issue) {
        const jsonPath = `${path}.messages[${index}]`
        const place = {
          file,
          jsonPath,
          reason: issue,
          position: index,
          conversationId: null,
          mapKey: null,
          ...recordNames(conversation)
        }
        messages.push({ kind: 'quarantined', place, raw: safeStringify(message) })
        return
      }
      const fields = message as JsonObject
      const createdMs = ms(fields['created_at'])
      if (createdMs !== null) lastMessageMs = Math.max(lastMessageMs ?? createdMs, createdMs)
      const split = splitRecord(fields, MESSAGE_FIELDS)
      messages.push({
        kind: 'message',
        row: {
          ...split.columns,
          position: index,
          created_ms: createdMs,
          extra: split.extra,
          conversation_id: null
        }
      })
      messageCount += 1
    })
  }
  const { columns, extra } = splitRecord(rest, CONVERSATION_FIELDS)
  const createdMs = ms(conversation['created_at'])
  const updatedMs = ms(conversation['updated_at'])
  const row = {
    ...columns,
    // Which file the conversation came from (NULL: conversations.json); `position` is its place in that file.
    source_file: file === CONVERSATIONS_FILE ? null : file,
    position,
    created_ms: createdMs,
    updated_ms: updatedMs,
    sort_ms: updatedMs ?? lastMessageMs ?? createdMs ?? 0,
    messages_shape: shape,
    message_count: messageCount,
    extra
  }
  return { kind: 'conversation', row, messages, messageCount, digest }
}

/** Batches of prepared records, cut at `batchSize` records or `batchBytes` of source, whichever comes first. */
export function* preparedBatches(
  doc: RecordSource,
  batchSize: number,
  batchBytes: number,
  seen: IdRegistry = new Map<string, string>()
): Generator<PreparedBatch> {
  let records: PreparedRecord[] = []
  let start = 0
  for (const record of doc.records) {
    records.push(prepareConversation(doc, record, seen))
    if (records.length >= batchSize || record.end - start >= batchBytes) {
      yield { records, end: record.end }
      records = []
      start = record.end
    }
  }
  if (records.length > 0) yield { records, end: records[records.length - 1]!.digest.end }
}
