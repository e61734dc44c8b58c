// `personal-agent migrate [--dry-run]`: the launch migration, from the command line.
import type { MigrationReport, QuarantineEntry } from '../../../shared/types'
import { refuseWhileAppOpen } from '../../app/app-presence'
import { migrate } from '../../migration/engine'
import { reportText } from '../../migration/report'
import { salvageLines } from '../../migration/set-aside'
import type { CliCommand } from '../cli-command'
import { progressPrinter } from '../progress-bar'

/** The records the run will set aside, as its report will list them. */
function setAsideLines(entries: readonly QuarantineEntry[]): string[] {
  if (entries.length === 0) return ['Would set aside: nothing; every record can be moved.']
  return [
    `Would set aside ${entries.length} records (kept verbatim in quarantine, listed in the report, given back by export and rollback):`,
    ...entries.map((q) => `  ${q.file} ${q.jsonPath}: ${q.reason}`)
  ]
}

/** Each phase's ms, by name, in the order they ran. */
function phaseMs(phases: MigrationReport['phases']): Record<string, number> {
  return Object.fromEntries(phases.map((p) => [p.phase, p.durationMs]))
}

export const migrateCommand: CliCommand = {
  options: { 'dry-run': { type: 'boolean' }, salvage: { type: 'boolean' }, wait: { type: 'string' } },
  usage: 'migrate [--dry-run] [--salvage] [--wait SECONDS] [--data-dir DIR] [--json]',
  changesData: (context) => context.options['dry-run'] !== true,
  async run(context) {
    const dryRun = context.options['dry-run'] === true
    const salvage = context.options['salvage'] === true
    if (!dryRun) refuseWhileAppOpen(context.dataDir, 'migrate')
    const waitSeconds = Number(context.options['wait'] ?? 0)
    const result = await migrate(context.dataDir, {
      dryRun,
      salvage,
      lockWaitMs: Number.isFinite(waitSeconds) ? waitSeconds * 1000 : 0,
      onProgress: context.json ? undefined : progressPrinter(context.progressStream)
    })
    const json = {
      status: result.status,
      backup_id: result.backupId,
      counts: result.counts,
      quarantined: result.quarantined,
      duration_ms: result.durationMs,
      usable_ms: result.usableMs,
      total_ms: result.totalMs,
      ...(result.report ? { phases: phaseMs(result.report.phases) } : {}),
      ...(result.salvaged.length ? { salvaged: result.salvaged } : {}),
      ...(result.plan
        ? {
            plan: {
              files: result.plan.files,
              bytes: result.plan.bytes,
              required_bytes: result.plan.requiredBytes,
              free_bytes: result.plan.freeBytes,
              set_aside: result.plan.setAside ?? []
            }
          }
        : {}),
      ...(result.report
        ? { warnings: result.report.warnings, incomplete: result.report.incomplete }
        : result.warnings.length
          ? { warnings: result.warnings }
          : {})
    }
    let text: string
    if (result.status === 'dry-run') {
      text = result.plan
        ? [
            'Dry run: nothing was written.',
            `Would back up and migrate: ${result.plan.files.join(', ')} (${result.plan.bytes} bytes)`,
            `  conversations ${result.counts.conversations}, messages ${result.counts.messages}, profiles ${result.counts.profiles}, MCP servers ${result.counts.mcp_servers}, keys for the keychain ${result.counts.secrets}`,
            ...setAsideLines(result.plan.setAside ?? []),
            ...salvageLines(result.salvaged).map((line) => `Salvage: ${line}`),
            ...result.warnings.map((warning) => `Warning: ${warning}`)
          ].join('\n')
        : 'Dry run: nothing to migrate.'
    } else if (result.status === 'migrated' && result.report) {
      text = reportText(result.report)
    } else {
      text =
        result.status === 'already-migrated'
          ? 'Already migrated; nothing to do.'
          : 'No legacy data found; the store is ready.'
    }
    return { json, text }
  }
}
