// The app's search: answers the search box over its own connection to the SQLite store with the embedder chosen in
// Settings (built in, or a profile's embeddings endpoint), and keeps the embeddings current in the background (after
// the store opens, after an import, after a new message), one small batch at a time, with progress events. Lets go
// of the database whenever the store closes (a switch, a rollback, quitting).
import { existsSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { EmbeddingStatusView } from '../../shared/import-types'
import type { SearchHitView } from '../../shared/search-types'
import { logger } from '../logging/logger'
import { dataPaths } from '../base/data-paths'
import { chooseEmbedder, DEFAULT_EMBEDDING_MODEL } from '../search/choose-embedder'
import { embedPending, pendingEmbeddings } from '../search/embedding-indexer'
import type { Embedder } from '../search/embedder'
import {
  embedderSpec,
  readEmbedderSetting,
  writeEmbedderSetting,
  type EmbedderSetting
} from '../search/embedder-setting'
import { offlineEmbedder } from '../search/offline-embedder'
import type { SecretStore } from '../secrets/secret-store'
import { SearchService } from '../services/search-service'
import { openDatabase, type Db } from '../store/sqlite/database'
import type { MigrationProgress, StorageBackend } from '../../shared/types'

/** Progress events at most this often (the last one always goes). */
const PROGRESS_EVERY_MS = 150

export class SearchHost {
  private db: Db | null = null
  private backend: StorageBackend | null = null
  private run: { controller: AbortController; done: Promise<void> } | null = null
  private again = false
  private lastEmit = 0
  private embedder: Embedder = offlineEmbedder
  private setting: EmbedderSetting = { profileId: null, model: null }
  /** Why the embedder chosen in Settings is not the one in use, or null. */
  private notice: string | null = null
  /** The last embedding pass: its progress, and why it stopped if it failed. */
  private pass = { running: false, done: 0, total: 0, error: null as string | null }
  /** How far a migration's full-text index build has got (0 to 1), from its progress. */
  private indexShare = 0

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
    private readonly onProgress: (status: EmbeddingStatusView) => void
  ) {}

  /** The store opened on `backend` (null: none): search follows it, with the chosen embedder, and embedding starts. */
  opened(backend: StorageBackend | null): void {
    this.backend = backend
    if (backend !== 'sqlite' && backend !== 'hybrid') return
    void this.useSetting(readEmbedderSetting(this.dataDir)).then(
      () => this.startEmbedding(),
      (error: unknown) => {
        // The chosen profile is gone or has no endpoint: search goes on with the built-in embedder, and says why.
        logger.warn(
          'The embedder chosen in Settings could not be used; searching with the built-in one',
          error
        )
        this.embedder = offlineEmbedder
        this.setting = { profileId: null, model: null }
        this.notice = `The embedder chosen in Settings could not be used (${error instanceof Error ? error.message : String(error)}); the built-in one is used.`
        this.startEmbedding()
      }
    )
  }

  private async useSetting(setting: EmbedderSetting): Promise<void> {
    this.embedder = await chooseEmbedder(
      this.connection(),
      this.secrets,
      embedderSpec(setting),
      setting.model
    )
    this.setting = setting.profileId
      ? { profileId: setting.profileId, model: setting.model ?? DEFAULT_EMBEDDING_MODEL }
      : setting
    this.notice = null
  }

  /** Settings → Search by meaning: checks the choice (the profile exists and has an endpoint), keeps it, embeds with it. */
  async choose(setting: EmbedderSetting): Promise<EmbeddingStatusView> {
    const run = this.run
    this.again = false
    run?.controller.abort()
    await run?.done
    await this.useSetting(setting)
    writeEmbedderSetting(this.dataDir, setting)
    this.startEmbedding()
    return this.status()
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

  /** A migration's progress: while it builds the full-text index, search says "indexing…" with its share. */
  migrationProgress(progress: MigrationProgress): void {
    if (progress.phase !== 'index') return
    this.indexShare = progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0
    this.onProgress(this.status())
  }

  status(): EmbeddingStatusView {
    const pending = this.pass.running
      ? this.pass.total - this.pass.done
      : this.db
        ? pendingEmbeddings(this.db, this.embedder.id)
        : 0
    return {
      running: this.pass.running,
      done: this.pass.done,
      total: this.pass.total,
      pending,
      embedder: this.embedder.id,
      profileId: this.setting.profileId,
      model: this.setting.model,
      error: this.pass.error ?? this.notice,
      wordIndex:
        this.db && !new SearchService(this.db, this.embedder).wordIndexReady()
          ? { share: this.indexShare }
          : null
    }
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
    const embedder = this.embedder
    const total = pendingEmbeddings(db, embedder.id)
    this.pass = { running: true, done: 0, total, error: null }
    const done = embedPending(db, embedder, {
      total,
      signal: controller.signal,
      onProgress: (progress) => {
        this.pass = { ...this.pass, done: progress.done, total: progress.total }
        const now = Date.now()
        if (now - this.lastEmit >= PROGRESS_EVERY_MS || progress.done >= progress.total) {
          this.lastEmit = now
          this.onProgress(this.status())
        }
      }
    }).then(
      () => undefined,
      (error: unknown) => {
        logger.error('Embedding for search by meaning failed', error)
        this.pass = {
          ...this.pass,
          error: `Preparing search by meaning stopped: ${error instanceof Error ? error.message : String(error)}`
        }
      }
    )
    this.run = {
      controller,
      done: done.finally(() => {
        this.run = null
        this.pass = { ...this.pass, running: false }
        this.onProgress(this.status())
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
