// The hybrid backend's mirror: the SQLite store written out as the legacy files (keys in plain text, as an older
// app version needs them), debounced, flushed on quit and on demand. A failure is logged and counted, never thrown.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../fs/atomic-write'
import { CONVERSATIONS_FILE, LEGACY_FILES, MCP_FILE, MODELS_FILE } from '../../legacy/legacy-files'
import { logger } from '../../logging/logger'
import { exportLegacyFiles } from '../sqlite/legacy-export'
import { LIST_KEYS } from '../../legacy/legacy-source'
import type { SecretStore } from '../../secrets/secret-store'
import type { Db } from '../sqlite/database'
import type { StoreStats } from '../store-stats'
import { Later } from '../../base/later'
import { mirrorConversationsInWorker, mirrorWorkerMinBytes } from './mirror-in-worker'

export const MIRROR_DEBOUNCE_MS = 1000
/** The wait after a change is at least this many times the last mirror write, so rewriting large files stays rare. */
const WAIT_PER_WRITE = 10

export interface MirrorOptions {
  db: Db
  dbPath: string
  secrets: SecretStore
  dataDir: string
  stats: StoreStats
  debounceMs?: number
  /** Hears each flush's outcome (the hybrid store drops its cached copy of the mirror). */
  onFlushed?: () => void
}

export class JsonMirror {
  private readonly pending = new Later(() => void this.flush())
  private running: Promise<void> = Promise.resolve()
  private dirty = false
  private lastWriteMs = 0

  constructor(private readonly options: MirrorOptions) {}

  /**
   * A change was saved in SQLite: write the mirror once no further change came for `debounceMs` (or ten times as
   * long as the last write took, whichever is longer).
   */
  schedule(): void {
    this.dirty = true
    this.pending.again(
      Math.max(this.options.debounceMs ?? MIRROR_DEBOUNCE_MS, WAIT_PER_WRITE * this.lastWriteMs)
    )
  }

  /** Writes the mirror now if anything changed since the last write (or always, with `force`). */
  flush(force = false): Promise<void> {
    this.pending.cancel()
    this.running = this.running.then(async () => {
      if (!this.dirty && !force) return
      this.dirty = false
      await this.write()
    })
    return this.running
  }

  private async write(): Promise<void> {
    const { db, dbPath, secrets, dataDir, stats } = this.options
    const started = Date.now()
    try {
      // A large history's conversations are written on another core; profiles and MCP servers (small, and
      // with keys from the keychain) here.
      const offThread = statSync(dbPath).size >= mirrorWorkerMinBytes()
      const written = new Set<string>(
        await exportLegacyFiles(db, secrets, dataDir, offThread ? [MODELS_FILE, MCP_FILE] : undefined)
      )
      if (offThread && (await mirrorConversationsInWorker(dbPath, dataDir))) written.add(CONVERSATIONS_FILE)
      // A file whose records were all deleted is written empty rather than left with the old records.
      for (const file of LEGACY_FILES) {
        const path = join(dataDir, file)
        if (!written.has(file) && existsSync(path))
          writeFileAtomic(path, `${JSON.stringify({ [LIST_KEYS[file].arrays[0]!]: [] })}\n`)
      }
      stats.bump('json', 'writes')
      this.lastWriteMs = Date.now() - started
    } catch (error) {
      this.dirty = true
      stats.bump('json', 'errors')
      logger.warn(`the JSON mirror in ${dataDir} could not be written; the change is saved in SQLite`, error)
    }
    this.options.onFlushed?.()
  }
}
