// The staging database's writes at the migration's step boundaries: taking back a failed MCP step, and marking the
// run verified before its commit.
import { MCP_FILE } from '../../../legacy/legacy-files'
import type { Db } from '../database'

/**
 * Takes out everything the MCP step wrote (its servers, their secret references, the quarantined records and the
 * document shape of mcp_config.json), so the conversations and profiles can be committed without it.
 */
export function discardMcpServers(db: Db): void {
  db.transaction(() => {
    db.prepare('DELETE FROM mcp_servers').run()
    db.prepare('DELETE FROM quarantine WHERE file = ?').run(MCP_FILE)
    db.prepare("DELETE FROM secret_refs WHERE owner_kind = 'mcp_server'").run()
    db.prepare('DELETE FROM legacy_documents WHERE file = ?').run(MCP_FILE)
  })()
}

export interface VerifiedRun {
  runId: string
  startedAt: string
  backupId: string
}

/** Records the run as verified, and starts the count of changes made in the app since the migration. */
export function markRunVerified(db: Db, run: VerifiedRun): void {
  db.transaction(() => {
    db.prepare('INSERT INTO migration_runs (id, started_at, status, backup_id) VALUES (?, ?, ?, ?)').run(
      run.runId,
      run.startedAt,
      'verified',
      run.backupId
    )
    db.prepare(
      "INSERT OR REPLACE INTO meta (key, value) VALUES ('migration_run_id', ?), ('mutations', '0')"
    ).run(run.runId)
  })()
}
