// Conversation ids across all the files of one import (conversations.json, then the conversation folders' files):
// an id met again in a later file is quarantined as a duplicate, with where it was first seen, instead of being lost
// or breaking the store's unique ids.
import {
  CONVERSATIONS_FILE,
  recordPath,
  type LegacyDocument,
  type LegacySourceFile
} from '../legacy/legacy-files'
import type { IdRegistry } from '../legacy/record-checks'

/** The position in conversations.json of a conversation kept from it (not quarantined), or undefined. */
export type PrimaryLookup = (id: string) => number | undefined

export class ConversationIds {
  /** Ids of the folder files' records, with the file and JSON path where each was first seen. */
  private readonly seen = new Map<string, string>()
  /** conversations.json, once imported (it may have been parsed in a worker, so its ids are looked up in the store). */
  private primary: Pick<LegacyDocument, 'shape' | 'listKey'> | null = null

  constructor(private readonly stored: PrimaryLookup) {}

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
    const position = this.stored(id)
    if (position === undefined) return undefined
    return `${CONVERSATIONS_FILE} ${recordPath(this.primary, { position, value: null, end: 0 })}`
  }
}
