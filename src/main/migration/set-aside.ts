// The damaged runs of a salvaged legacy file, kept verbatim in the quarantine (bytes and offsets, at negative
// positions, so no rebuild takes them for records) and listed in the report; and the warning for an empty file.
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { QuarantineEntry, SalvagedFile } from '../../shared/types'
import { safeStringify } from '../base/safe-json'
import { setAsidePlace } from '../../shared/salvage'
import { readRange } from '../legacy/json-value'
import type { DamagedRange, LegacyDocument } from '../legacy/legacy-files'
import type { LegacySource } from '../legacy/legacy-source'
import type { Db } from '../store/sqlite/database'
import { quarantineRaw } from '../store/sqlite/staging/quarantine-rows'
import type { TextSealer } from '../secrets/sealed-text'

/** The place a set-aside run is listed at: its byte offsets in the file. */
export function setAsidePath(range: DamagedRange): string {
  return setAsidePlace(range)
}

function setAsideReason(range: DamagedRange): string {
  return `damaged (${range.what}): ${range.end - range.start} bytes set aside verbatim`
}

/**
 * The quarantine's raw text for a set-aside run: its offsets and its bytes (as text when they are UTF-8, else
 * base64). The one place to change to seal set-aside text.
 */
export function setAsideText(range: DamagedRange, bytes: Buffer): string {
  const utf8 = Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)
  return safeStringify({
    offset: range.start,
    length: bytes.length,
    ...(utf8 ? { text: bytes.toString('utf8') } : { base64: bytes.toString('base64') })
  })
}

/**
 * Quarantines the damaged runs of a salvaged document (none for an intact one), sealed when they hold a secret (the
 * sealing key is made ready first); returns the report's entries.
 */
export async function setAsideDamage(
  db: Db,
  runId: string,
  doc: LegacyDocument,
  sealer: TextSealer
): Promise<QuarantineEntry[]> {
  const runs = (doc.damaged ?? []).map((range) => ({
    place: {
      file: doc.file,
      jsonPath: setAsidePath(range),
      reason: setAsideReason(range),
      position: -1 - range.position,
      conversationId: null,
      mapKey: null
    },
    text: setAsideText(range, readRange(join(doc.dir, doc.file), range))
  }))
  await sealer.prepare(runs.map((run) => ({ text: run.text })))
  return runs.map(({ place, text }) => {
    quarantineRaw(db, runId, place, text, sealer)
    return { file: place.file, jsonPath: place.jsonPath, reason: place.reason }
  })
}

/** Per salvaged file: records kept and the runs set aside (with each run's sha256, never its bytes). */
export function salvagedFiles(source: LegacySource): SalvagedFile[] {
  return Object.values(source.documents).flatMap((doc) => {
    if (!doc?.damaged) return []
    const path = join(doc.dir, doc.file)
    return [
      {
        file: doc.file,
        kept: doc.count,
        setAside: doc.damaged.map((range) => ({
          start: range.start,
          end: range.end,
          what: range.what,
          sha256: createHash('sha256').update(readRange(path, range)).digest('hex')
        }))
      }
    ]
  })
}

/** A legacy file with no bytes (or only whitespace) is taken as holding nothing, but it may be a crash's trace. */
export function emptyFileWarnings(source: LegacySource): string[] {
  return Object.values(source.documents).flatMap((doc) =>
    doc?.shape === 'empty' && !doc.damaged
      ? [
          `${doc.file} is ${doc.bytes === 0 ? 'empty (0 bytes)' : 'blank (whitespace only)'}: it was taken as holding no records, but it may be what a crash of the old app left. Its bytes are in the backup.`
        ]
      : []
  )
}

/** One line per salvaged file, for the CLI and the report. */
export function salvageLines(files: readonly SalvagedFile[]): string[] {
  return files.map((f) => {
    const bytes = f.setAside.reduce((sum, r) => sum + r.end - r.start, 0)
    const runs = f.setAside.map((r) => `${r.start}-${r.end} (${r.what})`).join(', ')
    return `${f.file}: ${f.kept} records kept; ${bytes} bytes set aside verbatim (bytes ${runs})`
  })
}
