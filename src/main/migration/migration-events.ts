// What the audit trail records of a migration and of a rollback: records moved by type, quarantined records by kind
// (the legacy file they came from), warnings, the run and backup; an `already-migrated` run did nothing and is not
// recorded.
import type { MigrationReport, QuarantineEntry } from '../../shared/types'
import type { EventSummary } from '../history/recorded'
import { MCP_FILE, MODELS_FILE } from '../legacy/legacy-files'
import type { RollbackResult } from './rollback'

function quarantineKind(entry: QuarantineEntry): string {
  if (entry.file === MODELS_FILE) return 'profiles'
  if (entry.file === MCP_FILE) return 'mcp_servers'
  return 'conversations'
}

function byKind(entries: readonly QuarantineEntry[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const entry of entries) counts[quarantineKind(entry)] = (counts[quarantineKind(entry)] ?? 0) + 1
  return counts
}

/** What the event reads of a migration's outcome (engine.ts's MigrateOutcome, which imports this module). */
interface MigrationOutcome {
  status: string
  backupId: string | null
  counts: MigrationReport['counts']
  report: MigrationReport | null
}

/** The event of a migration run, or null when it did nothing (the folder was already migrated). */
export function migrationEvent(outcome: MigrationOutcome): EventSummary | null {
  if (outcome.status === 'already-migrated' || outcome.status === 'dry-run') return null
  const report = outcome.report
  return {
    counts: {
      records: { ...outcome.counts },
      quarantined: byKind(report?.quarantined ?? []),
      warnings: report?.warnings.length ?? 0,
      errors: report?.incomplete.length ?? 0
    },
    detail:
      outcome.status === 'nothing-to-migrate'
        ? 'nothing to migrate: an empty store was created'
        : `backup ${outcome.backupId ?? 'none'}${report?.incomplete.length ? `; incomplete: ${report.incomplete.join(', ')}` : ''}`,
    ref: report?.runId ?? null
  }
}

/** The event of a rollback to the legacy files. */
export function rollbackEvent(result: RollbackResult): EventSummary {
  return {
    counts: {
      records: { files: result.files.length, keychain_entries_removed: result.removedKeychainEntries },
      warnings: result.warnings.length
    },
    detail: `restored from backup ${result.restoredFrom}${result.keptNewRecords ? ', with the records added since' : ', byte-identical'}`,
    ref: result.restoredFrom
  }
}

/** The event of a prune of the pre-migration backups. */
export function pruneEvent(keep: number): (removed: string[]) => EventSummary {
  return (removed) => ({
    counts: { records: { backups_removed: removed.length } },
    detail: `kept the newest ${keep}${removed.length ? `; removed ${removed.join(', ')}` : ''}`
  })
}
