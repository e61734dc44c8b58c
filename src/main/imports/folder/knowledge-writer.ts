// Writes a note as a knowledge item and records it against the run: created the first time, updated in place when
// its content changed since (the old version kept for a rollback), already-imported when it is the same.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../store/sqlite/database'
import {
  insertKnowledgeItem,
  updateKnowledgeItem,
  type KnowledgeColumns
} from '../../store/sqlite/import-writes/knowledge-rows'
import { snapshotTarget, targetExists } from '../../store/sqlite/import-writes/target-rows'
import type { ImportRun, ItemAction } from '../import-run'
import { findMapping, saveMapping } from '../legacy-id-map'
import type { NoteFormat, NoteItem } from './note-item'

export interface NotePlace {
  /** `folder:<real folder path>` */
  source: string
  /** The file's absolute path, as listed. */
  path: string
  rel: string
  format: NoteFormat
}

function columns(item: NoteItem, place: NotePlace): KnowledgeColumns {
  return {
    title: item.title,
    content: item.content,
    format: place.format,
    url: item.url,
    type: item.type,
    category: item.category,
    tags: JSON.stringify(item.tags),
    metadata: JSON.stringify(item.metadata),
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    source_path: place.path,
    source_key: item.key,
    content_hash: item.hash
  }
}

/** What writing the note would do (for a dry run), without writing. */
export function plannedAction(db: Db, item: NoteItem, place: NotePlace): ItemAction {
  const mapping = findMapping(db, place.source, `${place.rel}#${item.key}`, 'knowledge')
  if (!mapping || !targetExists(db, 'knowledge', mapping.targetUid)) return 'created'
  return mapping.contentHash === item.hash ? 'already-imported' : 'updated'
}

/** Writes the note; call inside the run's transaction. */
export function writeNote(db: Db, run: ImportRun, item: NoteItem, place: NotePlace): ItemAction {
  const legacyId = `${place.rel}#${item.key}`
  const mapping = findMapping(db, place.source, legacyId, 'knowledge')
  const base = {
    sourcePath: place.path,
    sourceKey: item.key,
    contentHash: item.hash,
    targetKind: 'knowledge' as const
  }
  const now = new Date().toISOString()
  if (mapping && targetExists(db, 'knowledge', mapping.targetUid)) {
    if (mapping.contentHash === item.hash) {
      run.record({ ...base, action: 'already-imported', targetUid: mapping.targetUid })
      return 'already-imported'
    }
    const previous = snapshotTarget(db, 'knowledge', mapping.targetUid)
    updateKnowledgeItem(db, mapping.targetUid, columns(item, place), now)
    saveMapping(db, { ...mapping, contentHash: item.hash, runId: run.id })
    run.record({
      ...base,
      action: 'updated',
      targetUid: mapping.targetUid,
      previous: { ...previous, mapping }
    })
    return 'updated'
  }
  const uid = randomUUID()
  insertKnowledgeItem(db, uid, columns(item, place), now)
  saveMapping(db, {
    source: place.source,
    legacyId,
    targetKind: 'knowledge',
    targetUid: uid,
    contentHash: item.hash,
    runId: run.id
  })
  run.record({ ...base, action: 'created', targetUid: uid })
  return 'created'
}
