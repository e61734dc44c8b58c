// Writes the staging database's quarantined records (verbatim JSON at their original place) and the
// legacy_documents row of each legacy file (its top-level shape and other top-level keys); text that holds a secret
// is stored sealed (secrets/sealed-text).
import type { JsonValue } from '../../../base/record-codec'
import { safeStringify } from '../../../base/safe-json'
import type { LegacyDocument } from '../../../legacy/legacy-files'
import type { SetAsideText, TextSealer } from '../../../secrets/sealed-text'
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
  /** The record's title and id, for the report (a message's: its conversation's), where it has them. */
  title?: string
  id?: string
}

const INSERT_QUARANTINE = `INSERT INTO quarantine (file, json_path, reason, raw, conversation_id, position, map_key, run_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

const SAVE_DOCUMENT = `INSERT INTO legacy_documents (file, shape, list_key, top_extra, raw) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(file) DO UPDATE SET shape = excluded.shape, list_key = excluded.list_key, top_extra = excluded.top_extra, raw = excluded.raw`

export function quarantineRecord(
  db: Db,
  runId: string,
  place: QuarantinePlace,
  raw: JsonValue,
  sealer: TextSealer
): number {
  return quarantineRaw(db, runId, place, safeStringify(raw), sealer)
}

/** Quarantines a record already serialised (by the parsing worker); returns its row id. */
export function quarantineRaw(
  db: Db,
  runId: string,
  place: QuarantinePlace,
  raw: string,
  sealer: TextSealer
): number {
  const result = stmt(db, INSERT_QUARANTINE).run(
    place.file,
    place.jsonPath,
    place.reason,
    sealer.seal(raw),
    place.conversationId,
    place.position,
    place.mapKey,
    runId
  )
  return Number(result.lastInsertRowid)
}

/** A document's text kept as it is: its other top-level keys, and the whole document when it has no record list. */
export function documentTexts(doc: LegacyDocument): { topExtra: string; raw: string | null } {
  return {
    topExtra: safeStringify(doc.topExtra),
    raw: doc.shape === 'raw' ? safeStringify(doc.raw ?? null) : null
  }
}

/** The texts saveDocumentShape will store, for TextSealer.prepare. */
export function documentSetAside(doc: LegacyDocument): SetAsideText[] {
  const { topExtra, raw } = documentTexts(doc)
  return raw === null ? [{ text: topExtra }] : [{ text: topExtra }, { text: raw }]
}

export function saveDocumentShape(db: Db, doc: LegacyDocument, sealer: TextSealer): void {
  const { topExtra, raw } = documentTexts(doc)
  stmt(db, SAVE_DOCUMENT).run(
    doc.file,
    doc.shape,
    doc.listKey,
    sealer.seal(topExtra),
    raw === null ? null : sealer.seal(raw)
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
