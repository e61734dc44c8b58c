// Imported notes as knowledge_items rows, added or updated through statements compiled once per connection.
import type { Db } from '../database'
import { stmt } from '../store-changes'

/** A note's columns as the importer fills them (tags and metadata as JSON text, times as given). */
export interface KnowledgeColumns {
  title: string | null
  content: string | null
  format: string | null
  url: string | null
  type: string | null
  category: string | null
  tags: string | null
  metadata: string | null
  created_at: string | null
  updated_at: string | null
  source_path: string | null
  source_key: string | null
  content_hash: string | null
}

const COLUMNS: readonly (keyof KnowledgeColumns)[] = [
  'title',
  'content',
  'format',
  'url',
  'type',
  'category',
  'tags',
  'metadata',
  'created_at',
  'updated_at',
  'source_path',
  'source_key',
  'content_hash'
]

const INSERT = `INSERT INTO knowledge_items (${[...COLUMNS, 'uid', 'imported_at'].join(', ')})
  VALUES (${[...COLUMNS, 'uid', 'imported_at'].map((c) => `@${c}`).join(', ')})`

const UPDATE = `UPDATE knowledge_items SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')},
  imported_at = @imported_at WHERE uid = @uid`

/** Adds a knowledge item. Call inside the run's transaction. */
export function insertKnowledgeItem(db: Db, uid: string, values: KnowledgeColumns, importedAt: string): void {
  stmt(db, INSERT).run({ ...values, uid, imported_at: importedAt })
}

/** Puts new content on the knowledge item `uid` (its row id, and so its place in search, kept). Call inside the
 * run's transaction. */
export function updateKnowledgeItem(db: Db, uid: string, values: KnowledgeColumns, importedAt: string): void {
  stmt(db, UPDATE).run({ ...values, uid, imported_at: importedAt })
}
