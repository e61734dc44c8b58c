// MCP servers: list, add, edit, enable/disable and delete. Secret env values arrive masked from main.
import { create } from 'zustand'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { call, errorMessage } from '../api'

interface McpState {
  items: McpServerView[]
  loaded: boolean
  loading: boolean
  error: string | null
  /** Ids with a toggle in flight, so the switch can show it and ignore double clicks. */
  pending: string[]
  load(): Promise<void>
  create(input: McpServerInput): Promise<McpServerView>
  update(id: string, patch: Partial<McpServerInput>): Promise<McpServerView>
  setEnabled(id: string, enabled: boolean): Promise<void>
  remove(id: string): Promise<void>
}

export const useMcp = create<McpState>()((set, get) => ({
  items: [],
  loaded: false,
  loading: false,
  error: null,
  pending: [],

  async load() {
    set({ loading: true, error: null })
    try {
      const items = await call('mcp:list')
      set({ items, loaded: true, loading: false })
    } catch (error) {
      set({ loaded: true, loading: false, error: errorMessage(error) })
    }
  },

  async create(input) {
    const created = await call('mcp:create', input)
    set({ items: [...get().items, created] })
    return created
  },

  async update(id, patch) {
    const updated = await call('mcp:update', { id, patch })
    set({ items: get().items.map((item) => (item.id === id ? updated : item)) })
    return updated
  },

  async setEnabled(id, enabled) {
    if (get().pending.includes(id)) return
    set({ pending: [...get().pending, id] })
    try {
      await get().update(id, { enabled })
    } finally {
      set({ pending: get().pending.filter((pendingId) => pendingId !== id) })
    }
  },

  async remove(id) {
    await call('mcp:delete', { id })
    set({ items: get().items.filter((item) => item.id !== id) })
  }
}))
