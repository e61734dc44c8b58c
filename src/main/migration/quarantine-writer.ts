// Writes quarantined records (verbatim JSON at their original place) and the legacy_documents row of each file.
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/sqlite/database'
import type { LegacyDocument } from '../legacy/legacy-files'
import type { JsonValue } from '../base/record-codec'
import { safeStringify } from '../base/safe-json'
import type { QuarantineEntry } from '../../shared/types'

export interface QuarantinePlace {
  file: string
  jsonPath: string
  reason: string
  position: number
  conversationId: number | null
  mapKey: string | null
}

export function quarantineRecord(db: Db, runId: string, place: QuarantinePlace, raw: JsonValue): number {
  return quarantineRaw(db, runId, place, safeStringify(raw))
}

const inserts = new WeakMap<Db, Statement>()

/** Quarantines a record already serialised (by the parsing worker). One statement per connection, however many. */
export function quarantineRaw(db: Db, runId: string, place: QuarantinePlace, raw: string): number {
  let insert = inserts.get(db)
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO quarantine (file, json_path, reason, raw, conversation_id, position, map_key, run_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
    )
    inserts.set(db, insert)
  }
  const result = insert.run(
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

export function toEntry(place: QuarantinePlace): QuarantineEntry {
  return { file: place.file, jsonPath: place.jsonPath, reason: place.reason }
}

/** A document kept whole because it holds no record list: listed in the report like a quarantined record. */
export function rawDocumentEntry(doc: LegacyDocument, expected: string): QuarantineEntry[] {
  if (doc.shape !== 'raw') return []
  const raw = doc.raw
  const found =
    raw === null
      ? 'null'
      : Array.isArray(raw)
        ? 'a list'
        : typeof raw === 'object'
          ? 'an object without it'
          : `a ${typeof raw}`
  return [
    {
      file: doc.file,
      jsonPath: '$',
      reason: `expected ${expected}, found ${found}; the file is kept as it is`
    }
  ]
}

export function saveDocumentShape(db: Db, doc: LegacyDocument): void {
  db.prepare(
    `INSERT INTO legacy_documents (file, shape, list_key, top_extra, raw) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(file) DO UPDATE SET shape = excluded.shape, list_key = excluded.list_key, top_extra = excluded.top_extra, raw = excluded.raw`
  ).run(
    doc.file,
    doc.shape,
    doc.listKey,
    safeStringify(doc.topExtra),
    doc.shape === 'raw' ? safeStringify(doc.raw ?? null) : null
  )
}
