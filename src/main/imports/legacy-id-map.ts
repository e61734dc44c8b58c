// The id a record had where it came from (a file and key, a tenant's session id, another app's uuid) and the record
// it became here: a second import finds its earlier result by it instead of adding a copy.
import type { Db } from '../store/sqlite/database'
import { stmt } from '../store/sqlite/store-changes'
import type { TargetKind } from './import-run'

/** What a legacy id maps to: a record, or ('file') a source file and the sha256 it had when last imported. */
export type MappedKind = TargetKind | 'file'

export interface IdMapping {
  source: string
  legacyId: string
  targetKind: MappedKind
  targetUid: string
  contentHash: string | null
  runId: string
}

export function findMapping(
  db: Db,
  source: string,
  legacyId: string,
  targetKind: MappedKind
): IdMapping | null {
  const row = stmt(
    db,
    `SELECT source, legacy_id AS legacyId, target_kind AS targetKind, target_uid AS targetUid,
            content_hash AS contentHash, run_id AS runId
     FROM legacy_id_map WHERE source = ? AND legacy_id = ? AND target_kind = ?`
  ).get(source, legacyId, targetKind) as IdMapping | undefined
  return row ?? null
}

/** Adds or moves a mapping (a changed file's item keeps its record; the mapping then names the later run). */
export function saveMapping(db: Db, mapping: IdMapping): void {
  stmt(
    db,
    `INSERT INTO legacy_id_map(source, legacy_id, target_kind, target_uid, content_hash, run_id)
     VALUES (@source, @legacyId, @targetKind, @targetUid, @contentHash, @runId)
     ON CONFLICT(source, legacy_id, target_kind) DO UPDATE SET
       target_uid = excluded.target_uid, content_hash = excluded.content_hash, run_id = excluded.run_id`
  ).run(mapping)
}

export function mappingsOfSource(db: Db, source: string): IdMapping[] {
  return db
    .prepare(
      `SELECT source, legacy_id AS legacyId, target_kind AS targetKind, target_uid AS targetUid,
              content_hash AS contentHash, run_id AS runId
       FROM legacy_id_map WHERE source = ? ORDER BY legacy_id`
    )
    .all(source) as IdMapping[]
}
