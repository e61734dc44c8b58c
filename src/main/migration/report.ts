// The migration report: report.json and a human-readable report.txt next to the backup. Never holds a secret.
import { join } from 'node:path'
import type { MigrationReport } from '../../shared/types'
import { writeFileAtomic } from '../fs/atomic-write'

export function reportText(report: MigrationReport): string {
  const lines = [
    'Personal Agent data migration report',
    '',
    `Run:        ${report.runId}`,
    `Backup:     ${report.backupId ?? 'none'}`,
    `App:        ${report.appVersion}`,
    `Started:    ${report.startedAt}`,
    `Finished:   ${report.finishedAt} (${(report.durationMs / 1000).toFixed(1)} s)`,
    '',
    'Migrated:',
    `  conversations  ${report.counts.conversations}`,
    `  messages       ${report.counts.messages}`,
    `  profiles       ${report.counts.profiles}`,
    `  MCP servers    ${report.counts.mcp_servers}`,
    `  keys moved to the keychain  ${report.counts.secrets}`,
    '',
    `Quarantined records (kept verbatim, given back by export and rollback): ${report.quarantined.length}`,
    ...report.quarantined.map((q) => `  ${q.file} ${q.jsonPath}: ${q.reason}`),
    '',
    `Warnings: ${report.warnings.length}`,
    ...report.warnings.map((w) => `  ${w}`),
    ...(report.incomplete.length
      ? ['', `Not finished (run "personal-agent migrate" again to retry): ${report.incomplete.join(', ')}`]
      : []),
    '',
    'Phases:',
    ...report.phases.map((p) => `  ${p.phase.padEnd(14)} ${p.durationMs} ms`),
    ''
  ]
  return lines.join('\n')
}

export function writeReport(dir: string, report: MigrationReport): void {
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`)
  writeFileAtomic(join(dir, 'report.txt'), reportText(report))
}
