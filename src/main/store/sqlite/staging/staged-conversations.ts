// Writes prepared conversations into the staging database: each with its messages in order and its quarantined
// parts at their place, a batch per transaction, through statements prepared once per connection.
import type { SqlValue } from '../../../base/record-codec'
import type { Db } from '../database'
import { stmt } from '../store-changes'
import { quarantineRaw, type QuarantinePlace } from './quarantine-rows'
import type { SetAsideText, TextSealer } from '../../../secrets/sealed-text'

/** A quarantined part, kept verbatim; a message's conversation id is filled in by the writer. */
export interface StagedQuarantine {
  kind: 'quarantined'
  place: QuarantinePlace
  raw: string
}

export interface StagedMessage {
  kind: 'message'
  row: Record<string, SqlValue>
}

export interface StagedConversation {
  kind: 'conversation'
  row: Record<string, SqlValue>
  messages: (StagedMessage | StagedQuarantine)[]
  messageCount: number
}

export type StagedRecord = StagedConversation | StagedQuarantine

/** What a writer has written so far; quarantined places in the order they were written. */
export interface StagedTotals {
  conversations: number
  messages: number
  quarantined: QuarantinePlace[]
}

export interface ConversationWriter<R extends StagedRecord> {
  readonly totals: StagedTotals
  /** Writes the records in one transaction; the writer's `afterRecord` runs after each, inside it. */
  writeBatch(records: readonly R[]): void
}

const INSERT_CONVERSATION = `INSERT INTO conversations (uid, source_file, position, title, profile_id, created_at, updated_at, created_ms, updated_ms, sort_ms, messages_shape, message_count, extra)
  VALUES (@uid, @source_file, @position, @title, @profile_id, @created_at, @updated_at, @created_ms, @updated_ms, @sort_ms, @messages_shape, @message_count, @extra)`

const INSERT_MESSAGE = `INSERT INTO messages (conversation_id, position, uid, role, content, created_at, created_ms, extra)
  VALUES (@conversation_id, @position, @uid, @role, @content, @created_at, @created_ms, @extra)`

/** The quarantined text of a batch (whole records and messages), for TextSealer.prepare before it is written. */
export function* quarantinedTexts(records: readonly StagedRecord[]): Generator<SetAsideText> {
  for (const record of records)
    if (record.kind === 'quarantined') yield { text: record.raw }
    else
      for (const message of record.messages) if (message.kind === 'quarantined') yield { text: message.raw }
}

/** A writer of prepared records into `db`, its quarantine rows marked with `runId` (and sealed by `sealer`). */
export function conversationWriter<R extends StagedRecord>(
  db: Db,
  runId: string,
  sealer: TextSealer,
  afterRecord: (record: R) => void
): ConversationWriter<R> {
  const insertConversation = stmt(db, INSERT_CONVERSATION)
  const insertMessage = stmt(db, INSERT_MESSAGE)
  const totals: StagedTotals = { conversations: 0, messages: 0, quarantined: [] }
  const quarantine = (place: QuarantinePlace, raw: string): void => {
    quarantineRaw(db, runId, place, raw, sealer)
    totals.quarantined.push(place)
  }
  const write = (record: StagedRecord): void => {
    if (record.kind === 'quarantined') {
      quarantine(record.place, record.raw)
      return
    }
    const conversationId = Number(insertConversation.run(record.row).lastInsertRowid)
    for (const message of record.messages) {
      if (message.kind === 'message') {
        message.row['conversation_id'] = conversationId
        insertMessage.run(message.row)
      } else quarantine({ ...message.place, conversationId }, message.raw)
    }
    totals.conversations += 1
    totals.messages += record.messageCount
  }
  const writeBatch = db.transaction((records: readonly R[]) => {
    for (const record of records) {
      write(record)
      afterRecord(record)
    }
  })
  return { totals, writeBatch: (records) => writeBatch(records) }
}
