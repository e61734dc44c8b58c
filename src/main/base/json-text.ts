// Parses JSON text without losing numbers JavaScript cannot hold: a literal that overflows to Infinity (1e400) is
// kept as its source text (JSON.rawJSON), which JSON.stringify writes back unchanged.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

interface RawJsonApi {
  rawJSON(text: string): JsonValue
  isRawJSON(value: unknown): boolean
}
const rawJson = JSON as unknown as RawJsonApi

/** A cheap hint that the text may hold an overflowing number: a 3-digit exponent or a run of 309 digits. */
const MAY_OVERFLOW = /[eE]\+?\d{3}|\d{309}/

export function parseJsonText(text: string): JsonValue {
  if (!MAY_OVERFLOW.test(text)) return JSON.parse(text) as JsonValue
  const keepOverflow = (_key: string, value: JsonValue, context?: { source?: string }): JsonValue =>
    typeof value === 'number' && !Number.isFinite(value) && context?.source
      ? rawJson.rawJSON(context.source)
      : value
  return JSON.parse(text, keepOverflow as (key: string, value: unknown) => unknown) as JsonValue
}

/** The source text of a number kept by parseJsonText, or null for any other value. */
export function rawNumberText(value: unknown): string | null {
  return rawJson.isRawJSON(value) ? (value as unknown as { rawJSON: string }).rawJSON : null
}
