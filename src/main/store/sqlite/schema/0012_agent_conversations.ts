// Schema v12: agents in use. A conversation remembers the agent it was started with (set NULL when the agent is
// deleted, so the conversation stays and chats with its profile), and an agent may name which tools of each MCP
// server it uses (NULL: all of them). Neither goes into a legacy file: exports never see them.
import type { SchemaMigration } from './schema-migration'

export const m0012AgentConversations: SchemaMigration = {
  version: 12,
  name: 'agent_conversations',
  up: `
ALTER TABLE conversations ADD COLUMN agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL;
CREATE INDEX conversations_by_agent ON conversations(agent_id);
ALTER TABLE agent_mcp_servers ADD COLUMN tool_names TEXT;   -- a JSON array of tool names; NULL: every tool
`,
  down: `
ALTER TABLE agent_mcp_servers DROP COLUMN tool_names;
DROP INDEX conversations_by_agent;
ALTER TABLE conversations DROP COLUMN agent_id;
`
}
