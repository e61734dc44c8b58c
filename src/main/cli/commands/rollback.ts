// `personal-agent rollback [--backup ID] [--discard-new-data] [--yes]` and `backups restore ID`: back to the legacy files.
// `personal-agent rollback --run ID`: undoes one import run instead.
import { UserError } from '../../../shared/errors'
import { refuseWhileAppOpen } from '../../app/app-presence'
import { openImportStore } from '../../imports/import-store'
import { importRollbackEvent, rollbackImportRun } from '../../imports/import-rollback'
import { rollback, type RollbackResult } from '../../migration/rollback'
import { rollbackEvent } from '../../migration/migration-events'
import { recorded } from '../../history/recorded'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'

export async function runRollback(
  context: CommandContext,
  backupId: string | undefined,
  action: 'migration-rollback' | 'backup-restore' = 'migration-rollback'
): Promise<CommandResult> {
  if (context.options['yes'] !== true && !context.json && process.stdin.isTTY) {
    throw new UserError(
      'USAGE',
      'Rollback replaces the store with the pre-migration files. Run it again with --yes to confirm.'
    )
  }
  refuseWhileAppOpen(
    context.dataDir,
    action === 'backup-restore' ? `backups restore ${backupId}` : 'rollback'
  )
  const options = { backupId, discardNewData: context.options['discard-new-data'] === true }
  const result: RollbackResult = await recorded(
    context.dataDir,
    action,
    () => rollback(context.dataDir, options),
    rollbackEvent
  )
  const text = [
    `Pre-migration data restored from backup ${result.restoredFrom}: ${result.files.join(', ')}.`,
    result.keptNewRecords
      ? 'Records you created or changed after the migration were written into the restored files (use --discard-new-data for the exact originals).'
      : 'The files are byte-identical to the originals.',
    `Keychain entries removed: ${result.removedKeychainEntries}.${result.databaseMovedTo ? ` The database was moved to ${result.databaseMovedTo}.` : ''}`,
    'Personal Agent now runs on the legacy files; run "personal-agent migrate" to migrate again.',
    ...result.warnings.map((w) => `Warning: ${w}`)
  ].join('\n')
  return {
    json: {
      restored_from: result.restoredFrom,
      kept_new_records: result.keptNewRecords,
      files: result.files,
      removed_keychain_entries: result.removedKeychainEntries,
      database_moved_to: result.databaseMovedTo,
      warnings: result.warnings
    },
    text
  }
}

/** `rollback --run ID`: removes exactly what that import run added and puts back what it changed. */
async function rollbackRun(context: CommandContext, runId: string): Promise<CommandResult> {
  const store = await openImportStore(context.dataDir)
  try {
    const result = await recorded(
      context.dataDir,
      'import-rollback',
      () => rollbackImportRun(store.db, store.secrets, runId),
      importRollbackEvent,
      { ref: runId }
    )
    const removed = Object.entries(result.removed).map(([kind, n]) => `${n} ${kind}`)
    return {
      json: {
        run_id: result.runId,
        removed: result.removed,
        restored: result.restored,
        removed_keychain_entries: result.keychainEntriesRemoved
      },
      text: [
        `Import run ${result.runId} rolled back.`,
        `Removed: ${removed.join(', ') || 'nothing'}; put back as they were: ${result.restored}; keychain entries removed: ${result.keychainEntriesRemoved}.`
      ].join('\n')
    }
  } finally {
    store.close()
  }
}

export const rollbackCommand: CliCommand = {
  options: {
    backup: { type: 'string' },
    run: { type: 'string' },
    'discard-new-data': { type: 'boolean' },
    yes: { type: 'boolean' }
  },
  usage:
    'rollback [--backup ID] [--discard-new-data] [--yes] | rollback --run IMPORT_RUN_ID [--data-dir DIR] [--json]',
  // An import run's rollback changes the store; a migration rollback leaves the folder on the legacy files.
  changesData: (context) => typeof context.options['run'] === 'string',
  run: (context) => {
    const run = context.options['run']
    if (typeof run === 'string') return rollbackRun(context, run)
    return runRollback(
      context,
      typeof context.options['backup'] === 'string' ? context.options['backup'] : undefined
    )
  }
}
