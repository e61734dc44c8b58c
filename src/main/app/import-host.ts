// The app's side of importing: previews and runs from the import screen (one run at a time, with progress events),
// the list of runs, the rollback of one, and opening a knowledge item a search result leads to.
import { UserError } from '../../shared/errors'
import type {
  ImportPreviewRequest,
  ImportPreviewView,
  ImportProgressView,
  ImportResultView,
  ImportRunRequest,
  ImportRunView,
  ImportSourceKind,
  KnowledgeItemView
} from '../../shared/import-types'
import { listImportRuns } from '../imports/import-run'
import { importRollbackEvent, rollbackImportRun, type ImportRollbackResult } from '../imports/import-rollback'
import { recorded } from '../history/recorded'
import { openImportStore, type ImportStore } from '../imports/import-store'
import type { OnImportProgress } from '../imports/import-progress'
import { logger } from '../logging/logger'
import type { SecretStore } from '../secrets/secret-store'
import { knowledgeItem } from './knowledge-view'

const PROGRESS_EVERY_MS = 100

/** One kind of source, as the import screen uses it (see import-sources/). */
export interface ImportSource {
  preview(store: ImportStore, path: string | null): Promise<ImportPreviewView>
  run(store: ImportStore, request: ImportRunRequest, onProgress: OnImportProgress): Promise<ImportResultView>
}

export interface ImportHostOptions {
  dataDir: string
  secrets: SecretStore
  sources: Record<ImportSourceKind, ImportSource>
  onProgress: (progress: ImportProgressView) => void
  /** Called after a run or a rollback changed the store (screens reload, embedding resumes, the mirror is written). */
  onChanged: () => Promise<void>
}

export class ImportHost {
  private running: ImportSourceKind | 'rollback' | null = null

  constructor(private readonly options: ImportHostOptions) {}

  private async withStore<T>(use: (store: ImportStore) => Promise<T>): Promise<T> {
    const store = await openImportStore(this.options.dataDir, this.options.secrets)
    try {
      return await use(store)
    } finally {
      store.close()
    }
  }

  private claim(kind: ImportSourceKind | 'rollback'): void {
    if (this.running !== null)
      throw new UserError(
        'LOCKED',
        'An import is already running. Wait for it to finish (its progress is on the Import screen), then try again.'
      )
    this.running = kind
  }

  preview(request: ImportPreviewRequest): Promise<ImportPreviewView> {
    return this.withStore((store) => this.options.sources[request.kind].preview(store, request.path))
  }

  async run(request: ImportRunRequest): Promise<ImportResultView> {
    this.claim(request.kind)
    let last = 0
    // At most ten progress events a second reach the window (a folder of thousands of files reports each one).
    const onProgress: OnImportProgress = (progress) => {
      const now = Date.now()
      if (now - last < PROGRESS_EVERY_MS && progress.done < progress.total) return
      last = now
      this.options.onProgress({ kind: request.kind, ...progress })
    }
    try {
      const result = await this.withStore((store) =>
        this.options.sources[request.kind].run(store, request, onProgress)
      )
      await this.changed()
      return result
    } finally {
      this.running = null
    }
  }

  runs(): Promise<ImportRunView[]> {
    return this.withStore(async ({ db }) =>
      listImportRuns(db).map((run) => ({
        id: run.id,
        kind: run.kind,
        source: run.source,
        status: run.status,
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        counts: JSON.parse(run.counts) as Record<string, number>
      }))
    )
  }

  async rollback(runId: string): Promise<{ removed: number; restored: number }> {
    this.claim('rollback')
    try {
      const undo = (): Promise<ImportRollbackResult> =>
        this.withStore((store) => rollbackImportRun(store.db, store.secrets, runId))
      const result = await recorded(this.options.dataDir, 'import-rollback', undo, importRollbackEvent, {
        ref: runId
      })
      await this.changed()
      return {
        removed: Object.values(result.removed).reduce((sum, n) => sum + (n ?? 0), 0),
        restored: result.restored
      }
    } finally {
      this.running = null
    }
  }

  knowledge(uid: string): Promise<KnowledgeItemView> {
    return this.withStore(async ({ db }) => knowledgeItem(db, uid))
  }

  private async changed(): Promise<void> {
    try {
      await this.options.onChanged()
    } catch (error) {
      // The import itself is done and recorded; what follows it (mirror, embedding) reports its own failures.
      logger.warn('After an import: a follow-up step failed', error)
    }
  }
}
