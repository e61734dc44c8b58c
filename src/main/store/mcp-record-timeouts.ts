// An MCP server's timeouts as fields of its record (`connect_timeout_ms`, or the camelCase form a migrated record may
// hold): read for the view and the supervisor, and the field edits a form's timeouts make.
import type { McpTimeouts } from '../../shared/types'
import { jsonNumber } from '../base/json-text'

/** The record field (snake case) of each timeout the form sets. */
export const TIMEOUT_FIELDS: Readonly<Record<keyof McpTimeouts, string>> = {
  connectMs: 'connect_timeout_ms',
  listMs: 'list_timeout_ms',
  callMs: 'call_timeout_ms'
}

const TIMEOUT_KEYS = Object.keys(TIMEOUT_FIELDS) as (keyof McpTimeouts)[]

/** `call_timeout_ms` → `callTimeoutMs`. */
export function camelField(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

function positive(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : jsonNumber(value)
  return number !== null && Number.isFinite(number) && number > 0 ? number : null
}

/** The positive number a record holds in `field` (snake case) or its camelCase form, else null. */
export function recordNumber(record: Record<string, unknown> | null, field: string): number | null {
  if (record === null) return null
  return positive(record[field]) ?? positive(record[camelField(field)])
}

/** The timeouts a record sets (null where it sets none). */
export function recordTimeouts(record: Record<string, unknown> | null): McpTimeouts {
  const out = { connectMs: null, listMs: null, callMs: null } as McpTimeouts
  for (const key of TIMEOUT_KEYS) out[key] = recordNumber(record, TIMEOUT_FIELDS[key])
  return out
}

/**
 * The field changes for the form's timeouts (`undefined`: remove the field), or an empty object when each given
 * value is what the record already shows. A changed value replaces the field that held it (snake case first, else
 * camelCase, else a new snake-case field); null removes both forms.
 */
export function timeoutChanges(
  record: Record<string, unknown> | null,
  timeouts: Partial<McpTimeouts> | undefined
): Record<string, number | undefined> {
  const changes: Record<string, number | undefined> = {}
  if (timeouts === undefined) return changes
  const shown = recordTimeouts(record)
  for (const key of TIMEOUT_KEYS) {
    const next = timeouts[key]
    if (next === undefined || next === shown[key]) continue
    const snake = TIMEOUT_FIELDS[key]
    const camel = camelField(snake)
    const held = [snake, camel].filter((field) => record !== null && Object.hasOwn(record, field))
    if (next === null) for (const field of held) changes[field] = undefined
    else {
      const target = held.find((field) => positive(record?.[field]) !== null) ?? snake
      for (const field of held) changes[field] = undefined
      changes[target] = next
    }
  }
  return changes
}
