// Schema v11: tools in a chat. A tool call is a message of role `tool` after the reply that made it, with its
// server, tool, arguments (JSON), model-facing name, provider call id, outcome, error and duration in columns; its
// result is the message's content, whole. It uses the reply columns of v6 for its life (streaming while it waits or
// runs, so a dead writer's call is marked interrupted). Legacy fields (`tool_call_id`, `name`, the reply's
// `tool_calls`) are kept in `extra`, so export writes them as legacy messages. Grants let a tool run without asking:
// in one conversation or always; a server listed in tool_read_only_servers runs its read-only tools unasked.
// Every new column is NULL for migrated messages, so their export is unchanged.
import type { SchemaMigration } from './schema-migration'

export const m0011ToolCalls: SchemaMigration = {
  version: 11,
  name: 'tool_calls',
  up: `
ALTER TABLE messages ADD COLUMN tool_call_id TEXT;
ALTER TABLE messages ADD COLUMN tool_server_id TEXT;
ALTER TABLE messages ADD COLUMN tool_server_name TEXT;
ALTER TABLE messages ADD COLUMN tool_name TEXT;
ALTER TABLE messages ADD COLUMN tool_model_name TEXT;
ALTER TABLE messages ADD COLUMN tool_args TEXT;              -- JSON object
ALTER TABLE messages ADD COLUMN tool_status TEXT;            -- 'awaiting-approval' | 'running' | 'done' | 'error' | 'denied' | 'cancelled'
ALTER TABLE messages ADD COLUMN tool_error TEXT;
ALTER TABLE messages ADD COLUMN tool_duration_ms INTEGER;
CREATE TABLE tool_grants (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  server_id TEXT NOT NULL,
  tool TEXT NOT NULL,
  conversation_id TEXT,                                      -- NULL: always
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tool_grants_by_tool ON tool_grants(server_id, tool, ifnull(conversation_id, ''));
CREATE TABLE tool_read_only_servers (
  server_id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
`,
  down: `
DROP TABLE tool_read_only_servers;
DROP INDEX tool_grants_by_tool;
DROP TABLE tool_grants;
ALTER TABLE messages DROP COLUMN tool_duration_ms;
ALTER TABLE messages DROP COLUMN tool_error;
ALTER TABLE messages DROP COLUMN tool_status;
ALTER TABLE messages DROP COLUMN tool_args;
ALTER TABLE messages DROP COLUMN tool_model_name;
ALTER TABLE messages DROP COLUMN tool_name;
ALTER TABLE messages DROP COLUMN tool_server_name;
ALTER TABLE messages DROP COLUMN tool_server_id;
ALTER TABLE messages DROP COLUMN tool_call_id;
`
}
