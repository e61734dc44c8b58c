// What verification needs to know of each source record (place, id, message count, content hash), taken while the
// import has the record parsed, so the store is checked against the backup without parsing the backup again.
import { messageCount } from '../legacy/legacy-source'
import { recordPath, type LegacyDocument, type LegacyRecord } from '../legacy/legacy-files'
import { contentHash } from '../base/canonical-json'
import { isPlainObject, type JsonValue } from '../base/record-codec'
import type { Db } from '../store/sqlite/database'

export interface SourceDigest {
  position: number
  /** The JSON path reports name the record by. */
  path: string
  /** The record's id (or map key), to recognise one the user deleted since. */
  uid: string | null
  messages: number
  hash: string
  /** File offset just past the record, for progress. */
  end: number
}

/** The records of a legacy document, as digests: streamed from a file, or kept from the import. */
export interface DigestSource {
  doc: LegacyDocument
  digests: Iterable<SourceDigest>
}

function sourceUid(value: JsonValue, mapKey: string | undefined): string | null {
  if (mapKey !== undefined) return mapKey
  return isPlainObject(value) && typeof value['id'] === 'string' ? value['id'] : null
}

export function digestRecord(
  doc: Pick<LegacyDocument, 'shape' | 'listKey'>,
  record: LegacyRecord
): SourceDigest {
  return {
    position: record.position,
    path: recordPath(doc, record),
    uid: sourceUid(record.value, record.mapKey),
    messages: messageCount(record.value),
    hash: contentHash(record.value),
    end: record.end
  }
}

/** Digests computed as the document's records stream from its file. */
export function streamedDigests(doc: LegacyDocument): DigestSource {
  return {
    doc,
    digests: {
      *[Symbol.iterator]() {
        for (const record of doc.records) yield digestRecord(doc, record)
      }
    }
  }
}

interface DigestRow {
  position: number
  uid: string | null
  messages: number
  hash: string
  end_byte: number
}

/**
 * Digests kept in a temporary table of the import's connection (on disk when large, gone when it closes), so a
 * history of any size costs no memory to remember. One table holds every file's, by file and position.
 */
export class DigestTable {
  private readonly insert
  constructor(
    private readonly db: Db,
    private readonly doc: LegacyDocument
  ) {
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS source_digests (file TEXT NOT NULL, position INTEGER NOT NULL, uid TEXT, messages INTEGER NOT NULL, hash TEXT NOT NULL, end_byte INTEGER NOT NULL, PRIMARY KEY (file, position))'
    )
    db.prepare('DELETE FROM temp.source_digests WHERE file = ?').run(doc.file)
    this.insert = db.prepare(
      'INSERT INTO temp.source_digests (file, position, uid, messages, hash, end_byte) VALUES (?, ?, ?, ?, ?, ?)'
    )
  }

  add(digest: SourceDigest): void {
    this.insert.run(this.doc.file, digest.position, digest.uid, digest.messages, digest.hash, digest.end)
  }

  source(): DigestSource {
    const { db, doc } = this
    return {
      doc,
      digests: {
        *[Symbol.iterator]() {
          // Paged, so the connection is free between pages for the queries that rebuild the stored side.
          const page = db.prepare(
            'SELECT position, uid, messages, hash, end_byte FROM temp.source_digests WHERE file = ? AND position > ? ORDER BY position LIMIT 1000'
          )
          for (let after = -1; ;) {
            const rows = page.all(doc.file, after) as DigestRow[]
            if (rows.length === 0) return
            for (const row of rows) {
              yield {
                position: row.position,
                path: recordPath(doc, { position: row.position, value: null, end: row.end_byte }),
                uid: row.uid,
                messages: row.messages,
                hash: row.hash,
                end: row.end_byte
              }
            }
            after = rows[rows.length - 1]!.position
          }
        }
      }
    }
  }
}
