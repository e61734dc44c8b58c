// Search across conversations, messages and imported notes: the query, its results (newest query wins), and the
// background embedding's progress that vector search depends on.
import { create } from 'zustand'
import type { EmbeddingStatusView } from '../../../shared/import-types'
import type { SearchHitView } from '../../../shared/search-types'
import { call, errorMessage, subscribe } from '../api'

interface SearchState {
  query: string
  /** The query the results are for. */
  searched: string
  results: SearchHitView[]
  loading: boolean
  error: string | null
  embedding: EmbeddingStatusView | null
  search(query: string): Promise<void>
  watchEmbedding(): Promise<void>
}

let generation = 0
let watching = false

export const useSearch = create<SearchState>()((set) => ({
  query: '',
  searched: '',
  results: [],
  loading: false,
  error: null,
  embedding: null,

  async search(query) {
    const mine = ++generation
    const trimmed = query.trim()
    set({ query, loading: trimmed !== '', error: null })
    if (trimmed === '') return set({ results: [], searched: '' })
    try {
      const results = await call('search:query', { query: trimmed, limit: 50 })
      if (mine === generation) set({ results, searched: trimmed, loading: false })
    } catch (error) {
      if (mine === generation)
        set({ results: [], searched: trimmed, loading: false, error: errorMessage(error) })
    }
  },

  async watchEmbedding() {
    if (!watching) {
      watching = true
      subscribe('embedding:progress', (embedding) => set({ embedding }))
    }
    try {
      set({ embedding: await call('embedding:status') })
    } catch {
      // Only the progress line depends on it; search itself still answers.
    }
  }
}))
