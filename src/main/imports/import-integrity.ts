// The checks after every import run, recorded in import_integrity_checks: every record the run says it wrote is
// there, no two knowledge items hold the same content, and no reference points at a missing record.
import type { Db } from '../store/sqlite/database'
import { targetExists, type TableTarget } from '../store/sqlite/import-writes/target-rows'

export type CheckStatus = 'passed' | 'warning' | 'failed'

export interface IntegrityCheck {
  name: 'counts' | 'duplicate_content' | 'dangling_references'
  status: CheckStatus
  /** One line for the report. */
  summary: string
  details: Record<string, unknown>
}

function countsCheck(db: Db, runId: string): IntegrityCheck {
  const items = db
    .prepare(
      `SELECT target_kind AS kind, target_uid AS uid FROM import_items
       WHERE run_id = ? AND action IN ('created', 'updated') AND target_kind IS NOT NULL AND target_kind <> 'secret'`
    )
    .all(runId) as { kind: TableTarget; uid: string }[]
  const missing = items.filter((item) => !targetExists(db, item.kind, item.uid))
  const byKind: Record<string, number> = {}
  for (const item of items) byKind[item.kind] = (byKind[item.kind] ?? 0) + 1
  return {
    name: 'counts',
    status: missing.length === 0 ? 'passed' : 'failed',
    summary:
      missing.length === 0
        ? `all ${items.length} records the run wrote are in the store`
        : `${missing.length} of ${items.length} records the run wrote are missing`,
    details: { written: byKind, missing: missing.slice(0, 50) }
  }
}

function duplicateContentCheck(db: Db): IntegrityCheck {
  const groups = db
    .prepare(
      `SELECT content_hash AS hash, COUNT(*) AS n, group_concat(COALESCE(source_path, uid), ' | ') AS places
       FROM knowledge_items GROUP BY content_hash HAVING COUNT(*) > 1 ORDER BY n DESC LIMIT 50`
    )
    .all() as { hash: string; n: number; places: string }[]
  return {
    name: 'duplicate_content',
    status: groups.length === 0 ? 'passed' : 'warning',
    summary:
      groups.length === 0
        ? 'no two knowledge items hold the same content'
        : `${groups.length} groups of knowledge items hold the same content (kept, not merged)`,
    details: { groups }
  }
}

const DANGLING: { name: string; sql: string }[] = [
  {
    name: 'agents.profile_id',
    sql: 'SELECT COUNT(*) AS n FROM agents a WHERE a.profile_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = a.profile_id)'
  },
  {
    name: 'agent_mcp_servers',
    sql: `SELECT COUNT(*) AS n FROM agent_mcp_servers x WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = x.agent_id)
          OR NOT EXISTS (SELECT 1 FROM mcp_servers m WHERE m.id = x.mcp_server_id)`
  },
  {
    name: 'agents in another workspace than their profile',
    sql: `SELECT COUNT(*) AS n FROM agents a JOIN profiles p ON p.id = a.profile_id
          WHERE COALESCE(a.workspace_id, 0) <> COALESCE(p.workspace_id, 0)`
  },
  {
    name: 'conversations.workspace_id',
    sql: 'SELECT COUNT(*) AS n FROM conversations c WHERE c.workspace_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = c.workspace_id)'
  },
  {
    name: 'knowledge_items.workspace_id',
    sql: 'SELECT COUNT(*) AS n FROM knowledge_items k WHERE k.workspace_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = k.workspace_id)'
  },
  {
    name: 'messages.conversation_id',
    sql: 'SELECT COUNT(*) AS n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)'
  },
  {
    name: 'legacy_id_map targets',
    sql: `SELECT COUNT(*) AS n FROM legacy_id_map l WHERE
          (l.target_kind = 'knowledge' AND NOT EXISTS (SELECT 1 FROM knowledge_items t WHERE t.uid = l.target_uid))
       OR (l.target_kind = 'conversation' AND NOT EXISTS (SELECT 1 FROM conversations t WHERE t.uid = l.target_uid))
       OR (l.target_kind = 'profile' AND NOT EXISTS (SELECT 1 FROM profiles t WHERE t.uid = l.target_uid))
       OR (l.target_kind = 'mcp_server' AND NOT EXISTS (SELECT 1 FROM mcp_servers t WHERE t.uid = l.target_uid))
       OR (l.target_kind = 'agent' AND NOT EXISTS (SELECT 1 FROM agents t WHERE t.uid = l.target_uid))
       OR (l.target_kind = 'workspace' AND NOT EXISTS (SELECT 1 FROM workspaces t WHERE t.uid = l.target_uid))`
  }
]

function danglingCheck(db: Db): IntegrityCheck {
  const found: Record<string, number> = {}
  for (const check of DANGLING) {
    const { n } = db.prepare(check.sql).get() as { n: number }
    if (n > 0) found[check.name] = n
  }
  const total = Object.values(found).reduce((a, b) => a + b, 0)
  return {
    name: 'dangling_references',
    status: total === 0 ? 'passed' : 'failed',
    summary:
      total === 0
        ? 'no reference points at a missing record'
        : `${total} references point at missing records`,
    details: found
  }
}

/** Runs every check and records each against the run. */
export function runIntegrityChecks(db: Db, runId: string): IntegrityCheck[] {
  const checks = [countsCheck(db, runId), duplicateContentCheck(db), danglingCheck(db)]
  const insert = db.prepare(
    'INSERT INTO import_integrity_checks(run_id, check_name, status, details, checked_at) VALUES (?, ?, ?, ?, ?)'
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const check of checks)
      insert.run(runId, check.name, check.status, JSON.stringify(check.details), now)
  }).immediate()
  return checks
}
