// The report's entries for quarantined records, and for a legacy document kept whole because it holds no record list.
import type { JsonValue } from '../base/record-codec'
import type { LegacyDocument } from '../legacy/legacy-files'
import type { QuarantinePlace } from '../store/sqlite/staging/quarantine-rows'
import type { QuarantineEntry } from '../../shared/types'

export function toEntry(place: QuarantinePlace): QuarantineEntry {
  const { file, jsonPath, reason, title, id } = place
  return { file, jsonPath, reason, ...(title ? { title } : {}), ...(id ? { id } : {}) }
}

/** A record's title (or name) and id where they are non-empty strings, so the report can name the record. */
export function recordNames(value: JsonValue): { title?: string; id?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {}
  const text = (field: JsonValue | undefined): string | undefined =>
    typeof field === 'string' && field.trim() !== '' ? field : undefined
  const title = text(value['title']) ?? text(value['name'])
  const id = text(value['id'])
  return { ...(title ? { title } : {}), ...(id ? { id } : {}) }
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
