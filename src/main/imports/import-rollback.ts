// `personal-agent rollback --run ID`: removes exactly what one import run added, and puts back what it updated, in
// one transaction; the keychain entries it created go after the commit. Refuses while a later run builds on it.
import { UserError } from '../../shared/errors'
import type { EventSummary } from '../history/recorded'
import { logger } from '../logging/logger'
import type { SecretStore } from '../secrets/secret-store'
import type { Db } from '../store/sqlite/database'
import {
  removeSecretRef,
  removeTarget,
  restoreTarget,
  type TableTarget,
  type TargetSnapshot
} from '../store/sqlite/import-writes/target-rows'
import { importRunRow, type TargetKind } from './import-run'
import { saveMapping, type IdMapping } from './legacy-id-map'

export interface ImportRollbackResult {
  runId: string
  /** Records removed, by kind. */
  removed: Partial<Record<TargetKind, number>>
  /** Records put back as they were before the run updated them. */
  restored: number
  keychainEntriesRemoved: number
}

/** An updated item's `previous`: the record's rows as they were, and the id mapping that pointed at it. */
export interface PreviousRecord extends TargetSnapshot {
  mapping?: IdMapping | null
}

interface ItemRow {
  action: 'created' | 'updated'
  target_kind: TargetKind
  target_uid: string
  previous: string | null
}

/** Later runs, not rolled back, that created or changed a record this run created or changed. */
function laterRunsOnSameRecords(db: Db, runId: string): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT later.run_id AS run FROM import_items mine
       JOIN import_items later ON later.target_kind = mine.target_kind AND later.target_uid = mine.target_uid
       JOIN import_runs r ON r.id = later.run_id
       WHERE mine.run_id = ? AND later.run_id <> ? AND later.id > mine.id
         AND mine.action IN ('created', 'updated') AND later.action IN ('created', 'updated')
         AND r.status <> 'rolled-back'
       ORDER BY later.run_id`
    )
    .all(runId, runId) as { run: string }[]
  return rows.map((row) => row.run)
}

export async function rollbackImportRun(
  db: Db,
  secrets: SecretStore,
  runId: string
): Promise<ImportRollbackResult> {
  const run = importRunRow(db, runId)
  if (!run)
    throw new UserError(
      'NOT_FOUND',
      `There is no import run "${runId}". Run "personal-agent imports" to list the runs of this data folder.`
    )
  if (run.status === 'rolled-back')
    throw new UserError(
      'WRONG_STATE',
      `Import run ${runId} was already rolled back; there is nothing left to undo.`
    )
  const later = laterRunsOnSameRecords(db, runId)
  if (later.length > 0)
    throw new UserError(
      'WRONG_STATE',
      `Import run ${later.join(', ')} changed records that run ${runId} added. Roll back ${later.length === 1 ? 'that run' : 'those runs'} first (newest first), then this one.`
    )
  const items = db
    .prepare(
      `SELECT action, target_kind, target_uid, previous FROM import_items
       WHERE run_id = ? AND action IN ('created', 'updated') AND target_kind IS NOT NULL AND target_uid IS NOT NULL
       ORDER BY id DESC`
    )
    .all(runId) as ItemRow[]
  const result: ImportRollbackResult = { runId, removed: {}, restored: 0, keychainEntriesRemoved: 0 }
  const accounts: string[] = []
  db.transaction(() => {
    db.prepare('DELETE FROM legacy_id_map WHERE run_id = ?').run(runId)
    for (const item of items) {
      if (item.target_kind === 'secret') {
        removeSecretRef(db, item.target_uid)
        if (item.action === 'created') accounts.push(item.target_uid)
        continue
      }
      const kind: TableTarget = item.target_kind
      if (item.action === 'created') {
        accounts.push(...removeTarget(db, kind, item.target_uid))
        result.removed[kind] = (result.removed[kind] ?? 0) + 1
      } else if (item.previous !== null) {
        const snapshot = JSON.parse(item.previous) as PreviousRecord
        accounts.push(...restoreTarget(db, kind, snapshot))
        if (snapshot.mapping) saveMapping(db, snapshot.mapping)
        result.restored += 1
      }
    }
    db.prepare(
      "UPDATE import_runs SET status = 'rolled-back', finished_at = COALESCE(finished_at, ?) WHERE id = ?"
    ).run(new Date().toISOString(), runId)
  }).immediate()
  for (const account of accounts) {
    try {
      if (await secrets.delete(account)) result.keychainEntriesRemoved += 1
    } catch (error) {
      // The database no longer points at it; a leftover keychain entry is untidy, not a loss.
      logger.warn(`Rollback of import run ${runId}: could not delete keychain entry ${account}`, error)
    }
  }
  return result
}

/** What the audit trail records of an import run's rollback: records removed by kind, restored, keychain entries. */
export function importRollbackEvent(result: ImportRollbackResult): EventSummary {
  return {
    counts: {
      records: {
        ...result.removed,
        restored: result.restored,
        keychain_entries_removed: result.keychainEntriesRemoved
      }
    },
    ref: result.runId
  }
}
