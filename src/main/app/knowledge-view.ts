// A knowledge item as the renderer shows it (where a search result for a note or document leads).
import { UserError } from '../../shared/errors'
import type { KnowledgeItemView } from '../../shared/import-types'
import type { Db } from '../store/sqlite/database'

/** A knowledge_items row: the view's own fields as they are, the others under their column names. */
interface KnowledgeRow extends Pick<
  KnowledgeItemView,
  'title' | 'content' | 'format' | 'url' | 'type' | 'category'
> {
  uid: string
  /** A JSON list of strings. */
  tags: string
  created_at: string | null
  source_path: string | null
}

function tagList(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text)
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

export function knowledgeItem(db: Db, uid: string): KnowledgeItemView {
  const row = db
    .prepare(
      'SELECT uid, title, content, format, url, type, category, tags, created_at, source_path FROM knowledge_items WHERE uid = ?'
    )
    .get(uid) as KnowledgeRow | undefined
  if (!row)
    throw new UserError(
      'NOT_FOUND',
      `There is no knowledge item ${uid}: it may have been removed by a rollback.`
    )
  return {
    id: row.uid,
    title: row.title,
    content: row.content,
    format: row.format,
    url: row.url,
    type: row.type,
    category: row.category,
    tags: tagList(row.tags),
    createdAt: row.created_at,
    sourcePath: row.source_path
  }
}
