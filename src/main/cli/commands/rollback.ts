// `personal-agent rollback [--backup ID] [--discard-new-data] [--yes]` and `backups restore ID`: back to the legacy files.
import { UserError } from '../../../shared/errors'
import { rollback, type RollbackResult } from '../../migration/rollback'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'

export async function runRollback(
  context: CommandContext,
  backupId: string | undefined
): Promise<CommandResult> {
  if (context.options['yes'] !== true && !context.json && process.stdin.isTTY) {
    throw new UserError(
      'USAGE',
      'Rollback replaces the store with the pre-migration files. Run it again with --yes to confirm.'
    )
  }
  const result: RollbackResult = await rollback(context.dataDir, {
    backupId,
    discardNewData: context.options['discard-new-data'] === true
  })
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

export const rollbackCommand: CliCommand = {
  options: { backup: { type: 'string' }, 'discard-new-data': { type: 'boolean' }, yes: { type: 'boolean' } },
  usage: 'rollback [--backup ID] [--discard-new-data] [--yes] [--data-dir DIR] [--json]',
  run: (context) =>
    runRollback(
      context,
      typeof context.options['backup'] === 'string' ? context.options['backup'] : undefined
    )
}
