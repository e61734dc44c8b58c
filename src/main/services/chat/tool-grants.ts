// The grants as the MCP screen lists them: each with its server's name and its conversation's title (null when
// either was deleted since), and the servers whose read-only tools run without asking.
import type { ToolGrantsView } from '../../../shared/chat-types'
import type { ConversationStore, McpStore, ToolGrantStore } from '../../store/store'

export async function toolGrantsView(
  conversations: ToolGrantStore & Pick<ConversationStore, 'get'>,
  servers: Pick<McpStore, 'list'>
): Promise<ToolGrantsView> {
  const names = new Map((await servers.list()).map((s) => [s.id, s.name]))
  const titleOf = (id: string): string | null => {
    try {
      return conversations.get(id).title
    } catch {
      return null
    }
  }
  return {
    grants: conversations.toolGrants().map((grant) => ({
      ...grant,
      serverName: names.get(grant.serverId) ?? null,
      conversationTitle: grant.conversationId === null ? null : titleOf(grant.conversationId)
    })),
    readOnlyServerIds: conversations.readOnlyServers()
  }
}
