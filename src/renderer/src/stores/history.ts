// Settings → History: the audit trail (newest events and the check of its chain), and undoing an import from it.
import { create } from 'zustand'
import type { HistoryView } from '../../../shared/history-types'
import { call, errorMessage } from '../api'
import { useAppStore } from './app'

/** How many events the view loads (the charts and the list show these). */
const SHOWN = 500

interface HistoryState {
  view: HistoryView | null
  error: string | null
  load(): Promise<void>
  /** Undoes one import run (the import's row in History), then reloads the trail. */
  undoImport(runId: string): Promise<void>
}

export const useHistory = create<HistoryState>()((set, get) => ({
  view: null,
  error: null,

  async load() {
    try {
      set({ view: await call('history:list', { limit: SHOWN }), error: null })
    } catch (error) {
      set({ error: errorMessage(error) })
    }
  },

  async undoImport(runId) {
    try {
      await call('imports:rollback', { runId })
      useAppStore.getState().dataChanged()
    } finally {
      await get().load()
    }
  }
}))
