// The json backend's conversations: `conversations.json` in its legacy shape, newest first, every change written
// back to the file before it is shown.
import { randomUUID } from 'node:crypto'
import { UserError } from '../../../shared/errors'
import type { ConversationSummary, MessageView, Page } from '../../../shared/types'
import { parseTimestamp } from '../../legacy/record-checks'
import { clampLimit, decodeCursor, encodeCursor } from '../cursor'
import { contentText, isoFromValue } from '../message-text'
import {
  CONVERSATION_PAGE_DEFAULT,
  CONVERSATION_PAGE_MAX,
  MESSAGE_PAGE_DEFAULT,
  MESSAGE_PAGE_MAX
} from '../sqlite/sqlite-conversations'
import { listQuery, notFound, requireId } from '../store-input'
import { readNewConversation, readNewMessage, readTitle } from '../record-input'
import { appTimestamp } from '../sqlite/store-changes'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import type {
  ConversationListOptions,
  ConversationStore,
  MessageListOptions,
  NewConversation,
  NewMessage
} from '../store'
import { recordObject, type JsonDocument } from './json-document'
import { AGENTS_NEED_SQLITE } from './json-chat'

function ms(value: JsonValue | undefined): number | null {
  const parsed = parseTimestamp(value)
  return typeof parsed === 'number' ? parsed : null
}

/** The sort key the SQLite store uses too: last update, else the newest message, else creation. */
function sortMs(conversation: JsonObject): number {
  const updated = ms(conversation.updated_at)
  if (updated !== null) return updated
  const messages = conversation.messages
  let last: number | null = null
  if (Array.isArray(messages))
    for (const message of messages) {
      const created = isPlainObject(message) ? ms(message.created_at) : null
      if (created !== null) last = Math.max(last ?? created, created)
    }
  return last ?? ms(conversation.created_at) ?? 0
}

function summary(conversation: JsonObject): ConversationSummary {
  const messages = conversation.messages
  return {
    id: conversation.id as string,
    title: typeof conversation.title === 'string' ? conversation.title : '',
    profileId: typeof conversation.profile_id === 'string' ? conversation.profile_id : null,
    createdAt: isoFromValue(conversation.created_at),
    updatedAt: isoFromValue(conversation.updated_at),
    messageCount: Array.isArray(messages) ? messages.filter(isPlainObject).length : 0
  }
}

function messageView(message: JsonObject, index: number): MessageView {
  return {
    id: typeof message.id === 'string' ? message.id : `#${index}`,
    role: typeof message.role === 'string' ? message.role : '',
    text: contentText(message.content),
    createdAt: isoFromValue(message.created_at)
  }
}

function matches(conversation: JsonObject, needle: string): boolean {
  if (typeof conversation.title === 'string' && conversation.title.toLowerCase().includes(needle)) return true
  const messages = conversation.messages
  return (
    Array.isArray(messages) &&
    messages.some((m) => isPlainObject(m) && contentText(m.content).toLowerCase().includes(needle))
  )
}

interface Listed {
  /** Which document (0 is conversations.json, then the conversation folders' files). */
  doc: number
  position: number
  /** Place across all documents, in reading order: the tie-break after the sort key. */
  ordinal: number
  sortMs: number
}

interface Found {
  conversation: JsonObject
  doc: JsonDocument
  position: number
}

export class JsonConversationStore implements ConversationStore {
  /** Conversations newest first, rebuilt after each change. */
  private order: Listed[] | null = null
  /** Each conversation's sort key, dropped when a change moves it, so a re-sort does not read every message again. */
  private readonly sortKeys = new WeakMap<JsonObject, number>()
  /** Where each id's first conversation is, rebuilt after a deletion. */
  private places: Map<string, { doc: number; position: number }> | null = null

  /**
   * `docs[0]` is conversations.json, where new conversations go; the rest are the files of the conversation
   * folders (`conversations/<id>.json`, `sessions/<hash>.json`) that older versions kept, in the order the
   * migration reads them, so a repeated id resolves to the same conversation on every backend.
   */
  constructor(private readonly docs: readonly JsonDocument[]) {}

  /** Newest first by (last activity, place); the cursor is the last item's pair. */
  list(options: ConversationListOptions = {}): Page<ConversationSummary> {
    const limit = clampLimit(options.limit, CONVERSATION_PAGE_DEFAULT, CONVERSATION_PAGE_MAX)
    const after = options.cursor ? decodeCursor('json-conversations', options.cursor, 2) : null
    const needle = listQuery(options.query).toLowerCase()
    const items: ConversationSummary[] = []
    let last: Listed | null = null
    let more = false
    for (const entry of this.sorted()) {
      if (after && (entry.sortMs > after[0]! || (entry.sortMs === after[0] && entry.ordinal >= after[1]!)))
        continue
      const conversation = recordObject(this.docs[entry.doc]!.records[entry.position])!
      if (needle !== '' && !matches(conversation, needle)) continue
      if (items.length === limit) {
        more = true
        break
      }
      items.push(summary(conversation))
      last = entry
    }
    const nextCursor = more && last ? encodeCursor('json-conversations', [last.sortMs, last.ordinal]) : null
    return { items, nextCursor }
  }

  get(uid: string): ConversationSummary {
    return summary(this.find(uid).conversation)
  }

  messages(uid: string, options: MessageListOptions = {}): Page<MessageView> {
    const { conversation } = this.find(uid)
    const limit = clampLimit(options.limit, MESSAGE_PAGE_DEFAULT, MESSAGE_PAGE_MAX)
    const list = Array.isArray(conversation.messages) ? conversation.messages : []
    if (options.fromEnd) return messagesBefore(list, options.cursor ?? null, limit)
    const start = options.cursor ? decodeCursor('json-messages', options.cursor, 1)[0]! + 1 : 0
    const items: MessageView[] = []
    let index = start
    let lastIndex = -1
    for (; index < list.length && items.length < limit; index++) {
      const message = list[index]
      if (!isPlainObject(message)) continue
      items.push(messageView(message, index))
      lastIndex = index
    }
    const more = list.slice(index).some(isPlainObject)
    return { items, nextCursor: more ? encodeCursor('json-messages', [lastIndex]) : null }
  }

  /** New conversations go to conversations.json. */
  create(input: NewConversation): ConversationSummary {
    const { title, profileId, agentId } = readNewConversation(input)
    if (agentId !== null) throw new UserError('WRONG_STATE', AGENTS_NEED_SQLITE)
    const now = appTimestamp().iso
    const conversation: JsonObject = {
      id: randomUUID(),
      title,
      profile_id: profileId,
      messages: [],
      created_at: now,
      updated_at: now
    }
    const main = this.docs[0]!
    return main.change(() => {
      main.records.push({ value: conversation, mapKey: null })
      this.order = null
      this.places?.set(conversation.id as string, { doc: 0, position: main.records.length - 1 })
      return {
        result: summary(conversation),
        undo: () => {
          main.records.pop()
          this.order = null
          this.places?.delete(conversation.id as string)
        }
      }
    })
  }

  rename(uid: string, title: string): ConversationSummary {
    const newTitle = readTitle(title)
    const { conversation, doc } = this.find(uid)
    if (conversation.title === newTitle) return summary(conversation)
    const had = Object.hasOwn(conversation, 'title')
    const before = conversation.title
    return doc.change(() => {
      conversation.title = newTitle
      return {
        result: summary(conversation),
        undo: () => {
          if (had) conversation.title = before!
          else delete conversation.title
        }
      }
    })
  }

  appendMessage(uid: string, message: NewMessage): MessageView {
    const { role, content } = readNewMessage(message)
    const { conversation, doc } = this.find(uid)
    if (Object.hasOwn(conversation, 'messages') && !Array.isArray(conversation.messages)) {
      throw new UserError(
        'INVALID_INPUT',
        `Conversation ${uid} keeps its messages in a form this version cannot add to (its "messages" field is not a list). Start a new conversation instead.`
      )
    }
    const now = appTimestamp().iso
    const added: JsonObject = { id: randomUUID(), role, content, created_at: now }
    const hadList = Array.isArray(conversation.messages)
    const hadUpdated = Object.hasOwn(conversation, 'updated_at')
    const updatedBefore = conversation.updated_at
    return doc.change(() => {
      if (!Array.isArray(conversation.messages)) conversation.messages = []
      const list = conversation.messages as JsonValue[]
      list.push(added)
      conversation.updated_at = now
      this.sortKeys.delete(conversation)
      this.order = null
      return {
        result: messageView(added, list.length - 1),
        undo: () => {
          if (hadList) list.pop()
          else delete conversation.messages
          if (hadUpdated) conversation.updated_at = updatedBefore!
          else delete conversation.updated_at
          this.sortKeys.delete(conversation)
          this.order = null
        }
      }
    })
  }

  /** Removes the conversation from its file; a `conversations/<id>.json` file that held only it is removed. */
  async delete(uid: string): Promise<void> {
    const { doc, position } = this.find(uid)
    doc.change(() => {
      const [removed] = doc.records.splice(position, 1)
      this.order = null
      this.places = null
      return {
        result: undefined,
        undo: () => {
          doc.records.splice(position, 0, removed!)
          this.order = null
          this.places = null
        }
      }
    })
  }

  /** Every conversation in reading order, a repeated id only at its first place. */
  private *firsts(): Generator<{ conversation: JsonObject; doc: number; position: number; ordinal: number }> {
    const seen = new Set<string>()
    let ordinal = 0
    for (let doc = 0; doc < this.docs.length; doc++) {
      const records = this.docs[doc]!.records
      for (let position = 0; position < records.length; position++, ordinal++) {
        const conversation = recordObject(records[position])
        // A repeated id is listed once, as the migration sets later duplicates aside.
        if (!conversation || typeof conversation.id !== 'string' || seen.has(conversation.id)) continue
        seen.add(conversation.id)
        yield { conversation, doc, position, ordinal }
      }
    }
  }

  private sorted(): Listed[] {
    if (!this.order) {
      const order: Listed[] = []
      for (const { conversation, doc, position, ordinal } of this.firsts()) {
        let key = this.sortKeys.get(conversation)
        if (key === undefined) {
          key = sortMs(conversation)
          this.sortKeys.set(conversation, key)
        }
        order.push({ doc, position, ordinal, sortMs: key })
      }
      order.sort((a, b) => b.sortMs - a.sortMs || b.ordinal - a.ordinal)
      this.order = order
    }
    return this.order
  }

  /** The first conversation with this id (a later duplicate stays in its file, as the migration quarantines it). */
  private find(uid: string): Found {
    const id = requireId(uid, 'Conversation id')
    if (!this.places) {
      const places = new Map<string, { doc: number; position: number }>()
      for (const { conversation, doc, position } of this.firsts())
        places.set(conversation.id as string, { doc, position })
      this.places = places
    }
    const place = this.places.get(id)
    if (place === undefined) throw notFound('Conversation', uid)
    const doc = this.docs[place.doc]!
    return { conversation: recordObject(doc.records[place.position])!, doc, position: place.position }
  }
}

/** The `limit` messages before the cursor's index (the newest, without one), oldest first. */
function messagesBefore(list: unknown[], cursor: string | null, limit: number): Page<MessageView> {
  const end =
    cursor === null ? list.length : Math.min(decodeCursor('json-messages-before', cursor, 1)[0]!, list.length)
  const items: MessageView[] = []
  let index = end - 1
  let firstIndex = -1
  for (; index >= 0 && items.length < limit; index--) {
    const message = list[index]
    if (!isPlainObject(message)) continue
    items.push(messageView(message, index))
    firstIndex = index
  }
  const more = list.slice(0, index + 1).some(isPlainObject)
  return {
    items: items.reverse(),
    nextCursor: more ? encodeCursor('json-messages-before', [firstIndex]) : null
  }
}
