// `personal-agent backups list | restore ID | prune --keep N | export ID --out FILE | import FILE`.
import { UserError } from '../../../shared/errors'
import { listBackups, pruneBackups } from '../../migration/backup'
import { dataPaths } from '../../base/data-paths'
import { resolve } from 'node:path'
import { exportMigrationBackup, importMigrationBackup } from '../../migration/backup-transfer'
import { SecretStore } from '../../secrets/secret-store'
import { readPassphrase } from '../passphrase'
import type { CliCommand } from '../cli-command'
import { runRollback } from './rollback'
import { auditedSecrets, recorded } from '../../history/recorded'
import { pruneEvent } from '../../migration/migration-events'

export const backupsCommand: CliCommand = {
  options: {
    keep: { type: 'string' },
    yes: { type: 'boolean' },
    'discard-new-data': { type: 'boolean' },
    out: { type: 'string' },
    'passphrase-file': { type: 'string' }
  },
  usage:
    'backups list | backups restore ID [--discard-new-data] [--yes] | backups prune --keep N | backups export ID --out FILE [--passphrase-file F] | backups import FILE [--passphrase-file F]  [--data-dir DIR] [--json]',
  async run(context) {
    const paths = dataPaths(context.dataDir)
    const [action, id] = context.positionals
    if (action === 'list' || action === undefined) {
      const backups = await listBackups(paths, new SecretStore(context.dataDir))
      const text = backups.length
        ? backups
            .map(
              (b) =>
                `${b.id}  ${b.createdAt}  ${b.sizeBytes} bytes  ${b.files.join(', ')}  ${b.encrypted ? 'encrypted' : 'plain'}  ${b.checksumsOk ? 'checksums ok' : `DAMAGED: ${b.problem ?? 'unreadable'}`}`
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
      const removed = await recorded(
        context.dataDir,
        'backup-prune',
        () => pruneBackups(paths, keep, auditedSecrets(context.dataDir)),
        pruneEvent(keep)
      )
      return {
        json: { removed },
        text: removed.length
          ? `Removed ${removed.length} backups: ${removed.join(', ')}.`
          : 'Nothing to remove.'
      }
    }
    if (action === 'export') {
      const out = context.options['out']
      if (!id || typeof out !== 'string')
        throw new UserError(
          'USAGE',
          'backups export needs the backup ID and --out FILE (see "personal-agent backups list").'
        )
      const passphrase = await readPassphrase(context, 'export', true)
      const result = await exportMigrationBackup(
        paths,
        id,
        passphrase,
        resolve(out),
        new SecretStore(context.dataDir)
      )
      return {
        json: result,
        text: `Backup ${result.id} exported to ${result.out} (${result.files} files, ${result.bytes} bytes), encrypted with your passphrase. Keep the passphrase: without it the file cannot be read.`
      }
    }
    if (action === 'import') {
      if (!id) throw new UserError('USAGE', 'backups import needs the export FILE.')
      const passphrase = await readPassphrase(context, 'import', false)
      const result = await importMigrationBackup(
        paths,
        resolve(id),
        passphrase,
        new SecretStore(context.dataDir)
      )
      return {
        json: result,
        text: `${resolve(id)} imported as backup ${result.id} (${result.files} files, each checked against its checksum); it is encrypted with a new key in this computer's keychain.`
      }
    }
    throw new UserError(
      'USAGE',
      `Unknown backups action "${action}". Use: backups list, restore ID, prune --keep N, export ID --out FILE or import FILE.`
    )
  }
}
