// Conversations and their messages: keyset-paged lists, title and full-text search, edits that keep migrated
// legacy records exportable losslessly (changed flag, deletions, positions after quarantined records), and chat
// replies written while they stream.
import { randomUUID } from 'node:crypto'
import type { ConversationSummary, MessageView, Page } from '../../../shared/types'
import { UserError } from '../../../shared/errors'
import { toolCallView } from '../../../shared/chat-types'
import type { Db } from './database'
import type { SqlValue } from '../../base/record-codec'
import type { SecretStore } from '../../secrets/secret-store'
import type {
  ChatMessage,
  ChatTranscriptStore,
  ConversationListOptions,
  ConversationStore,
  MessageListOptions,
  NewConversation,
  NewMessage,
  ReplyEnd,
  ReplyStart,
  NewSummary,
  StoredSummary,
  NewToolCall,
  NewToolGrant,
  RecentTranscript,
  ToolCallUpdate,
  ToolGrant
} from '../store'
import {
  addToolGrant,
  newToolValues,
  readOnlyServers,
  replyToolCallsExtra,
  revokeToolGrant,
  setReadOnlyDefault,
  TOOL_COLUMNS,
  toolGrants,
  toolMessageExtra
} from './sqlite-tool-calls'
import { conversationSummaries, insertSummary } from './sqlite-summaries'
import { readRecentTranscript } from './recent-transcript'
import { chatMessage, MESSAGE_COLUMNS, messageView, REPLY_COLUMNS, type ReplyRow } from './message-rows'
import { clampLimit, decodeCursor, encodeCursor } from '../cursor'
import { dropRefs, forgetSecrets } from './secret-refs'
import {
  appTimestamp,
  extraWithout,
  mutate,
  nextMessagePosition,
  nextPosition,
  recordDeletion,
  stmt
} from './store-changes'
import { isoFromStored, listQuery, notFound, requireId } from '../store-input'
import { readNewConversation, readNewMessage, readTitle } from '../record-input'
import { agentOf } from './sqlite-agents'
import { activeMessage, branchPlaces, hideFrom, lastActiveId, switchVersion } from './message-branches'

export const CONVERSATION_PAGE_DEFAULT = 50
export const CONVERSATION_PAGE_MAX = 500
export const MESSAGE_PAGE_DEFAULT = 100
export const MESSAGE_PAGE_MAX = 500

interface ConversationRow {
  id: number
  uid: string
  title: string | null
  profile_id: string | null
  created_at: string | null
  updated_at: string | null
  sort_ms: number
  message_count: number
  messages_shape: string
  extra: string
  origin: string
  title_pending: number | null
  agent_uid: string | null
  agent_name: string | null
}

const CONVERSATION_COLUMNS =
  'c.id, c.uid, c.title, c.profile_id, c.created_at, c.updated_at, c.sort_ms, c.message_count, c.messages_shape, c.extra, c.origin, c.title_pending, a.uid AS agent_uid, a.name AS agent_name'
/** The conversations with their agent's id and name (the agent, when it still exists). */
const CONVERSATIONS_WITH_AGENT = 'conversations c LEFT JOIN agents a ON a.id = c.agent_id'

const NOT_FOUND_LABEL = 'Conversation'

/** `%` and `_` (and the escape character itself) match literally. */
function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** The query as one FTS5 phrase, quotes doubled, so user input can never be read as query syntax. */
function ftsPhrase(query: string): string {
  // FTS5 ends a string at NUL ("unterminated string"): drop it, and quote the rest as one phrase.
  return `"${query.replaceAll('\u0000', '').replace(/"/g, '""')}"*`
}

interface PagedRow extends ReplyRow {
  position: number
  branch_parent: number | null
}

/** The title a conversation made in the window starts with until the user or its first exchange gives one. */
export const PLACEHOLDER_TITLE = 'New conversation'

/** A reply whose writer has not written for this long is taken as cut off, even when its process id is in use. */
export const STALE_REPLY_MS = 120_000
const INTERRUPTED_LINE = 'The reply was cut off: the app stopped while it was arriving.'

/** A message as the list shows it: a chat reply with its state, model and usage (never its writer or profile). */
function listedMessage(row: ReplyRow): MessageView {
  if (row.reply_status === null) return messageView(row)
  const { status, model, finishReason, usage, error, tool } = chatMessage(row)
  if (tool) {
    return { ...messageView(row), status, error, tool: toolCallView(tool) }
  }
  return { ...messageView(row), status, model, finishReason, usage, error }
}

/** Whether a process with this id runs on this machine (EPERM: it does, under another user). */
function processAlive(pid: number | null): boolean {
  if (pid === null) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function summary(row: ConversationRow): ConversationSummary {
  return {
    id: row.uid,
    title: row.title ?? '',
    profileId: row.profile_id,
    createdAt: isoFromStored(row.created_at),
    updatedAt: isoFromStored(row.updated_at),
    messageCount: row.message_count,
    agentId: row.agent_uid,
    agentName: row.agent_name
  }
}

export class SqliteConversations implements ConversationStore, ChatTranscriptStore {
  /** `secrets` lets delete() remove keychain entries of the conversation's quarantined records. */
  constructor(
    private readonly db: Db,
    private readonly secrets?: SecretStore
  ) {}

  /** Newest first by (sort_ms, id); the cursor is the last row's (sort_ms, id). */
  list(options: ConversationListOptions = {}): Page<ConversationSummary> {
    const limit = clampLimit(options.limit, CONVERSATION_PAGE_DEFAULT, CONVERSATION_PAGE_MAX)
    const where: string[] = []
    const params: SqlValue[] = []
    if (options.cursor) {
      const [sortMs, id] = decodeCursor('conversations', options.cursor, 2) as [number, number]
      where.push('(c.sort_ms, c.id) < (?, ?)')
      params.push(sortMs, id)
    }
    const query = listQuery(options.query)
    if (query !== '') {
      where.push(`(c.title LIKE ? ESCAPE '\\' OR c.id IN (
        SELECT m.conversation_id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
        WHERE messages_fts MATCH ?))`)
      params.push(likePattern(query), ftsPhrase(query))
    }
    const sql = `SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATIONS_WITH_AGENT}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.sort_ms DESC, c.id DESC LIMIT ?`
    const rows = stmt(this.db, sql).all(...params, limit + 1) as ConversationRow[]
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    const nextCursor =
      rows.length > limit && last ? encodeCursor('conversations', [last.sort_ms, last.id]) : null
    return { items: items.map(summary), nextCursor }
  }

  get(uid: string): ConversationSummary {
    return summary(this.row(uid))
  }

  /** The messages of the active path in their original order; the cursor is the last message's position (the
   *  first's, from the end). */
  messages(uid: string, options: MessageListOptions = {}): Page<MessageView> {
    const conversation = this.row(uid)
    if (!options.cursor) this.markInterruptedReplies(uid)
    const limit = clampLimit(options.limit, MESSAGE_PAGE_DEFAULT, MESSAGE_PAGE_MAX)
    if (options.fromEnd) return this.messagesBefore(conversation.id, options.cursor ?? null, limit)
    const rows = options.cursor
      ? (stmt(
          this.db,
          `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS}, position, branch_parent FROM messages
           WHERE conversation_id = ? AND position > ? AND inactive IS NULL ORDER BY position LIMIT ?`
        ).all(conversation.id, decodeCursor('messages', options.cursor, 1)[0], limit + 1) as PagedRow[])
      : (stmt(
          this.db,
          `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS}, position, branch_parent FROM messages
           WHERE conversation_id = ? AND inactive IS NULL ORDER BY position LIMIT ?`
        ).all(conversation.id, limit + 1) as PagedRow[])
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    const nextCursor = rows.length > limit && last ? encodeCursor('messages', [last.position]) : null
    return { items: this.pagedViews(conversation.id, items), nextCursor }
  }

  /** The `limit` messages before the cursor's position (the newest, without one), oldest first. */
  private messagesBefore(conversationId: number, cursor: string | null, limit: number): Page<MessageView> {
    const before = cursor === null ? null : decodeCursor('messages-before', cursor, 1)[0]!
    const rows = stmt(
      this.db,
      `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS}, position, branch_parent FROM messages
       WHERE conversation_id = ? AND inactive IS NULL${before === null ? '' : ' AND position < ?'}
       ORDER BY position DESC LIMIT ?`
    ).all(conversationId, ...(before === null ? [] : [before]), limit + 1) as PagedRow[]
    const items = rows.slice(0, limit).reverse()
    const first = items[0]
    const nextCursor = rows.length > limit && first ? encodeCursor('messages-before', [first.position]) : null
    return { items: this.pagedViews(conversationId, items), nextCursor }
  }

  /** A page's messages as the window shows them: reply state and usage, and each one's place among its versions. */
  private pagedViews(conversationId: number, rows: PagedRow[]): MessageView[] {
    const places = branchPlaces(this.db, conversationId, rows)
    return rows.map((row) => {
      const place = places.get(row.id)
      return place ? { ...listedMessage(row), branch: place } : listedMessage(row)
    })
  }

  create(input: NewConversation): ConversationSummary {
    const { title, profileId, agentId } = readNewConversation(input)
    const agent = agentId === null ? null : agentOf(this.db, agentId)
    const uid = randomUUID()
    const now = appTimestamp()
    mutate(this.db, () => {
      stmt(
        this.db,
        `INSERT INTO conversations(uid, position, title, profile_id, created_at, updated_at, created_ms, updated_ms,
           sort_ms, messages_shape, message_count, extra, origin, changed, title_pending, agent_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'array', 0, '{}', 'app', 0, ?, ?)`
      ).run(
        uid,
        nextPosition(this.db, 'conversations'),
        title,
        // With an agent and no profile of its own, the conversation keeps the agent's (it chats with it even after
        // the agent is deleted).
        profileId ?? agent?.profileUid ?? null,
        now.json,
        now.json,
        now.ms,
        now.ms,
        now.ms,
        title.trim() === '' || title === PLACEHOLDER_TITLE ? 1 : null,
        agent?.id ?? null
      )
    })
    return this.get(uid)
  }

  /** Sets the title column; a legacy title kept in extra (not a plain string) is replaced. Same title: no write. */
  rename(uid: string, title: string): ConversationSummary {
    const newTitle = readTitle(title)
    const row = this.row(uid)
    if (newTitle === (row.title ?? '')) return summary(row)
    this.writeTitle(row, newTitle)
    return this.get(uid)
  }

  awaitsTitle(conversationUid: string): boolean {
    return this.row(conversationUid).title_pending === 1
  }

  setFirstExchangeTitle(conversationUid: string, title: string): ConversationSummary | null {
    const newTitle = readTitle(title)
    const row = this.row(conversationUid)
    if (row.title_pending !== 1) return null
    this.writeTitle(row, newTitle)
    return this.get(conversationUid)
  }

  /** The one place a title is written (by the user, or from the first exchange); either ends the wait for one. */
  private writeTitle(row: ConversationRow, title: string): void {
    const extra = extraWithout(row.extra, ['title'])
    mutate(this.db, () => {
      stmt(
        this.db,
        'UPDATE conversations SET title = ?, extra = ?, changed = 1, title_pending = NULL WHERE id = ?'
      ).run(title, extra ?? row.extra, row.id)
    })
  }

  /** Appends after every message and quarantined message; the conversation becomes the most recent. */
  appendMessage(uid: string, message: NewMessage): MessageView {
    const { role, content } = readNewMessage(message)
    const added = this.insertMessage(uid, role, content, null)
    return { id: added.uid, role, text: content, createdAt: added.iso }
  }

  transcript(conversationUid: string): ChatMessage[] {
    const conversation = this.row(conversationUid)
    this.markInterruptedReplies(conversationUid)
    const rows = stmt(
      this.db,
      `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS} FROM messages WHERE conversation_id = ? AND inactive IS NULL
       ORDER BY position`
    ).all(conversation.id) as ReplyRow[]
    return rows.map(chatMessage)
  }

  recentTranscript(conversationUid: string, enough: (message: ChatMessage) => boolean): RecentTranscript {
    const conversation = this.row(conversationUid)
    this.markInterruptedReplies(conversationUid)
    return readRecentTranscript(this.db, conversation.id, enough)
  }

  startReply(conversationUid: string, start: ReplyStart, replacing?: string): ChatMessage {
    const added = this.insertMessage(conversationUid, 'assistant', '', start, replacing ?? null)
    return this.reply(added.uid)
  }

  editMessage(conversationUid: string, messageUid: string, content: string): MessageView {
    const { role, content: text } = readNewMessage({ role: 'user', content })
    const added = this.insertMessage(conversationUid, role, text, null, messageUid)
    return { id: added.uid, role, text, createdAt: added.iso }
  }

  switchBranch(conversationUid: string, messageUid: string, index: number): string {
    const row = this.row(conversationUid)
    return mutate(this.db, () => {
      const { shownDelta, changed, shownUid } = switchVersion(this.db, row.id, messageUid, index)
      if (changed)
        stmt(
          this.db,
          'UPDATE conversations SET message_count = message_count + ?, changed = 1 WHERE id = ?'
        ).run(shownDelta, row.id)
      return shownUid
    })
  }

  startToolCall(conversationUid: string, call: NewToolCall): ChatMessage {
    const added = this.insertMessage(conversationUid, 'tool', '', { model: '', profileId: '' }, null, call)
    // Its legacy fields are in place from the start, so an export at any moment writes it as a tool message.
    return this.updateToolCall(added.uid, { status: 'awaiting-approval' })
  }

  updateToolCall(messageUid: string, update: ToolCallUpdate): ChatMessage {
    const current = this.reply(messageUid).tool
    if (!current) throw notFound('Tool call', messageUid)
    const call = {
      ...current,
      status: update.status,
      arguments: update.arguments ?? current.arguments,
      error: update.error === undefined ? current.error : update.error,
      durationMs: update.durationMs === undefined ? current.durationMs : update.durationMs
    }
    const ended = call.status !== 'awaiting-approval' && call.status !== 'running'
    const replyStatus = !ended
      ? 'streaming'
      : call.status === 'done'
        ? 'complete'
        : call.status === 'cancelled'
          ? 'stopped'
          : 'error'
    mutate(this.db, () => {
      stmt(
        this.db,
        `UPDATE messages SET content = COALESCE(?, content), tool_args = ?, tool_status = ?, tool_error = ?,
           tool_duration_ms = ?, reply_status = ?, reply_error = ?, writer_pid = CASE WHEN ? THEN NULL ELSE writer_pid END,
           heartbeat_ms = ?, extra = ? WHERE uid = ?`
      ).run(
        update.result ?? null,
        JSON.stringify(call.arguments),
        call.status,
        call.error,
        call.durationMs,
        replyStatus,
        call.status === 'error' ? call.error : null,
        ended ? 1 : 0,
        Date.now(),
        JSON.stringify(toolMessageExtra(call)),
        messageUid
      )
    })
    return this.reply(messageUid)
  }

  toolGrants(): ToolGrant[] {
    return toolGrants(this.db)
  }

  addToolGrant(grant: NewToolGrant): ToolGrant {
    return addToolGrant(this.db, grant)
  }

  revokeToolGrant(grantId: string): boolean {
    return revokeToolGrant(this.db, grantId)
  }

  readOnlyServers(): string[] {
    return readOnlyServers(this.db)
  }

  setReadOnlyDefault(serverId: string, allowed: boolean): void {
    setReadOnlyDefault(this.db, serverId, allowed)
  }

  saveReplyText(messageUid: string, text: string): void {
    stmt(
      this.db,
      `UPDATE messages SET content = ?, heartbeat_ms = ? WHERE uid = ? AND reply_status = 'streaming'`
    ).run(text, Date.now(), messageUid)
  }

  finishReply(messageUid: string, end: ReplyEnd): ChatMessage {
    mutate(this.db, () => {
      stmt(
        this.db,
        `UPDATE messages SET content = ?, reply_status = ?, finish_reason = ?, input_tokens = ?, output_tokens = ?,
           tokens_estimated = ?, cached_input_tokens = ?, cache_write_tokens = ?, reply_error = ?, writer_pid = NULL,
           heartbeat_ms = ?, extra = COALESCE(?, extra) WHERE uid = ? AND reply_status IS NOT NULL`
      ).run(
        end.text,
        end.status,
        end.finishReason ?? null,
        end.usage?.inputTokens ?? null,
        end.usage?.outputTokens ?? null,
        end.usage ? Number(end.usage.estimated) : null,
        end.usage?.cachedInputTokens ?? null,
        end.usage?.cacheWriteTokens ?? null,
        end.error ?? null,
        Date.now(),
        end.toolCalls && end.toolCalls.length > 0 ? JSON.stringify(replyToolCallsExtra(end.toolCalls)) : null,
        messageUid
      )
    })
    return this.reply(messageUid)
  }

  /** A reply is cut off when its writer process is gone, or has not written for STALE_REPLY_MS. */
  markInterruptedReplies(conversationUid?: string): number {
    // A read-only connection (verification, export) only reads; the next writer marks them.
    if (this.db.readonly) return 0
    // One conversation's rows through its index (not a scan of every message, as `? IS NULL OR …` would be).
    const streaming = (
      conversationUid === undefined
        ? stmt(
            this.db,
            `SELECT id, writer_pid, heartbeat_ms FROM messages WHERE reply_status = 'streaming'`
          ).all()
        : stmt(
            this.db,
            `SELECT id, writer_pid, heartbeat_ms FROM messages WHERE conversation_id = ? AND reply_status = 'streaming'`
          ).all(this.row(conversationUid).id)
    ) as {
      id: number
      writer_pid: number | null
      heartbeat_ms: number | null
    }[]
    const now = Date.now()
    const gone = streaming.filter(
      (r) => !processAlive(r.writer_pid) || (r.heartbeat_ms ?? 0) < now - STALE_REPLY_MS
    )
    if (gone.length === 0) return 0
    mutate(this.db, () => {
      for (const r of gone)
        stmt(
          this.db,
          `UPDATE messages SET reply_status = 'interrupted', writer_pid = NULL,
             reply_error = COALESCE(reply_error, ?) WHERE id = ?`
        ).run(INTERRUPTED_LINE, r.id)
    })
    return gone.length
  }

  summaries(conversationUid: string): StoredSummary[] {
    const row = this.row(conversationUid)
    return conversationSummaries(this.db, row.id, row.extra)
  }

  addSummary(conversationUid: string, summary: NewSummary): StoredSummary {
    return insertSummary(this.db, this.row(conversationUid).id, summary)
  }

  /**
   * Inserts a message at the end, following the last message shown; `reply` makes it a chat reply streaming from
   * this process; `replacing` makes it a new version of that message (of the same role), which is hidden with the
   * path beneath it.
   */
  private insertMessage(
    uid: string,
    role: string,
    content: string,
    reply: ReplyStart | null,
    replacing: string | null = null,
    tool: NewToolCall | null = null
  ): { uid: string; iso: string } {
    const row = this.row(uid)
    if (row.messages_shape === 'extra') {
      throw new UserError(
        'INVALID_INPUT',
        `Conversation ${uid} keeps its messages in a form this version cannot add to (its "messages" field is not a list). Start a new conversation instead.`
      )
    }
    const messageUid = randomUUID()
    const now = appTimestamp()
    mutate(this.db, () => {
      const branch =
        replacing === null
          ? { parent: lastActiveId(this.db, row.id), hidden: 0 }
          : hideFrom(this.db, row.id, activeMessage(this.db, row.id, replacing, role))
      stmt(
        this.db,
        `INSERT INTO messages(conversation_id, position, uid, role, content, created_at, created_ms, extra,
           reply_status, reply_model, reply_profile_id, writer_pid, heartbeat_ms, branch_parent, ${TOOL_COLUMNS})
         VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        row.id,
        nextMessagePosition(this.db, row.id),
        messageUid,
        role,
        content,
        now.json,
        now.ms,
        reply ? 'streaming' : null,
        tool ? null : (reply?.model ?? null),
        tool ? null : (reply?.profileId ?? null),
        reply ? process.pid : null,
        reply ? now.ms : null,
        branch.parent,
        ...(tool ? newToolValues(tool) : Array<null>(9).fill(null))
      )
      stmt(
        this.db,
        `UPDATE conversations SET message_count = message_count + ?, messages_shape = 'array',
           updated_at = ?, updated_ms = ?, sort_ms = ?, changed = 1 WHERE id = ?`
      ).run(1 - branch.hidden, now.json, now.ms, now.ms, row.id)
    })
    return { uid: messageUid, iso: now.iso }
  }

  private reply(messageUid: string): ChatMessage {
    const row = stmt(
      this.db,
      `SELECT ${MESSAGE_COLUMNS}, ${REPLY_COLUMNS} FROM messages WHERE uid = ? AND reply_status IS NOT NULL`
    ).get(messageUid) as ReplyRow | undefined
    if (!row) throw notFound('Reply', messageUid)
    return chatMessage(row)
  }

  /**
   * Deletes the conversation with its messages, embeddings and quarantined records (and their keychain entries),
   * recording the deletion of a migrated conversation so verification tells it from a loss.
   */
  async delete(uid: string): Promise<void> {
    const row = this.row(uid)
    const accounts = mutate(this.db, () => {
      const quarantined = stmt(this.db, 'SELECT id FROM quarantine WHERE conversation_id = ?').all(
        row.id
      ) as {
        id: number
      }[]
      const stale = quarantined.flatMap((q) => dropRefs(this.db, 'quarantine', q.id))
      stmt(this.db, 'DELETE FROM conversations WHERE id = ?').run(row.id)
      recordDeletion(this.db, 'conversation', row)
      return stale
    })
    if (this.secrets) await forgetSecrets(this.secrets, accounts)
  }

  private row(uid: string): ConversationRow {
    const row = stmt(
      this.db,
      `SELECT ${CONVERSATION_COLUMNS} FROM ${CONVERSATIONS_WITH_AGENT} WHERE c.uid = ?`
    ).get(requireId(uid, 'Conversation id')) as ConversationRow | undefined
    if (!row) throw notFound(NOT_FOUND_LABEL, uid)
    return row
  }
}
