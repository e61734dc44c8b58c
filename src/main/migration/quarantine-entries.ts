// The report's entries for quarantined records, and for a legacy document kept whole because it holds no record list.
import type { LegacyDocument } from '../legacy/legacy-files'
import type { QuarantinePlace } from '../store/sqlite/staging/quarantine-rows'
import type { QuarantineEntry } from '../../shared/types'

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
