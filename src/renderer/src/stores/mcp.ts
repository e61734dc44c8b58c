// MCP servers: list, add, edit, enable/disable and delete. Secret env values arrive masked from main.
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { call } from '../api'
import { createRecordListStore } from './record-list'

interface McpExtras {
  /** Ids with a toggle in flight, so the switch can show it and ignore double clicks. */
  pending: string[]
  setEnabled(id: string, enabled: boolean): Promise<void>
}

export const useMcp = createRecordListStore<McpServerView, McpServerInput, McpExtras>(
  {
    list: () => call('mcp:list'),
    create: (input) => call('mcp:create', input),
    update: (id, patch) => call('mcp:update', { id, patch }),
    remove: (id) => call('mcp:delete', { id })
  },
  {},
  (set, get) => ({
    pending: [],
    async setEnabled(id, enabled) {
      if (get().pending.includes(id)) return
      set({ pending: [...get().pending, id] })
      try {
        await get().update(id, { enabled })
      } finally {
        set({ pending: get().pending.filter((pendingId) => pendingId !== id) })
      }
    }
  })
)
