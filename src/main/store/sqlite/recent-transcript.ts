// A conversation's active path read for a request: its newest messages whole (newest first, until the caller has
// enough), and the older ones with only what a request takes of them, so a long conversation's turn reads the text of
// the part the model can be sent, not of every message it ever held.
import type { ChatMessage, EarlierMessage, RecentTranscript } from '../store'
import type { Db } from './database'
import {
  chatMessage,
  MESSAGE_COLUMNS,
  messageId,
  messageView,
  REPLY_COLUMNS,
  type MessageRow,
  type ReplyRow
} from './message-rows'
import { storedToolCall, TOOL_COLUMNS, type ToolRow } from './sqlite-tool-calls'
import { stmt } from './store-changes'

/** Every character `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), for SQLite's trim(). */
export const TRIMMED_CHARACTERS =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'

interface PositionedRow extends ReplyRow {
  position: number
}

/** An older message's size, or (`chars` null) that it is read whole. */
interface SizeRow {
  id: number
  uid: string | null
  role: string | null
  chars: number | null
  blank: number | null
}

/** An older message read whole (system, tool, or kept as parts), with its tool call's columns. */
interface WholeRow extends MessageRow, ToolRow {
  reply_status: string | null
}

/** What is read whole of older messages: their system and tool messages, and those whose text is kept as parts. */
const WHOLE = `(coalesce(role, '') IN ('system', 'tool') OR content IS NULL)`

/**
 * The active path of conversation `conversationId` (the row id): read newest first, whole, until `enough` holds of the
 * message just read; the messages before it with the text of system and tool messages and of those kept as parts
 * (`content` NULL), and for the others their length and blankness, computed by SQLite.
 */
export function readRecentTranscript(
  db: Db,
  conversationId: number,
  enough: (message: ChatMessage) => boolean
): RecentTranscript {
  const recent: ChatMessage[] = []
  let oldestRead: number | null = null
  const newestFirst = stmt(
    db,
    `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS}, position FROM messages
     WHERE conversation_id = ? AND inactive IS NULL ORDER BY position DESC`
  )
  for (const row of newestFirst.iterate(conversationId) as IterableIterator<PositionedRow>) {
    const message = chatMessage(row)
    recent.push(message)
    oldestRead = row.position
    if (enough(message)) break
  }
  recent.reverse()
  if (oldestRead === null) return { earlier: [], recent }
  const earlier = { conversation: conversationId, before: oldestRead }
  const whole = new Map(
    (
      stmt(
        db,
        `SELECT ${MESSAGE_COLUMNS}, reply_status, ${TOOL_COLUMNS} FROM messages
         WHERE conversation_id = @conversation AND inactive IS NULL AND position < @before AND ${WHOLE}`
      ).all(earlier) as WholeRow[]
    ).map((row) => [row.id, row])
  )
  // The others' sizes; blank is trimmed whole only when its first characters are whitespace (trim() copies).
  const sizes = stmt(
    db,
    `SELECT id, uid, role, CASE WHEN NOT ${WHOLE} THEN length(content) END AS chars,
       CASE WHEN ${WHOLE} THEN NULL WHEN trim(substr(content, 1, 16), @whitespace) <> '' THEN 0
         ELSE trim(content, @whitespace) = '' END AS blank
     FROM messages WHERE conversation_id = @conversation AND inactive IS NULL AND position < @before
     ORDER BY position`
  ).all({ ...earlier, whitespace: TRIMMED_CHARACTERS }) as SizeRow[]
  return { earlier: sizes.map((row) => earlierMessage(row, whole.get(row.id))), recent }
}

function earlierMessage(size: SizeRow, row: WholeRow | undefined): EarlierMessage {
  if (row === undefined)
    return {
      id: messageId(size),
      role: size.role ?? '',
      tool: null,
      text: null,
      chars: size.chars ?? 0,
      blank: size.blank === 1
    }
  const { id, role, text } = messageView(row)
  return { id, role, tool: storedToolCall(row), text, chars: text.length, blank: text.trim() === '' }
}
