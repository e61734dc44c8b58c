// The app's search: answers the search box over its own connection to the SQLite store, and keeps the embeddings
// current in the background (after the store opens, after an import), one small batch at a time, with progress
// events. Lets go of the database whenever the store closes (a switch, a rollback, quitting).
import { existsSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { EmbeddingStatusView } from '../../shared/import-types'
import type { SearchHitView } from '../../shared/search-types'
import { logger } from '../logging/logger'
import { dataPaths } from '../migration/data-paths'
import { embedPending, pendingEmbeddings } from '../search/embedding-indexer'
import type { Embedder } from '../search/embedder'
import { offlineEmbedder } from '../search/offline-embedder'
import { SearchService } from '../services/search-service'
import { openDatabase, type Db } from '../store/sqlite/database'
import type { StorageBackend } from '../../shared/types'

/** Progress events at most this often (the last one always goes). */
const PROGRESS_EVERY_MS = 150

export class SearchHost {
  private db: Db | null = null
  private backend: StorageBackend | null = null
  private run: { controller: AbortController; done: Promise<void> } | null = null
  private again = false
  private state: EmbeddingStatusView
  private lastEmit = 0

  constructor(
    private readonly dataDir: string,
    private readonly onProgress: (status: EmbeddingStatusView) => void,
    private readonly embedder: Embedder = offlineEmbedder
  ) {
    this.state = { running: false, done: 0, total: 0, pending: 0, embedder: embedder.id, error: null }
  }

  /** The store opened on `backend` (null: none): search follows it, and embedding starts. */
  opened(backend: StorageBackend | null): void {
    this.backend = backend
    if (backend === 'sqlite' || backend === 'hybrid') this.startEmbedding()
  }

  private connection(): Db {
    if (this.backend !== 'sqlite' && this.backend !== 'hybrid')
      throw new UserError(
        'WRONG_STATE',
        'Search needs the SQLite store, and this data folder runs on the legacy JSON files. Choose SQLite in Settings → Storage to search.'
      )
    const path = dataPaths(this.dataDir).db
    if (!this.db) {
      if (!existsSync(path)) throw new UserError('WRONG_STATE', `There is no store at ${path} to search yet.`)
      this.db = openDatabase(path)
    }
    return this.db
  }

  async search(query: string, limit = 20): Promise<SearchHitView[]> {
    return new SearchService(this.connection(), this.embedder).search(query, { limit })
  }

  status(): EmbeddingStatusView {
    if (this.db && !this.state.running)
      this.state = { ...this.state, pending: pendingEmbeddings(this.db, this.embedder.id) }
    return this.state
  }

  /** Embeds whatever is not embedded yet, in the background; called again while running, it runs once more after. */
  startEmbedding(): void {
    if (this.run) {
      this.again = true
      return
    }
    let db: Db
    try {
      db = this.connection()
    } catch (error) {
      logger.warn('Embedding could not start', error)
      return
    }
    const controller = new AbortController()
    this.state = {
      ...this.state,
      running: true,
      done: 0,
      total: pendingEmbeddings(db, this.embedder.id),
      error: null
    }
    const done = embedPending(db, this.embedder, {
      signal: controller.signal,
      onProgress: (progress) => {
        this.state = {
          ...this.state,
          done: progress.done,
          total: progress.total,
          pending: progress.total - progress.done
        }
        const now = Date.now()
        if (now - this.lastEmit >= PROGRESS_EVERY_MS || progress.done >= progress.total) {
          this.lastEmit = now
          this.onProgress(this.state)
        }
      }
    }).then(
      () => undefined,
      (error: unknown) => {
        logger.error('Embedding for search by meaning failed', error)
        this.state = { ...this.state, error: 'Preparing search by meaning stopped; details are in the log.' }
      }
    )
    this.run = {
      controller,
      done: done.finally(() => {
        this.run = null
        this.state = {
          ...this.state,
          running: false,
          pending: this.db ? pendingEmbeddings(this.db, this.embedder.id) : 0
        }
        this.onProgress(this.state)
        if (this.again && !controller.signal.aborted) {
          this.again = false
          this.startEmbedding()
        }
      })
    }
  }

  /** Stops embedding (finished batches stay) and closes the connection; the next open starts again. */
  async close(): Promise<void> {
    const run = this.run
    this.again = false
    run?.controller.abort()
    await run?.done
    this.db?.close()
    this.db = null
    this.backend = null
  }
}
