// One legacy file as the json backend's live store: its records held in memory in their legacy shape, and every
// change written back whole and atomically (temp file, fsync, rename, fsync of the folder), or not at all.
import { existsSync, unlinkSync } from 'node:fs'
import { dirname } from 'node:path'
import { UserError } from '../../../shared/errors'
import { fsyncDir, removeDeadTempFiles, writeFileAtomic } from '../../fs/atomic-write'
import { pathIn } from '../../legacy/conversation-folders'
import type { LegacySourceFile } from '../../legacy/legacy-files'
import { logger } from '../../logging/logger'
import { documentChunks } from '../sqlite/legacy-export'
import type { DocumentInfo } from '../sqlite/legacy-rebuild'
import { readLegacyDocument } from '../../legacy/legacy-source'
import type { JsonObject, JsonValue } from '../../base/record-codec'
import type { StoreStats } from '../store-stats'

export interface JsonRecord {
  value: JsonValue
  /** The record's key in a map-shaped file (Claude Desktop's `mcpServers`). */
  mapKey: string | null
}

export class JsonDocument {
  private constructor(
    readonly path: string,
    private info: DocumentInfo,
    /** The records in file order. Change them only inside `change`. */
    readonly records: JsonRecord[],
    private readonly stats: StoreStats
  ) {}

  /** Reads the file (streamed, so any size that fits in memory); a missing file is an empty `{listKey: []}`. */
  static open(dir: string, file: LegacySourceFile, listKey: string, stats: StoreStats): JsonDocument {
    const path = pathIn(dir, file)
    if (existsSync(dirname(path))) removeDeadTempFiles(path)
    const doc = existsSync(path) ? readLegacyDocument(dir, file) : null
    if (!doc || doc.shape === 'empty')
      return new JsonDocument(path, { shape: 'object', listKey, topExtra: {}, raw: null }, [], stats)
    const info: DocumentInfo = {
      shape: doc.shape,
      listKey: doc.listKey,
      topExtra: doc.topExtra,
      raw: doc.raw ?? null
    }
    const records = [...doc.records].map((r) => ({ value: r.value, mapKey: r.mapKey ?? null }))
    return new JsonDocument(path, info, records, stats)
  }

  get shape(): DocumentInfo['shape'] {
    return this.info.shape
  }

  /**
   * Applies `apply` (which changes `records` and returns how to undo that) and writes the file. When the write
   * fails the change is undone, so memory and disk agree, and the error is thrown: nothing was saved.
   */
  change<T>(apply: () => { result: T; undo: () => void }): T {
    if (this.info.shape === 'raw')
      throw new UserError(
        'LEGACY_UNREADABLE',
        `${this.path} holds valid JSON without a record list, so this version cannot add to it. Move it aside to start a new one.`
      )
    const { result, undo } = apply()
    try {
      this.write()
    } catch (error) {
      undo()
      this.stats.bump('json', 'errors')
      logger.error(`could not write ${this.path}`, error)
      throw new UserError(
        'STORE_FAILED',
        `Could not save ${this.path} (${error instanceof Error ? error.message : String(error)}). The file was left as it was; check the disk and try again.`,
        { cause: error }
      )
    }
    this.stats.bump('json', 'writes')
    return result
  }

  private write(): void {
    if (this.info.shape === 'single' && this.records.length === 0) {
      // A file of one conversation whose conversation was deleted: the file goes, as the old version did it.
      unlinkSync(this.path)
      fsyncDir(dirname(this.path))
      return
    }
    const records = this.records.map((r, position) => ({ ...r, position, userEdit: 'none' as const }))
    writeFileAtomic(this.path, documentChunks(this.info, records))
  }
}

/** The top-level object of a record, or null for a record that is not one (kept in the file, never shown). */
export function recordObject(record: JsonRecord | undefined): JsonObject | null {
  const value = record?.value
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null
}
