// How a stored message row reads: the columns a message is read with, and the row as the app's message and as chat's.
import type { MessageView } from '../../../shared/types'
import { isPlainObject } from '../../base/record-codec'
import { parseJsonText } from '../../base/json-text'
import type { ChatMessage, ReplyStatus } from '../store'
import { contentText } from '../message-text'
import { isoFromStored } from '../store-input'
import { storedToolCall, TOOL_COLUMNS, type ToolRow } from './sqlite-tool-calls'

export interface MessageRow {
  id: number
  uid: string | null
  role: string | null
  content: string | null
  created_at: string | null
  /** Only read when content is null. */
  extra: string | null
}

export const MESSAGE_COLUMNS =
  'id, uid, role, content, created_at, CASE WHEN content IS NULL THEN extra END AS extra'

export interface ReplyRow extends MessageRow, ToolRow {
  reply_status: ReplyStatus | null
  reply_model: string | null
  reply_profile_id: string | null
  finish_reason: string | null
  input_tokens: number | null
  output_tokens: number | null
  tokens_estimated: number | null
  reply_error: string | null
  cached_input_tokens: number | null
  cache_write_tokens: number | null
}

export const REPLY_COLUMNS = `reply_status, reply_model, reply_profile_id, finish_reason, input_tokens, output_tokens,
  tokens_estimated, reply_error, cached_input_tokens, cache_write_tokens, ${TOOL_COLUMNS}`

/** A message's id: its uid, or its row id for a legacy message that had none. */
export function messageId(row: Pick<MessageRow, 'id' | 'uid'>): string {
  return row.uid ?? `#${row.id}`
}

export function messageView(row: MessageRow): MessageView {
  let text = row.content
  if (text === null) {
    const extra: unknown = row.extra === null ? {} : parseJsonText(row.extra)
    text = isPlainObject(extra) && Object.hasOwn(extra, 'content') ? contentText(extra.content) : ''
  }
  return {
    id: messageId(row),
    role: row.role ?? '',
    text,
    createdAt: isoFromStored(row.created_at)
  }
}

export function chatMessage(row: ReplyRow): ChatMessage {
  return {
    ...messageView(row),
    status: row.reply_status,
    model: row.reply_model,
    profileId: row.reply_profile_id,
    finishReason: row.finish_reason,
    usage:
      row.input_tokens === null || row.output_tokens === null
        ? null
        : {
            inputTokens: row.input_tokens,
            outputTokens: row.output_tokens,
            estimated: row.tokens_estimated === 1,
            // Only what the provider reported about its prompt cache.
            ...(row.cached_input_tokens === null ? {} : { cachedInputTokens: row.cached_input_tokens }),
            ...(row.cache_write_tokens === null ? {} : { cacheWriteTokens: row.cache_write_tokens })
          },
    error: row.reply_error,
    tool: storedToolCall(row)
  }
}
