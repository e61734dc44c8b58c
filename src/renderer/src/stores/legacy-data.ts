// The banner of the old app's newer data: "Not now" (for this session), the import as an ordinary run with progress,
// its result, and its undo through the History's rollback.
import { create } from 'zustand'
import type { ImportProgressView, ImportResultView } from '../../../shared/import-types'
import { call, errorMessage, subscribe } from '../api'
import { useAppStore } from './app'
import { useHistory } from './history'

interface LegacyDataState {
  /** "Not now": the banner stays hidden until the app starts again. */
  dismissed: boolean
  running: boolean
  progress: ImportProgressView | null
  result: ImportResultView | null
  undone: boolean
  error: string | null
  dismiss(): void
  importNewer(): Promise<void>
  undo(): Promise<void>
  closeResult(): void
}

let listening = false

export const useLegacyData = create<LegacyDataState>()((set, get) => ({
  dismissed: false,
  running: false,
  progress: null,
  result: null,
  undone: false,
  error: null,

  dismiss() {
    set({ dismissed: true })
  },

  async importNewer() {
    if (!listening) {
      listening = true
      subscribe('imports:progress', (progress) => {
        if (progress.kind === 'legacy' && useLegacyData.getState().running)
          useLegacyData.setState({ progress })
      })
    }
    set({ running: true, progress: null, result: null, undone: false, error: null })
    try {
      const result = await call('imports:run', { kind: 'legacy', path: null })
      set({ result })
      useAppStore.getState().dataChanged()
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ running: false, progress: null })
      await useAppStore.getState().refreshStatus()
    }
  },

  async undo() {
    const runId = get().result?.runId
    if (!runId) return
    set({ error: null })
    try {
      await useHistory.getState().undoImport(runId)
      set({ undone: true })
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      await useAppStore.getState().refreshStatus()
    }
  },

  closeResult() {
    set({ result: null, undone: false })
  }
}))
