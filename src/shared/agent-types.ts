// What the app shows of an agent (a name, a system prompt, the profile it talks through, the MCP servers and tools it
// may use) and the form that creates or edits one.

/** One MCP server an agent may use; `toolNames` null: every tool of it. */
export interface AgentServerView {
  id: string
  name: string
  toolNames: string[] | null
}

export interface AgentView {
  id: string
  name: string
  systemPrompt: string
  /** The profile it talks through; null when it has none (never chosen, deleted, or not found at import). */
  profileId: string | null
  profileName: string | null
  servers: AgentServerView[]
  /** The web version's workspace (tenant) it was imported with, or null for the user's own. */
  workspace: string | null
  /** How many conversations remember this agent. */
  conversationCount: number
  createdAt: string | null
  updatedAt: string | null
}

/** One server of the form: its id, and only these tools of it (absent or null: all of them). */
export interface AgentServerInput {
  id: string
  toolNames?: string[] | null
}

export interface AgentInput {
  name: string
  systemPrompt?: string | null
  profileId?: string | null
  servers?: AgentServerInput[]
}
