// Agents: list, add, edit, duplicate and delete (imported web-version agents too), and starting a conversation with
// one, which opens it in Conversations.
import type { AgentInput, AgentView } from '../../../shared/agent-types'
import type { McpToolView } from '../../../shared/mcp-types'
import { call } from '../api'
import { useAppStore } from './app'
import { useConversations } from './conversations'
import { createRecordListStore } from './record-list'

export const useAgents = createRecordListStore<
  AgentView,
  AgentInput,
  {
    duplicate(id: string): Promise<AgentView>
    /** Creates a conversation with the agent and opens it in Conversations. */
    startConversation(agent: AgentView): Promise<void>
  }
>(
  {
    list: () => call('agents:list'),
    create: (input) => call('agents:create', input),
    update: (id, patch) => call('agents:update', { id, patch }),
    remove: (id) => call('agents:delete', { id })
  },
  {},
  (set, get) => ({
    async duplicate(id) {
      const copy = await call('agents:duplicate', { id })
      set({ items: [...get().items, copy] })
      return copy
    },
    async startConversation(agent) {
      await useConversations.getState().create('', agent.id)
      useAppStore.getState().navigate('conversations')
      set({
        items: get().items.map((item) =>
          item.id === agent.id ? { ...item, conversationCount: item.conversationCount + 1 } : item
        )
      })
    }
  })
)

/** A server's tools for the agent's tool picker (the server starts if it is not running). */
export function serverTools(id: string): Promise<McpToolView[]> {
  return call('mcp:tools', { id })
}
