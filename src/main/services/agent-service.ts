// The agent use cases (those of every form record, plus reading and duplicating one), and the chat scope a
// conversation's agent gives its turns: the agent's system prompt, profile, MCP servers and tools; a conversation
// without an agent offers the tools of every enabled MCP server.
import type { AgentInput, AgentView } from '../../shared/agent-types'
import type { AgentStore } from '../store/store'
import { allEnabledServers, type ChatScope, type ChatScopeSource } from './chat/chat-scope'
import { RecordService } from './record-service'
import type { NeedStore } from './store-access'

export class AgentService extends RecordService<AgentView, AgentInput, AgentStore> {
  constructor(need: NeedStore) {
    super(() => need().agents)
  }

  get(id: string): Promise<AgentView> {
    return this.records().get(id)
  }

  duplicate(id: string): Promise<AgentView> {
    return this.records().duplicate(id)
  }
}

/** The scope an agent gives a conversation's turns. */
export function agentScope(agent: AgentView): ChatScope {
  const limited = agent.servers.filter((server) => server.toolNames !== null)
  return {
    agentId: agent.id,
    agentName: agent.name,
    // An empty prompt leaves the profile's own.
    systemPrompt: agent.systemPrompt.trim() === '' ? null : agent.systemPrompt,
    profileId: agent.profileId,
    mcpServerIds: agent.servers.map((server) => server.id),
    toolNames:
      limited.length === 0
        ? null
        : Object.fromEntries(limited.map((server) => [server.id, server.toolNames ?? []]))
  }
}

/**
 * Answers a conversation's scope from the store open at the time: its agent's (while the agent exists), else every
 * enabled MCP server with no prompt or profile of its own.
 */
export function agentScopeSource(need: NeedStore): ChatScopeSource {
  const withoutAgent = allEnabledServers({ list: () => need().mcp.list() })
  return async (conversationId) => {
    const store = need()
    const { agentId } = store.conversations.get(conversationId)
    return agentId ? agentScope(await store.agents.get(agentId)) : withoutAgent(conversationId)
  }
}
