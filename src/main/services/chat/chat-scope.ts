// What a conversation's turn may use beyond its profile: the agent it belongs to (its system prompt, its profile) and
// the MCP servers (and, optionally, the tools of them) whose tools are offered to the model.

/** The agent and tool scope of one conversation, as the chat service asks for it at request time. */
export interface ChatScope {
  /** The conversation's agent, or null for a conversation without one. */
  agentId: string | null
  agentName: string | null
  /** The agent's system prompt; null: the profile's own. */
  systemPrompt: string | null
  /** The agent's profile; null: the conversation's, else the default. */
  profileId: string | null
  /**
   * The MCP servers (ids) whose tools are offered: the agent's, else every enabled server. An empty list offers no
   * tools.
   */
  mcpServerIds: string[]
  /** Only these tools (`server id` → tool names) when set; a server not named here offers all of its tools. */
  toolNames: Record<string, string[]> | null
}

/** Answers a conversation's scope; the app's answers from the conversation's agent (AgentService). */
export type ChatScopeSource = (conversationId: string) => Promise<ChatScope>

/** The scope of a conversation without an agent: the tools of these servers, the profile's own prompt. */
export function serverScope(mcpServerIds: string[]): ChatScope {
  return {
    agentId: null,
    agentName: null,
    systemPrompt: null,
    profileId: null,
    mcpServerIds,
    toolNames: null
  }
}

/** The default scope (no agent): every enabled MCP server, in the store's order, all of their tools. */
export function allEnabledServers(servers: {
  list(): Promise<{ id: string; enabled: boolean }[]>
}): ChatScopeSource {
  return async () => serverScope((await servers.list()).filter((s) => s.enabled).map((s) => s.id))
}
