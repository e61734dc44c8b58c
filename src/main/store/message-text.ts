// What the app shows of legacy values: a message's display text and a timestamp in ISO form, whichever backend
// holds the record.
import { isPlainObject } from '../base/record-codec'
import { jsonNumber, rawNumberText } from '../base/json-text'

function partText(part: unknown): string | null {
  if (typeof part === 'string') return part
  if (isPlainObject(part) && typeof part.text === 'string') return part.text
  return null
}

/** Display text of a legacy content value: a string as is, array parts joined, null (or anything else) as ''. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content.toWellFormed()
  if (Array.isArray(content)) {
    return content
      .map(partText)
      .filter((text): text is string => text !== null)
      .join('\n')
      .toWellFormed()
  }
  if (typeof content === 'number' || typeof content === 'boolean') return String(content)
  const numberText = rawNumberText(content)
  if (numberText !== null) return numberText
  return (partText(content) ?? '').toWellFormed()
}

/** A timestamp value in ISO form: a string as it is, a number as epoch milliseconds, anything else null. */
export function isoFromValue(value: unknown): string | null {
  if (typeof value === 'string') return value
  const number = jsonNumber(value)
  if (number !== null) {
    const date = new Date(number)
    return Number.isNaN(date.getTime()) ? null : date.toISOString()
  }
  return null
}
