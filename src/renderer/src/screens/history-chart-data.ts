// The History view's chart series, from the audit events: records migrated and imported by type per run, errors and
// quarantined records by kind, and each action's duration (keychain calls left out: many, and instant).
import type { AuditEventView } from '../../../shared/history-types'

export interface ChartSeries {
  rows: Record<string, string | number>[]
  /** The stacked keys of `rows` (record types, or the measures), in a stable order. */
  keys: string[]
}

/** Record types in the singular, whichever way the event wrote them (`conversations`, `conversation`). */
function typeName(kind: string): string {
  return kind.replace(/_/g, ' ').replace(/s$/, '')
}

function label(event: AuditEventView): string {
  const at = new Date(event.at)
  const when = Number.isNaN(at.getTime())
    ? event.at
    : at.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
  return `${event.action} #${event.id} · ${when}`
}

/** Oldest first, as a chart reads left to right. */
function chronological(events: readonly AuditEventView[]): AuditEventView[] {
  return [...events].sort((a, b) => a.id - b.id)
}

/** Records moved by each successful migration and import, stacked by type. */
export function recordsByType(events: readonly AuditEventView[]): ChartSeries {
  const keys = new Set<string>()
  const rows = chronological(events)
    .filter((e) => (e.action === 'migration' || e.action === 'import') && e.outcome === 'ok')
    .map((event) => {
      const row: Record<string, string | number> = { label: label(event) }
      for (const [kind, n] of Object.entries(event.counts.records ?? {})) {
        if (n <= 0) continue
        const key = typeName(kind)
        keys.add(key)
        row[key] = (Number(row[key]) || 0) + n
      }
      return row
    })
  return { rows, keys: [...keys].sort() }
}

/** Quarantined records by kind, errors and failed actions, over all events. */
export function problemsByKind(events: readonly AuditEventView[]): ChartSeries {
  const totals = new Map<string, { quarantined: number; errors: number }>()
  const add = (kind: string, part: 'quarantined' | 'errors', n: number): void => {
    if (n <= 0) return
    const entry = totals.get(kind) ?? { quarantined: 0, errors: 0 }
    entry[part] += n
    totals.set(kind, entry)
  }
  for (const event of events) {
    for (const [kind, n] of Object.entries(event.counts.quarantined ?? {}))
      add(typeName(kind), 'quarantined', n)
    add(event.action, 'errors', (event.counts.errors ?? 0) + (event.outcome === 'failed' ? 1 : 0))
  }
  const rows = [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, counts]) => ({ label: kind, ...counts }))
  return { rows, keys: ['quarantined', 'errors'] }
}

/** How long each action took, in milliseconds. */
export function durations(events: readonly AuditEventView[]): ChartSeries {
  const rows = chronological(events)
    .filter((e) => !e.action.startsWith('keychain-'))
    .map((event) => ({ label: label(event), duration: event.durationMs }))
  return { rows, keys: ['duration'] }
}
