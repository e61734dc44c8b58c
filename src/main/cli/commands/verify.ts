// `personal-agent verify`: proves that nothing of the migrated legacy data is lost (exit 0 only then).
import { verifyMigration } from '../../migration/verify-migration'
import type { CliCommand } from '../cli-command'

export const verifyCommand: CliCommand = {
  options: {},
  usage: 'verify [--data-dir DIR] [--json]',
  async run(context) {
    const result = await verifyMigration(context.dataDir)
    const text = result.ok
      ? `Verified: ${result.checked.records} records and ${result.checked.messages} messages match backup ${result.backupId ?? ''}${result.changedByUser ? `; ${result.changedByUser} changed by you since` : ''}.`
      : [
          `Verification failed: ${result.discrepancies.length} differences.`,
          ...result.discrepancies.slice(0, 50).map((d) => `  ${d}`)
        ].join('\n')
    return {
      json: {
        ok: result.ok,
        discrepancies: result.discrepancies,
        checked: result.checked,
        backup_id: result.backupId
      },
      text,
      exitCode: result.ok ? 0 : 1
    }
  }
}
