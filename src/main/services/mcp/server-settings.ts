// The limits a server runs with: timeouts for connect, list and each call, the ping timeout, the stop grace period
// and the largest stdout message; defaults, overridden per server by fields of its record (`call_timeout_ms`, or
// `callTimeoutMs`, …).
export interface ServerLimits {
  connectMs: number
  listMs: number
  callMs: number
  pingMs: number
  graceMs: number
  maxMessageBytes: number
}

export const DEFAULT_LIMITS: ServerLimits = {
  connectMs: 30_000,
  listMs: 30_000,
  callMs: 120_000,
  pingMs: 5_000,
  graceMs: 3_000,
  maxMessageBytes: 10 * 1024 * 1024
}

/** Record field (snake case; the camel-case form is read too) for each limit. */
const FIELDS: Record<keyof ServerLimits, string> = {
  connectMs: 'connect_timeout_ms',
  listMs: 'list_timeout_ms',
  callMs: 'call_timeout_ms',
  pingMs: 'ping_timeout_ms',
  graceMs: 'stop_grace_ms',
  maxMessageBytes: 'max_message_bytes'
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

function positive(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : null
}

/** The limits for a server whose record holds `settings`; a field that is not a positive number is ignored. */
export function serverLimits(settings: Record<string, unknown>): ServerLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(FIELDS) as (keyof ServerLimits)[]) {
    const field = FIELDS[key]
    const value = positive(settings[field]) ?? positive(settings[camel(field)])
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
