// What the floor and naive variants share: reading conversations.json whole, rows for two plain tables, and the
// one-line JSON result (or failure) each prints last on stdout.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type Cell = string | number | null

export interface ConversationRow {
  id: Cell
  title: Cell
  created_at: Cell
  updated_at: Cell
}

export interface MessageRow {
  conversation_id: Cell
  position: number
  id: Cell
  role: Cell
  content: Cell
  created_at: Cell
}

export interface LegacyRecords {
  conversations: Record<string, unknown>[]
  messages: number
  readMs: number
  parseMs: number
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A value for a TEXT column: strings and numbers as they are, anything else as JSON (absent: null). */
export function cell(value: unknown): Cell {
  if (value === undefined || value === null) return null
  if (typeof value === 'string' || typeof value === 'number') return value
  return JSON.stringify(value)
}

/** `readFileSync(…, 'utf8')` and `JSON.parse`: the whole file as one string, then the whole tree. */
export function readLegacyConversations(dir: string): LegacyRecords {
  const started = performance.now()
  const text = readFileSync(join(dir, 'conversations.json'), 'utf8')
  const read = performance.now()
  const parsed: unknown = JSON.parse(text)
  const parseMs = performance.now() - read
  const list = isRecord(parsed) ? parsed['conversations'] : parsed
  const conversations = Array.isArray(list) ? list.filter(isRecord) : []
  const messages = conversations.reduce((sum, c) => sum + messagesOf(c).length, 0)
  return { conversations, messages, readMs: read - started, parseMs }
}

export function messagesOf(conversation: Record<string, unknown>): Record<string, unknown>[] {
  const messages = conversation['messages']
  return Array.isArray(messages) ? messages.filter(isRecord) : []
}

export function conversationRow(c: Record<string, unknown>): ConversationRow {
  return {
    id: cell(c['id']),
    title: cell(c['title']),
    created_at: cell(c['created_at']),
    updated_at: cell(c['updated_at'])
  }
}

export function messageRow(conversationId: Cell, position: number, m: Record<string, unknown>): MessageRow {
  return {
    conversation_id: conversationId,
    position,
    id: cell(m['id']),
    role: cell(m['role']),
    content: cell(m['content']),
    created_at: cell(m['created_at'])
  }
}

export const INSERT_CONVERSATION =
  'INSERT INTO conversations (id, title, created_at, updated_at) VALUES (@id, @title, @created_at, @updated_at)'
export const INSERT_MESSAGE =
  'INSERT INTO messages (conversation_id, position, id, role, content, created_at) ' +
  'VALUES (@conversation_id, @position, @id, @role, @content, @created_at)'

/** Prints the result as the last stdout line. */
export function printResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

/** Reports an error (V8's string limit at 1 GB, say) as a reason instead of a crash: JSON line, stderr, exit 1. */
export function failWith(variant: string, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  const reason = typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message
  printResult({ ok: false, variant, reason })
  process.stderr.write(`${variant}: ${reason}\n`)
  process.exitCode = 1
}
