// The migration report: report.json and a human-readable report.txt next to the backup. Never holds a secret: both
// are written through the log's redaction (known keys, key-shaped tokens, URL credentials; shared/secret-policy).
import { join } from 'node:path'
import type { ConversationFolderCount, MigrationReport } from '../../shared/types'
import { writeFileAtomic } from '../fs/atomic-write'
import {
  CONVERSATION_FOLDERS,
  folderOf,
  isConversationFolderFile,
  type LegacySourceFile
} from '../legacy/legacy-files'
import type { Db } from '../store/sqlite/database'
import { redact } from '../logging/redact'
import { salvageLines } from './set-aside'
import { SET_ASIDE_RETURN } from '../../shared/salvage'

/** Files, conversations and messages per conversation folder, for the folders among `files`. */
export function conversationFolderCounts(
  db: Db,
  files: readonly LegacySourceFile[]
): ConversationFolderCount[] {
  const count = db.prepare(
    "SELECT COUNT(*) AS conversations, COALESCE(SUM(message_count), 0) AS messages FROM conversations WHERE source_file >= ? AND source_file < ? AND origin = 'legacy'"
  )
  return CONVERSATION_FOLDERS.flatMap((folder) => {
    const n = files.filter((f) => isConversationFolderFile(f) && folderOf(f) === folder).length
    if (n === 0) return []
    // Every name under `folder/`: from 'folder/' up to (not including) 'folder0' ('0' follows '/').
    const row = count.get(`${folder}/`, `${folder}0`) as { conversations: number; messages: number }
    return [{ folder, files: n, ...row }]
  })
}

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
    ...(report.conversationFolders ?? []).map(
      (f) =>
        `  of which from ${f.folder}/: ${f.conversations} conversations, ${f.messages} messages (${f.files} files)`
    ),
    ...(report.salvaged?.length
      ? [
          '',
          `Salvaged (damaged files; the damaged bytes are set aside in the quarantine). ${SET_ASIDE_RETURN}`,
          ...salvageLines(report.salvaged).map((l) => `  ${l}`)
        ]
      : []),
    '',
    `Quarantined (records kept verbatim, given back by export and rollback${report.salvaged?.length ? '; damaged bytes set aside, given back by rollback only' : ''}): ${report.quarantined.length}`,
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
  writeFileAtomic(join(dir, 'report.json'), `${redact(JSON.stringify(report, null, 2))}\n`)
  writeFileAtomic(join(dir, 'report.txt'), redact(reportText(report)))
}
