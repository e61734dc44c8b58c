// Writes the staging database's quarantined records (verbatim JSON at their original place) and the
// legacy_documents row of each legacy file (its top-level shape and other top-level keys).
import type { JsonValue } from '../../../base/record-codec'
import { safeStringify } from '../../../base/safe-json'
import type { LegacyDocument } from '../../../legacy/legacy-files'
import type { Db } from '../database'
import { stmt } from '../store-changes'

/** Where a quarantined record was found; a message's conversation id is filled in once its conversation is written. */
export interface QuarantinePlace {
  file: string
  jsonPath: string
  reason: string
  position: number
  conversationId: number | null
  mapKey: string | null
}

const INSERT_QUARANTINE = `INSERT INTO quarantine (file, json_path, reason, raw, conversation_id, position, map_key, run_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const SAVE_DOCUMENT = `INSERT INTO legacy_documents (file, shape, list_key, top_extra, raw) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(file) DO UPDATE SET shape = excluded.shape, list_key = excluded.list_key, top_extra = excluded.top_extra, raw = excluded.raw`

export function quarantineRecord(db: Db, runId: string, place: QuarantinePlace, raw: JsonValue): number {
  return quarantineRaw(db, runId, place, safeStringify(raw))
}

/** Quarantines a record already serialised (by the parsing worker); returns its row id. */
export function quarantineRaw(db: Db, runId: string, place: QuarantinePlace, raw: string): number {
  const result = stmt(db, INSERT_QUARANTINE).run(
    place.file,
    place.jsonPath,
    place.reason,
    raw,
    place.conversationId,
    place.position,
    place.mapKey,
    runId
  )
  return Number(result.lastInsertRowid)
}

export function saveDocumentShape(db: Db, doc: LegacyDocument): void {
  stmt(db, SAVE_DOCUMENT).run(
    doc.file,
    doc.shape,
    doc.listKey,
    safeStringify(doc.topExtra),
    doc.shape === 'raw' ? safeStringify(doc.raw ?? null) : null
  )
}

/** True when a salvage set damaged bytes of `file` aside (quarantine rows at negative positions). */
export function hasSetAside(db: Db, file: string): boolean {
  return (
    (stmt(
      db,
      'SELECT 1 FROM quarantine WHERE file = ? AND conversation_id IS NULL AND position < 0 LIMIT 1'
    ).get(file) ?? null) !== null
  )
}
