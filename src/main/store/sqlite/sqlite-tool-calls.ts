// Tool calls in the SQLite store (schema v11): the tool columns of a message as the app reads them, the legacy
// fields export writes for them (kept in `extra`: a tool message's `tool_call_id` and `name`, a reply's
// `tool_calls`, the rest under the app's namespaced key), and the grants that let a tool run without asking.
import { randomUUID } from 'node:crypto'
import type { ToolCallStatus } from '../../../shared/types'
import type { JsonObject } from '../../base/record-codec'
import type { NewToolCall, NewToolGrant, ReplyToolCall, StoredToolCall, ToolGrant } from '../store'
import { APP_FIELDS_KEY } from './app-fields'
import type { Db } from './database'
import { appTimestamp, mutate, stmt } from './store-changes'

export const TOOL_COLUMNS =
  'tool_call_id, tool_server_id, tool_server_name, tool_name, tool_model_name, tool_args, tool_status, tool_error, tool_duration_ms'

export interface ToolRow {
  tool_call_id: string | null
  tool_server_id: string | null
  tool_server_name: string | null
  tool_name: string | null
  tool_model_name: string | null
  tool_args: string | null
  tool_status: ToolCallStatus | null
  tool_error: string | null
  tool_duration_ms: number | null
}

/** What a call left waiting or running by a process that died shows: not approvable, not running. */
const CUT_OFF = 'The app stopped before the call finished.'

/**
 * The tool call a row holds, or null for a message that is not one. A call whose writer died (its message marked
 * interrupted) shows as cancelled.
 */
export function storedToolCall(row: ToolRow & { reply_status: string | null }): StoredToolCall | null {
  if (row.tool_call_id === null || row.tool_status === null) return null
  const cutOff =
    row.reply_status === 'interrupted' &&
    (row.tool_status === 'awaiting-approval' || row.tool_status === 'running')
  return {
    callId: row.tool_call_id,
    serverId: row.tool_server_id ?? '',
    serverName: row.tool_server_name ?? '',
    tool: row.tool_name ?? '',
    modelName: row.tool_model_name ?? row.tool_name ?? '',
    arguments: row.tool_args === null ? {} : (JSON.parse(row.tool_args) as Record<string, unknown>),
    status: cutOff ? 'cancelled' : row.tool_status,
    error: cutOff ? CUT_OFF : row.tool_error,
    durationMs: row.tool_duration_ms
  }
}

/** A tool message's legacy fields: the call id and name an OpenAI-style history holds, the rest under the app key. */
export function toolMessageExtra(call: StoredToolCall): JsonObject {
  return {
    tool_call_id: call.callId,
    name: call.modelName,
    [APP_FIELDS_KEY]: {
      tool: {
        server_id: call.serverId,
        server: call.serverName,
        tool: call.tool,
        arguments: call.arguments as JsonObject,
        status: call.status,
        error: call.error,
        duration_ms: call.durationMs
      }
    }
  }
}

/** A reply's `tool_calls` as OpenAI-style histories hold them (arguments as JSON text). */
export function replyToolCallsExtra(calls: readonly ReplyToolCall[]): JsonObject {
  return {
    tool_calls: calls.map((call) => ({
      id: call.callId,
      type: 'function',
      function: { name: call.modelName, arguments: JSON.stringify(call.arguments) }
    }))
  }
}

/** The tool columns of a new call, in TOOL_COLUMNS order, awaiting approval. */
export function newToolValues(call: NewToolCall): (string | null)[] {
  return [
    call.callId,
    call.serverId,
    call.serverName,
    call.tool,
    call.modelName,
    JSON.stringify(call.arguments),
    'awaiting-approval',
    null,
    null
  ]
}

interface GrantRow {
  uid: string
  server_id: string
  tool: string
  conversation_id: string | null
  created_at: string
}

function grant(row: GrantRow): ToolGrant {
  return {
    id: row.uid,
    serverId: row.server_id,
    tool: row.tool,
    conversationId: row.conversation_id,
    createdAt: row.created_at
  }
}

const GRANT_COLUMNS = 'uid, server_id, tool, conversation_id, created_at'

export function toolGrants(db: Db): ToolGrant[] {
  return (stmt(db, `SELECT ${GRANT_COLUMNS} FROM tool_grants ORDER BY id`).all() as GrantRow[]).map(grant)
}

export function addToolGrant(db: Db, input: NewToolGrant): ToolGrant {
  const same = `SELECT ${GRANT_COLUMNS} FROM tool_grants
    WHERE server_id = ? AND tool = ? AND ifnull(conversation_id, '') = ifnull(?, '')`
  return mutate(db, () => {
    const found = stmt(db, same).get(input.serverId, input.tool, input.conversationId) as GrantRow | undefined
    if (found) return grant(found)
    stmt(
      db,
      'INSERT INTO tool_grants(uid, server_id, tool, conversation_id, created_at) VALUES (?, ?, ?, ?, ?)'
    ).run(randomUUID(), input.serverId, input.tool, input.conversationId, appTimestamp().iso)
    return grant(stmt(db, same).get(input.serverId, input.tool, input.conversationId) as GrantRow)
  })
}

export function revokeToolGrant(db: Db, grantId: string): boolean {
  return mutate(db, () => stmt(db, 'DELETE FROM tool_grants WHERE uid = ?').run(grantId).changes > 0)
}

export function readOnlyServers(db: Db): string[] {
  return (
    stmt(db, 'SELECT server_id FROM tool_read_only_servers ORDER BY server_id').all() as {
      server_id: string
    }[]
  ).map((row) => row.server_id)
}

export function setReadOnlyDefault(db: Db, serverId: string, allowed: boolean): void {
  mutate(db, () => {
    if (allowed)
      stmt(db, 'INSERT OR IGNORE INTO tool_read_only_servers(server_id, created_at) VALUES (?, ?)').run(
        serverId,
        appTimestamp().iso
      )
    else stmt(db, 'DELETE FROM tool_read_only_servers WHERE server_id = ?').run(serverId)
  })
}
