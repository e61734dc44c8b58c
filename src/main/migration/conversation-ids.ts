// Conversation ids across all the files of one import (conversations.json, then the conversation folders' files):
// an id met again in a later file is quarantined as a duplicate, with where it was first seen, instead of being lost
// or breaking the store's unique ids.
import type { Statement } from 'better-sqlite3'
import {
  CONVERSATIONS_FILE,
  recordPath,
  type LegacyDocument,
  type LegacySourceFile
} from '../legacy/legacy-files'
import type { Db } from '../store/sqlite/database'
import type { IdRegistry } from '../legacy/record-checks'

export class ConversationIds {
  /** Ids of the folder files' records, with the file and JSON path where each was first seen. */
  private readonly seen = new Map<string, string>()
  private readonly stored: Statement
  /** conversations.json, once imported (it may have been parsed in a worker, so its ids are looked up in the store). */
  private primary: Pick<LegacyDocument, 'shape' | 'listKey'> | null = null

  constructor(db: Db) {
    this.stored = db.prepare('SELECT position FROM conversations WHERE uid = ? AND source_file IS NULL')
  }

  /** conversations.json has been imported: its conversations are in the store. */
  importedPrimary(doc: Pick<LegacyDocument, 'shape' | 'listKey'>): void {
    this.primary = doc
  }

  /** The registry one file's records are checked against. */
  forFile(file: LegacySourceFile): IdRegistry {
    return {
      get: (id) => this.seen.get(id) ?? this.inPrimary(id),
      set: (id, path) => this.seen.set(id, `${file} ${path}`)
    }
  }

  private inPrimary(id: string): string | undefined {
    if (!this.primary) return undefined
    const row = this.stored.get(id) as { position: number } | undefined
    if (!row) return undefined
    return `${CONVERSATIONS_FILE} ${recordPath(this.primary, { position: row.position, value: null, end: 0 })}`
  }
}
