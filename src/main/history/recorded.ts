// The one-line hooks of the audit trail: `recorded` runs an action, times it and appends its event (ok with what
// `summary` makes of the result, or failed with the error's first line, rethrown); `keychainAudit` is the sink a
// SecretStore reports its writes and deletes to (the account's path, never the value).
import type { AuditAction, AuditCounts } from '../../shared/history-types'
import {
  keytarBackend,
  SecretStore,
  type KeychainAuditEvent,
  type KeychainAuditSink,
  type KeychainBackend
} from '../secrets/secret-store'
import { recordEvent } from './audit-log'

/** What an action's result says for its event. */
export interface EventSummary {
  counts?: AuditCounts
  detail?: string | null
  ref?: string | null
}

/** A timed action under way: `ok` or `failed` appends its event. */
function timed(dataDir: string, action: AuditAction, context: EventSummary) {
  const started = performance.now()
  const durationMs = (): number => performance.now() - started
  return {
    /** `null`: the action found nothing to do, and is not recorded. */
    ok(summary: EventSummary | null): void {
      if (summary === null) return
      recordEvent(dataDir, { action, outcome: 'ok', durationMs: durationMs(), ...context, ...summary })
    },
    failed(error: unknown): void {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
      recordEvent(dataDir, { action, outcome: 'failed', reason, durationMs: durationMs(), ...context })
    }
  }
}

/** Runs `run` and records it as `action`; `context` is recorded either way (what was asked), `summary` on success
 * (returning null when the action did nothing worth recording). */
export async function recorded<T>(
  dataDir: string,
  action: AuditAction,
  run: () => Promise<T>,
  summary: (result: T) => EventSummary | null = () => ({}),
  context: EventSummary = {}
): Promise<T> {
  const event = timed(dataDir, action, context)
  try {
    const result = await run()
    event.ok(summary(result))
    return result
  } catch (error) {
    event.failed(error)
    throw error
  }
}

/** `recorded` for a synchronous action. */
export function recordedSync<T>(
  dataDir: string,
  action: AuditAction,
  run: () => T,
  summary: (result: T) => EventSummary | null = () => ({}),
  context: EventSummary = {}
): T {
  const event = timed(dataDir, action, context)
  try {
    const result = run()
    event.ok(summary(result))
    return result
  } catch (error) {
    event.failed(error)
    throw error
  }
}

function keychainDetail(event: KeychainAuditEvent): string {
  return event.kind === 'delete' && event.error === null && !event.existed
    ? `${event.path} (there was no entry)`
    : event.path
}

/** The sink that records a data folder's keychain writes and deletes. */
export function keychainAudit(dataDir: string): KeychainAuditSink {
  return (event) =>
    recordEvent(dataDir, {
      action: event.kind === 'write' ? 'keychain-write' : 'keychain-delete',
      outcome: event.error === null ? 'ok' : 'failed',
      reason: event.error,
      durationMs: event.durationMs,
      detail: keychainDetail(event)
    })
}

/** A SecretStore of this data folder whose writes and deletes go to its audit trail. */
export function auditedSecrets(
  dataDir: string,
  backend: () => Promise<KeychainBackend> = keytarBackend
): SecretStore {
  return new SecretStore(dataDir, backend, keychainAudit(dataDir))
}
