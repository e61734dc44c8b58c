// The json backend's URLs (a profile's base_url, an MCP server's url): kept in the file as written, credentials
// included, as the old app keeps them; shown redacted, and a form's masked credentials mean the stored ones.
import type { JsonValue } from '../../base/record-codec'
import { redactUrlCredentials, restoreMaskedUrlCredentials } from '../../../shared/secret-policy'

/** The URL as a view shows it: its credentials redacted (secret-policy), or null when the field is not a string. */
export function shownUrl(stored: JsonValue | undefined): string | null {
  return typeof stored === 'string' ? (redactUrlCredentials(stored) ?? stored) : null
}

/**
 * The URL a form's value stands for, or undefined when it is no change: masked credentials take the stored ones
 * (a new one replaces, a removed one goes), and a value equal to the stored or shown URL changes nothing.
 */
export function typedUrl(
  submitted: string | null | undefined,
  stored: JsonValue | undefined
): string | null | undefined {
  if (submitted === undefined) return undefined
  const current = typeof stored === 'string' ? stored : null
  const typed = submitted === null ? null : restoreMaskedUrlCredentials(submitted, current)
  return typed === current ? undefined : typed
}
