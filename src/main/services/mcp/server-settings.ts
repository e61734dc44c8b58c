// The limits a server runs with: timeouts for connect, list and each call, the ping timeout, the stop grace period
// and the largest stdout message; defaults, overridden per server by fields of its record (`call_timeout_ms`, or
// `callTimeoutMs`, …).
import { DEFAULT_MCP_TIMEOUTS } from '../../../shared/types'
import { recordNumber, TIMEOUT_FIELDS } from '../../store/mcp-record-timeouts'

export interface ServerLimits {
  connectMs: number
  listMs: number
  callMs: number
  pingMs: number
  graceMs: number
  maxMessageBytes: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  ...DEFAULT_MCP_TIMEOUTS,
  pingMs: 5_000,
  graceMs: 3_000,
  maxMessageBytes: 10 * 1024 * 1024
}

/** Record field (snake case; the camel-case form is read too) for each limit. */
const FIELDS: Record<keyof ServerLimits, string> = {
  ...TIMEOUT_FIELDS,
  pingMs: 'ping_timeout_ms',
  graceMs: 'stop_grace_ms',
  maxMessageBytes: 'max_message_bytes'
}

/** The limits for a server whose record holds `settings`; a field that is not a positive number is ignored. */
export function serverLimits(settings: Record<string, unknown>): ServerLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(FIELDS) as (keyof ServerLimits)[]) {
    const field = FIELDS[key]
    const value = recordNumber(settings, field)
    if (value !== null) limits[key] = value
  }
  return limits
}

/** `1.5 s`, `2 min`: a limit as the error lines show it. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))} s`
  return `${Math.round(ms / 60_000)} min`
}
