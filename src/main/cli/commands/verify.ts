// `personal-agent verify`: proves that nothing of the migrated legacy data is lost (exit 0 only then); with
// --consistency, compares the live legacy JSON files (the hybrid mirror) with the SQLite store instead.
import { verifyMigration } from '../../migration/verify-migration'
import { SecretStore } from '../../secrets/secret-store'
import { checkFolderConsistency, consistencyLines } from '../../store/consistency-check'
import type { CliCommand, CommandResult } from '../cli-command'

/** `verify --consistency`: the legacy JSON files against the SQLite store, record by record (exit 0 only if equal). */
async function runConsistency(dataDir: string): Promise<CommandResult> {
  const report = await checkFolderConsistency(dataDir, new SecretStore(dataDir))
  const text = [
    report.ok ? 'Consistent: the JSON files and the SQLite store hold the same records.' : 'Inconsistent:',
    ...consistencyLines(report).map((line) => `  ${line}`)
  ].join('\n')
  return { json: report, text, exitCode: report.ok ? 0 : 1 }
}

export const verifyCommand: CliCommand = {
  options: { consistency: { type: 'boolean' } },
  usage: 'verify [--consistency] [--data-dir DIR] [--json]',
  async run(context) {
    if (context.options['consistency'] === true) return runConsistency(context.dataDir)
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
