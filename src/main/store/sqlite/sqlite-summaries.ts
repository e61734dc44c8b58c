// Summaries of a conversation's older messages (schema v8): read oldest first, added in one counted write that
// marks the conversation changed, never touching the messages they stand for. A conversation's export carries
// them under its record's "x_personal_agent" object, and a conversation migrated from such an export keeps them.
import { randomUUID } from 'node:crypto'
import { UserError } from '../../../shared/errors'
import type { Db } from './database'
import type { NewSummary, StoredSummary } from '../store'
import { isPlainObject } from '../../base/record-codec'
import { parseJsonText, type JsonObject, type JsonValue } from '../../base/json-text'
import { appTimestamp, mutate, stmt } from './store-changes'

/** The one key of a conversation record under which the app's own additions are exported. */
export const APP_NAMESPACE = 'x_personal_agent'

interface SummaryRow {
  uid: string
  through_message_id: string
  text: string
  profile_id: string | null
  model: string | null
  created_at: string
}

function fromRow(row: SummaryRow): StoredSummary {
  return {
    id: row.uid,
    text: row.text,
    throughMessageId: row.through_message_id,
    profileId: row.profile_id,
    model: row.model,
    createdAt: row.created_at
  }
}

/** A summary as the export writes it. */
function exported(summary: StoredSummary): JsonObject {
  return {
    id: summary.id,
    text: summary.text,
    through_message_id: summary.throughMessageId,
    profile_id: summary.profileId,
    model: summary.model,
    created_at: summary.createdAt
  }
}

const textOrNull = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null)

/** A summary read back from an exported record; null when it lacks what a request needs. */
function imported(value: JsonValue): StoredSummary | null {
  if (!isPlainObject(value)) return null
  const { id, text, through_message_id: through } = value
  if (typeof id !== 'string' || typeof text !== 'string' || typeof through !== 'string') return null
  return {
    id,
    text,
    throughMessageId: through,
    profileId: textOrNull(value.profile_id),
    model: textOrNull(value.model),
    createdAt: textOrNull(value.created_at) ?? ''
  }
}

/** The record's summaries array, as an earlier export wrote it (kept verbatim in its extra fields). */
function exportedSummaries(record: JsonObject): JsonValue[] {
  const own = record[APP_NAMESPACE]
  return isPlainObject(own) && Array.isArray(own.summaries) ? own.summaries : []
}

/** Whether the database has the summaries table (a database opened read-only may predate schema v8). */
function hasTable(db: Db): boolean {
  return (
    stmt(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'conversation_summaries'").get() !==
    undefined
  )
}

function tableSummaries(db: Db, conversationId: number): StoredSummary[] {
  const rows = stmt(
    db,
    `SELECT uid, through_message_id, text, profile_id, model, created_at FROM conversation_summaries
     WHERE conversation_id = ? ORDER BY id`
  ).all(conversationId) as SummaryRow[]
  return rows.map(fromRow)
}

/**
 * The conversation's summaries, oldest first: those its migrated record brought (`extra`, the record's extra fields
 * as stored), then those written here.
 */
export function conversationSummaries(db: Db, conversationId: number, extra: string): StoredSummary[] {
  const record = parseJsonText(extra)
  const brought = isPlainObject(record)
    ? exportedSummaries(record).flatMap((value) => imported(value) ?? [])
    : []
  const seen = new Set(brought.map((s) => s.id))
  const own = hasTable(db) ? tableSummaries(db, conversationId).filter((s) => !seen.has(s.id)) : []
  return [...brought, ...own]
}

/**
 * Adds the summaries written here to an exported conversation record, merged into its "x_personal_agent" object
 * (whatever else that object holds stays); a conversation without any is left exactly as it was.
 */
export function exportSummaries(db: Db, conversationId: number, record: JsonObject): void {
  if (!hasTable(db)) return
  const own = tableSummaries(db, conversationId)
  if (own.length === 0) return
  const existing = exportedSummaries(record)
  const seen = new Set(existing.flatMap((value) => (isPlainObject(value) ? [value.id] : [])))
  const namespace = isPlainObject(record[APP_NAMESPACE]) ? record[APP_NAMESPACE] : {}
  record[APP_NAMESPACE] = {
    ...namespace,
    summaries: [...existing, ...own.filter((s) => !seen.has(s.id)).map(exported)]
  }
}

/** Adds a summary; the conversation is marked changed, as its export now carries it. */
export function insertSummary(db: Db, conversationId: number, summary: NewSummary): StoredSummary {
  const text = summary.text.trim()
  if (text === '') throw new UserError('INVALID_INPUT', 'A summary needs some text.')
  const stored: StoredSummary = {
    id: randomUUID(),
    text,
    throughMessageId: summary.throughMessageId,
    profileId: summary.profileId,
    model: summary.model,
    createdAt: appTimestamp().iso
  }
  mutate(db, () => {
    stmt(
      db,
      `INSERT INTO conversation_summaries(uid, conversation_id, through_message_id, text, profile_id, model, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`
    ).run(
      stored.id,
      conversationId,
      stored.throughMessageId,
      stored.text,
      stored.profileId,
      stored.model,
      stored.createdAt
    )
    stmt(db, 'UPDATE conversations SET changed = 1 WHERE id = ?').run(conversationId)
  })
  return stored
}
