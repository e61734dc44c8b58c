// The audit trail's vocabulary (history.db, `personal-agent history`, the History view): the actions it records,
// what one event holds, and what the chain check says. Never a secret value: a keychain event names the account's path.

/** Every action the audit trail records. */
export const AUDIT_ACTIONS = [
  'migration',
  'migration-rollback',
  'import',
  'import-rollback',
  'backup-export',
  'backup-import',
  'backup-restore',
  'backup-prune',
  'schema-upgrade',
  'schema-downgrade',
  'storage-backend-switch',
  'keychain-write',
  'keychain-delete'
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export type AuditOutcome = 'ok' | 'failed'

/** The numbers of an event; every part optional, absent parts are simply not shown. */
export interface AuditCounts {
  /** Records migrated, imported, removed or restored, by type (conversations, messages, profiles, …). */
  records?: Record<string, number>
  /** Records set aside in quarantine, by kind. */
  quarantined?: Record<string, number>
  /** Problems the action met without failing (verification differences, failed items, keychain entries left). */
  errors?: number
  warnings?: number
}

/** One recorded event, as the CLI and the History view show it. */
export interface AuditEventView {
  id: number
  /** ISO time the action finished. */
  at: string
  action: AuditAction
  outcome: AuditOutcome
  /** One line: why it failed (failed), or nothing. */
  reason: string | null
  durationMs: number
  counts: AuditCounts
  /** One line of context: a run or backup id, `sqlite → hybrid`, `profile/<id>/api_key`. Never a secret value. */
  detail: string | null
  /** The id of what the event is about: an import run (the History view offers to undo it), a migration run, a
   * backup. */
  ref: string | null
  appVersion: string
}

/** How a broken chain was broken, at its first broken row. */
export type ChainBreak = 'edited' | 'deleted' | 'reordered'

export interface ChainCheck {
  ok: boolean
  events: number
  /** The first broken row, when the chain is not intact. */
  broken: { id: number; at: string; how: ChainBreak } | null
}

/** What the History view loads: the newest events and the chain check over all of them. */
export interface HistoryView {
  events: AuditEventView[]
  chain: ChainCheck
}

function listed(counts: Record<string, number> | undefined): string {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind.replace(/_/g, ' ')} ${n}`)
    .join(', ')
}

/** An event's counts in one line, e.g. "conversations 3, messages 12; quarantined: profiles 1; 2 warnings". */
export function auditCountsText(counts: AuditCounts): string {
  const parts = [
    listed(counts.records),
    counts.quarantined && listed(counts.quarantined) ? `quarantined: ${listed(counts.quarantined)}` : '',
    counts.errors ? `${counts.errors} errors` : '',
    counts.warnings ? `${counts.warnings} warnings` : ''
  ]
  return parts.filter((part) => part !== '').join('; ')
}

/** The result of a chain check in one line, as `personal-agent history --verify` and the History view say it. */
export function chainCheckText(check: ChainCheck): string {
  if (check.ok) return `History verified: ${check.events} events, chain intact`
  const row = check.broken!
  const how =
    row.how === 'edited'
      ? 'was edited after it was written'
      : row.how === 'deleted'
        ? 'follows an event that was deleted'
        : 'was moved out of its place (the events were reordered)'
  return `History check failed: event ${row.id} (${row.at}) ${how}. The first broken event is named; later ones are not checked.`
}
