// ChatGPT's and Claude's exports as conversations: ChatGPT's message tree flattened along the branch the user was on
// (the other branches kept verbatim with the conversation), Claude's chat_messages (or a messages-API transcript's
// messages) in order. Reasoning parts keep their text; other non-text parts become a placeholder in the text, with
// the original kept with the message; every other field is kept too.
import { contentHash } from '../../base/canonical-json'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { jsonNumber } from '../../base/json-text'

export type ChatApp = 'chatgpt' | 'claude'

export interface ExportedConversation {
  /** The conversation's id in the export. */
  id: string
  record: JsonObject
  messages: JsonObject[]
  /** What the import report should say about it (e.g. a message id used twice; both messages are kept). */
  warnings: string[]
}

/** Which app wrote a conversation object, or null when it looks like neither. */
export function chatAppOf(value: JsonValue): ChatApp | null {
  if (!isPlainObject(value)) return null
  if (isPlainObject(value['mapping'])) return 'chatgpt'
  if (Array.isArray(value['chat_messages'])) return 'claude'
  // A messages-API transcript (`{ model, system, messages: [{ role, content }] }`) is Claude's too.
  if (Array.isArray(value['messages'])) return 'claude'
  return null
}

function without(record: JsonObject, fields: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)))
}

function str(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** ChatGPT's reasoning: `thoughts` (each with a summary and its content) and `reasoning_recap` ("Thought for 8s"). */
const REASONING_TYPES: ReadonlySet<string> = new Set(['thoughts', 'reasoning_recap'])

function reasoningText(content: JsonObject): string {
  const thoughts = Array.isArray(content['thoughts']) ? content['thoughts'] : []
  const pieces = thoughts.flatMap((thought) =>
    isPlainObject(thought) ? [str(thought['summary']), str(thought['content'])] : [str(thought)]
  )
  return [...pieces, str(content['content']), str(content['text'])]
    .filter((piece): piece is string => piece !== null)
    .join('\n\n')
}

/** The text of a ChatGPT message content, and whether it was plain text (else the original is kept). */
function chatgptText(content: JsonValue | undefined): { text: string; plain: boolean } {
  if (!isPlainObject(content)) return { text: '', plain: content === undefined || content === null }
  const type = str(content['content_type']) ?? 'unknown'
  if (REASONING_TYPES.has(type)) return { text: reasoningText(content), plain: false }
  const parts = Array.isArray(content['parts']) ? content['parts'] : null
  if (parts) {
    const pieces = parts.map((part) =>
      typeof part === 'string'
        ? part
        : isPlainObject(part)
          ? `[${str(part['content_type']) ?? 'attachment'}]`
          : ''
    )
    return {
      text: pieces.join('\n'),
      plain: type === 'text' && parts.every((part) => typeof part === 'string')
    }
  }
  const text = str(content['text']) ?? str(content['result'])
  return { text: text ?? `[${type}]`, plain: false }
}

/** ChatGPT writes times as epoch seconds (with a fraction); they are kept as the ISO time they stand for. */
function secondsToIso(value: JsonValue | undefined): JsonValue {
  const seconds = jsonNumber(value)
  return seconds !== null && Number.isFinite(seconds)
    ? new Date(Math.round(seconds * 1000)).toISOString()
    : (value ?? null)
}

/** Where an app keeps a conversation's own fields, and how it writes times. */
interface ConversationFields {
  /** Fields read elsewhere (the messages, the id), left out of the record. */
  read: readonly string[]
  title: string
  created: string
  updated: string
  time(value: JsonValue | undefined): JsonValue
}

/** The conversation's record: every field not read elsewhere kept, the app's id under `<app>_id`, the title
 * ('Untitled chat' when it has none) and the times. */
function conversationRecord(
  app: ChatApp,
  conversation: JsonObject,
  id: string,
  fields: ConversationFields
): JsonObject {
  return {
    ...without(conversation, [...fields.read, fields.title, fields.created, fields.updated]),
    [`${app}_id`]: id,
    title: str(conversation[fields.title]) ?? 'Untitled chat',
    created_at: fields.time(conversation[fields.created]),
    updated_at: fields.time(conversation[fields.updated])
  }
}

const CHATGPT_FIELDS: ConversationFields = {
  read: ['mapping', 'id'],
  title: 'title',
  created: 'create_time',
  updated: 'update_time',
  time: secondsToIso
}

const CLAUDE_FIELDS: ConversationFields = {
  read: ['chat_messages', 'uuid'],
  title: 'name',
  created: 'created_at',
  updated: 'updated_at',
  time: (value) => value ?? null
}

function isHidden(message: JsonObject): boolean {
  const metadata = message['metadata']
  return isPlainObject(metadata) && metadata['is_visually_hidden_from_conversation'] === true
}

/** ChatGPT: from `current_node` up through the parents, reversed, is the branch the user saw last. */
export function chatgptConversation(conversation: JsonObject, index: number): ExportedConversation | string {
  const mapping = conversation['mapping']
  if (!isPlainObject(mapping)) return `conversation ${index} has no "mapping" object`
  const id = str(conversation['id']) ?? str(conversation['conversation_id']) ?? `#${index}`
  const nodes = mapping as Record<string, JsonValue>
  let current = str(conversation['current_node'])
  if (current === null || !isPlainObject(nodes[current])) {
    // No current node: the deepest leaf by following first children from the root.
    current =
      Object.keys(nodes).find((key) => {
        const node = nodes[key]
        return isPlainObject(node) && (node['parent'] === null || node['parent'] === undefined)
      }) ?? null
    while (current !== null) {
      const node = nodes[current]
      const children = isPlainObject(node) && Array.isArray(node['children']) ? node['children'] : []
      const next = str(children[children.length - 1])
      if (next === null || !isPlainObject(nodes[next])) break
      current = next
    }
  }
  const branch: string[] = []
  const seen = new Set<string>()
  for (let at = current; at !== null && !seen.has(at);) {
    seen.add(at)
    branch.unshift(at)
    const node = nodes[at]
    at = isPlainObject(node) ? str(node['parent']) : null
  }
  const messages: JsonObject[] = []
  const hidden: JsonValue[] = []
  for (const key of branch) {
    const node = nodes[key]
    const message = isPlainObject(node) ? node['message'] : null
    if (!isPlainObject(message)) continue
    const { text, plain } = chatgptText(message['content'])
    const contentType = isPlainObject(message['content']) ? str(message['content']['content_type']) : null
    const author = isPlainObject(message['author']) ? message['author'] : {}
    const role = str(author['role']) ?? 'unknown'
    if (isHidden(message) || (role === 'system' && text.trim() === '')) {
      hidden.push(message)
      continue
    }
    messages.push({
      ...without(message, ['id', 'author', 'content', 'create_time']),
      id: str(message['id']) ?? key,
      role,
      content: text,
      created_at: secondsToIso(message['create_time']),
      ...(contentType !== null && REASONING_TYPES.has(contentType) ? { reasoning: contentType } : {}),
      ...(Object.keys(author).length > 1 ? { chatgpt_author: author } : {}),
      ...(plain ? {} : { chatgpt_content: message['content'] ?? null })
    })
  }
  const others = Object.entries(nodes)
    .filter(([key, node]) => !seen.has(key) && isPlainObject(node) && isPlainObject(node['message']))
    .map(([, node]) => node)
  return {
    id,
    record: {
      ...conversationRecord('chatgpt', conversation, id, CHATGPT_FIELDS),
      ...(others.length > 0 ? { chatgpt_other_branches: others } : {}),
      ...(hidden.length > 0 ? { chatgpt_hidden_messages: hidden } : {})
    },
    messages,
    warnings: repeatedIds(id, messages)
  }
}

/** A warning for each message id the conversation uses more than once (every message is kept). */
function repeatedIds(conversationId: string, messages: readonly JsonObject[]): string[] {
  const counts = new Map<string, number>()
  for (const message of messages) {
    const id = message['id']
    if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(
      ([id, count]) =>
        `conversation ${conversationId}: message id ${id} is used by ${count} messages; all ${count} were kept`
    )
}

const CLAUDE_ROLES: Record<string, string> = { human: 'user', assistant: 'assistant' }

/** A Claude content part as text: its text (a thinking part's thinking), else a placeholder naming its type. */
function claudePartText(part: JsonValue): string {
  if (!isPlainObject(part)) return typeof part === 'string' ? part : ''
  return str(part['text']) ?? str(part['thinking']) ?? `[${str(part['type']) ?? 'part'}]`
}

/**
 * Claude: the data export's `chat_messages` (`sender`, `text`, `content[]`), or a messages-API transcript's
 * `messages` (`role`, `content` as a string or parts), which has no id of its own: it is known by its content.
 */
export function claudeConversation(conversation: JsonObject, index: number): ExportedConversation | string {
  const listKey = Array.isArray(conversation['chat_messages']) ? 'chat_messages' : 'messages'
  const list = conversation[listKey]
  if (!Array.isArray(list)) return `conversation ${index} has no "chat_messages" list`
  const id =
    str(conversation['uuid']) ??
    (listKey === 'messages'
      ? (str(conversation['id']) ?? `transcript:${contentHash(conversation).slice(0, 16)}`)
      : `#${index}`)
  const messages = list.map((message, position): JsonObject => {
    if (!isPlainObject(message))
      return { role: 'unknown', content: JSON.stringify(message), claude_message: message, position }
    const content = message['content']
    const parts = Array.isArray(content) ? content : []
    const fromParts = parts
      .map(claudePartText)
      .filter((piece) => piece !== '')
      .join('\n')
    const text = str(message['text']) ?? (typeof content === 'string' ? content : fromParts)
    const sender = str(message['sender']) ?? str(message['role']) ?? 'unknown'
    const onlyText = parts.every((part) => isPlainObject(part) && part['type'] === 'text')
    const plain = typeof content === 'string' || (onlyText && str(message['text']) !== null)
    return {
      ...without(message, ['uuid', 'text', 'sender', 'role', 'created_at', 'content']),
      ...(str(message['uuid']) ? { id: str(message['uuid']) } : {}),
      role: CLAUDE_ROLES[sender] ?? sender,
      content: text,
      created_at: message['created_at'] ?? null,
      ...(plain ? {} : { claude_content: content ?? null })
    }
  })
  return {
    id,
    record: conversationRecord('claude', conversation, id, { ...CLAUDE_FIELDS, read: [listKey, 'uuid'] }),
    messages,
    warnings: repeatedIds(id, messages)
  }
}

export function exportedConversation(
  app: ChatApp,
  value: JsonValue,
  index: number
): ExportedConversation | string {
  if (!isPlainObject(value))
    return `conversation ${index} is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}, not an object`
  return app === 'chatgpt' ? chatgptConversation(value, index) : claudeConversation(value, index)
}
