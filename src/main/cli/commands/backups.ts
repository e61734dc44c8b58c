// `personal-agent backups list | restore ID | prune --keep N`.
import { UserError } from '../../../shared/errors'
import { listBackups, pruneBackups } from '../../migration/backup'
import { dataPaths } from '../../base/data-paths'
import type { CliCommand } from '../cli-command'
import { runRollback } from './rollback'
import { recordedSync } from '../../history/recorded'
import { pruneEvent } from '../../migration/migration-events'

export const backupsCommand: CliCommand = {
  options: { keep: { type: 'string' }, yes: { type: 'boolean' }, 'discard-new-data': { type: 'boolean' } },
  usage:
    'backups list | backups restore ID [--discard-new-data] [--yes] | backups prune --keep N  [--data-dir DIR] [--json]',
  async run(context) {
    const paths = dataPaths(context.dataDir)
    const [action, id] = context.positionals
    if (action === 'list' || action === undefined) {
      const backups = listBackups(paths)
      const text = backups.length
        ? backups
            .map(
              (b) =>
                `${b.id}  ${b.createdAt}  ${b.sizeBytes} bytes  ${b.files.join(', ')}  ${b.checksumsOk ? 'checksums ok' : 'DAMAGED'}`
            )
            .join('\n')
        : 'No backups.'
      return { json: backups, text }
    }
    if (action === 'restore') {
      if (!id)
        throw new UserError(
          'USAGE',
          'backups restore needs the backup ID (see "personal-agent backups list").'
        )
      return runRollback(context, id, 'backup-restore')
    }
    if (action === 'prune') {
      const keep = Number(context.options['keep'])
      if (context.options['keep'] === undefined || !Number.isInteger(keep) || keep < 0)
        throw new UserError(
          'USAGE',
          'backups prune needs --keep N, the number of newest backups to keep (N ≥ 0).'
        )
      const removed = recordedSync(
        context.dataDir,
        'backup-prune',
        () => pruneBackups(paths, keep),
        pruneEvent(keep)
      )
      return {
        json: { removed },
        text: removed.length
          ? `Removed ${removed.length} backups: ${removed.join(', ')}.`
          : 'Nothing to remove.'
      }
    }
    throw new UserError(
      'USAGE',
      `Unknown backups action "${action}". Use: backups list, backups restore ID or backups prune --keep N.`
    )
  }
}
