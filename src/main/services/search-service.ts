// SearchService: one query over conversations, messages and knowledge items, by words (FTS5, and conversation titles
// with typos) and by meaning (embeddings), merged by reciprocal rank fusion. Each result says where it leads: a message in its conversation, a
// conversation, or a knowledge item.
import type { SearchHitView } from '../../shared/search-types'
import type { Embedder } from '../search/embedder'
import { ftsQuery } from '../search/fts-query'
import { fuzzyTitleList } from '../search/fuzzy-titles'
import { fuseRanks } from '../search/rrf'
import { ftsLists, vectorList } from '../search/search-lists'
import type { Db } from '../store/sqlite/database'
import { searchTriggerRows } from '../store/sqlite/staging/bulk-load'

export interface SearchOptions {
  limit?: number
}

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly embedder: Embedder
  ) {}

  /** False from a migration's commit until its full-text index of messages is built (the triggers come back last). */
  wordIndexReady(): boolean {
    return searchTriggerRows(this.db).length > 0
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHitView[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 20, 200))
    const text = query.trim()
    if (text === '') return []
    const match = ftsQuery(text)
    const fts = match === null ? [] : ftsLists(this.db, match, limit)
    const vector = await vectorList(this.db, this.embedder, text, limit)
    const fused = fuseRanks([
      ...fts.map((items) => ({ name: 'fts', items })),
      { name: 'spelling', items: fuzzyTitleList(this.db, text, limit) },
      { name: 'vector', items: vector }
    ])
    return fused.slice(0, limit).map((entry) => ({
      ...entry.item,
      score: entry.score,
      sources: entry.sources as SearchHitView['sources']
    }))
  }
}
