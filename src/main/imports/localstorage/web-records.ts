// The web version's record shapes turned into this app's: profiles and MCP servers in the legacy record shape (the
// writers lift their secrets to the keychain), agents, and chat sessions as conversations with their messages. Every
// field the web version had is kept (renamed ones under their new name, the rest as they were).
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { rawNumberText } from '../../base/json-text'

function str(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : rawNumberText(value)
}

function first(record: JsonObject, fields: readonly string[]): JsonValue | undefined {
  for (const field of fields) if (record[field] !== undefined) return record[field]
  return undefined
}

function without(record: JsonObject, fields: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)))
}

/** The id the web version gave a record, for mapping it on a later import; else its place in the list. */
export function webId(record: JsonObject, index: number | string): string {
  return str(record['id']) ?? `#${index}`
}

/** A profile: name, provider, model, base_url and api_key taken from the web names (the key, by the name rule, and
 * the endpoint go to the keychain: see shared/secret-policy). */
export function profileRecord(config: JsonObject): JsonObject {
  const baseUrl = first(config, ['baseUrl', 'base_url', 'baseURL'])
  const apiKey = first(config, ['apiKey', 'api_key'])
  return {
    ...without(config, ['id', 'label', 'modelName', 'baseUrl', 'baseURL', 'apiKey']),
    ...(apiKey !== undefined ? { api_key: apiKey } : {}),
    ...(config['id'] !== undefined ? { web_id: config['id'] } : {}),
    name: first(config, ['name', 'label']) ?? null,
    provider: config['provider'] ?? null,
    model: first(config, ['model', 'modelName']) ?? null,
    ...(baseUrl !== undefined ? { base_url: baseUrl } : {})
  }
}

/** An MCP server: `type` becomes transport; the name comes from the map key when the servers are a map. */
export function mcpRecord(server: JsonObject, mapKey: string | null): JsonObject {
  return {
    ...without(server, ['id', 'type']),
    ...(server['id'] !== undefined ? { web_id: server['id'] } : {}),
    name: server['name'] ?? mapKey,
    ...(server['type'] !== undefined && server['transport'] === undefined
      ? { transport: server['type'] }
      : {})
  }
}

/** The list of records a key holds: a list, or a map of name → record (the name passed along). */
export function recordsOf(
  value: JsonValue
): { record: JsonValue; key: string; mapKey: string | null }[] | null {
  if (Array.isArray(value))
    return value.map((record, index) => ({ record, key: String(index), mapKey: null }))
  if (isPlainObject(value)) {
    for (const listKey of ['servers', 'agents', 'configs', 'items'])
      if (Array.isArray(value[listKey])) return recordsOf(value[listKey])
    return Object.entries(value).map(([name, record]) => ({ record, key: name, mapKey: name }))
  }
  return null
}

export interface AgentFields {
  name: string
  systemPrompt: string | null
  /** The profile it names (a web id or a name), if any. */
  profileRef: string | null
  /** The MCP servers it may use (web ids or names). */
  mcpRefs: string[]
  extra: JsonObject
  createdAt: string | null
  updatedAt: string | null
}

const AGENT_FIELDS = {
  prompt: ['systemPrompt', 'system_prompt', 'instructions', 'prompt'],
  profile: ['llmConfigId', 'llm_config_id', 'profileId', 'profile_id', 'modelConfigId', 'llmConfig'],
  mcp: ['mcpServers', 'mcp_servers', 'mcpServerIds', 'tools'],
  created: ['createdAt', 'created_at'],
  updated: ['updatedAt', 'updated_at']
}

function ref(value: JsonValue): string | null {
  if (isPlainObject(value)) return str(value['id']) ?? str(value['name'])
  return str(value)
}

export function agentFields(agent: JsonObject, index: number): AgentFields {
  const mcp = first(agent, AGENT_FIELDS.mcp)
  const profile = first(agent, AGENT_FIELDS.profile)
  return {
    name: str(agent['name']) ?? `Agent ${index + 1}`,
    systemPrompt: str(first(agent, AGENT_FIELDS.prompt)),
    profileRef: profile === undefined ? null : ref(profile),
    mcpRefs: Array.isArray(mcp) ? mcp.map(ref).filter((r): r is string => r !== null) : [],
    // The agent exactly as the web version had it, so nothing is lost (the mapped fields in their exact form too).
    extra: agent,
    createdAt: str(first(agent, AGENT_FIELDS.created)),
    updatedAt: str(first(agent, AGENT_FIELDS.updated))
  }
}

const ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  bot: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool'
}

function timestamp(value: JsonValue | undefined): JsonValue {
  return value === undefined ? null : value
}

/** Text of a message content: a string as it is; a list of parts joined by their text. */
function contentText(content: JsonValue | undefined): string | null {
  if (typeof content === 'string') return content
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === 'string' ? part : isPlainObject(part) ? (str(part['text']) ?? '') : ''))
      .join('')
  return null
}

function messageRecord(message: JsonValue, index: number): JsonObject {
  if (!isPlainObject(message))
    return { role: 'unknown', content: JSON.stringify(message), web_message: message, web_index: index }
  const content = first(message, ['content', 'text', 'message'])
  const text = contentText(content)
  const role = str(first(message, ['role', 'sender', 'type', 'author'])) ?? 'unknown'
  return {
    ...without(message, [
      'role',
      'sender',
      'type',
      'author',
      'content',
      'text',
      'message',
      'timestamp',
      'createdAt',
      'created_at'
    ]),
    ...(message['id'] !== undefined ? { id: String(message['id']) } : {}),
    role: ROLES[role.toLowerCase()] ?? role,
    content: text ?? (content === undefined || content === null ? '' : JSON.stringify(content)),
    ...(text === null || typeof content !== 'string' ? { original_content: content ?? null } : {}),
    created_at: timestamp(first(message, ['timestamp', 'createdAt', 'created_at']))
  }
}

/** A chat session as a conversation record and its messages in order; null when it holds no conversation. */
export function sessionConversation(
  value: JsonValue,
  key: string
): { record: JsonObject; messages: JsonObject[] } | null {
  const session: JsonObject | null = Array.isArray(value)
    ? { messages: value }
    : isPlainObject(value)
      ? value
      : null
  if (!session) return null
  const list = first(session, ['messages', 'history', 'chat'])
  if (!Array.isArray(list)) return null
  const messages = list.map(messageRecord)
  const lastAt = [...messages].reverse().find((m) => m['created_at'] !== null)?.['created_at'] ?? null
  return {
    record: {
      ...without(session, ['messages', 'history', 'chat', 'title', 'name', 'id', 'createdAt', 'updatedAt']),
      web_session_key: key,
      ...(session['id'] !== undefined ? { web_id: session['id'] } : {}),
      title: str(first(session, ['title', 'name'])) ?? `Chat ${key.replace(/^chat_session_/, '')}`,
      created_at:
        timestamp(first(session, ['createdAt', 'created_at'])) ?? messages[0]?.['created_at'] ?? null,
      updated_at: timestamp(first(session, ['updatedAt', 'updated_at'])) ?? lastAt
    },
    messages
  }
}
