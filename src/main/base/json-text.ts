// Parses JSON text without losing a number's text: a literal whose text JavaScript would not write back the same
// (1e400, 12345678901234567890, -0, 1.0, 1e2) is kept as its source text (JSON.rawJSON), which JSON.stringify
// writes back unchanged; every other number stays a plain number.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

interface RawJsonApi {
  rawJSON(text: string): JsonValue
  isRawJSON(value: unknown): boolean
}
const rawJson = JSON as unknown as RawJsonApi

/**
 * A cheap hint, never missing one, that the text may hold a number whose text is not how JavaScript writes its
 * double: a number in a value place (after `:`, `,` or `[`, before `,`, `}`, `]` or the end) that is `-0`, has an
 * exponent, a fraction ending in 0 or starting with six zeros, or 16 digits and more. A number with 15 significant
 * digits or fewer and none of those always comes back as written, so a text without a match (the usual record: ISO
 * dates, epoch milliseconds, small counts) is parsed natively, at full speed.
 */
const MAY_NOT_ROUND_TRIP =
  /[:,[]\s*(?:-0|-?(?:\d[\d.]*[eE][+-]?\d+|\d+\.\d*0|\d+\.0{6}\d*|[\d.]{16,}))\s*(?=[,}\]]|$)/
/** A text that is a number itself (a record list may hold one). */
const STARTS_WITH_NUMBER = /^\s*[-\d]/

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown

const keepText: Reviver = (_key, value, context) =>
  typeof value === 'number' && context?.source !== undefined && String(value) !== context.source
    ? rawJson.rawJSON(context.source)
    : value

export function parseJsonText(text: string): JsonValue {
  if (!STARTS_WITH_NUMBER.test(text) && !MAY_NOT_ROUND_TRIP.test(text)) return JSON.parse(text) as JsonValue
  return JSON.parse(text, keepText as (key: string, value: unknown) => unknown) as JsonValue
}

/** The source text of a number kept by parseJsonText, or null for any other value. */
export function rawNumberText(value: unknown): string | null {
  return rawJson.isRawJSON(value) ? (value as unknown as { rawJSON: string }).rawJSON : null
}

/** A number read from JSON as a plain number, whether or not parseJsonText kept its text; null for anything else. */
export function jsonNumber(value: unknown): number | null {
  if (typeof value === 'number') return value
  const raw = rawNumberText(value)
  return raw === null ? null : Number(raw)
}
