// Finds where JSON text first breaks the grammar, for error messages: V8's JSON.parse names the place only for some
// errors ("Unexpected token" comes with a snippet, not a position). Runs only after a parse has failed; iterative,
// so a deeply nested value cannot overflow the stack.

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])
const HEX = /^[0-9a-fA-F]$/
const LITERALS = ['true', 'false', 'null']

/** The end of the string that opens at `i` (just past its closing quote), or -(index of the problem) - 1. */
function skipString(text: string, i: number): number {
  for (let at = i + 1; at < text.length; at++) {
    const ch = text[at]!
    if (ch === '"') return at + 1
    if (ch === '\\') {
      const next = text[at + 1]
      if (next === 'u') {
        for (let k = at + 2; k < at + 6; k++) if (!HEX.test(text[k] ?? '')) return -k - 1
        at += 5
      } else if (next !== undefined && ESCAPES.has(next)) at += 1
      else return -(at + 1) - 1
    } else if (ch.charCodeAt(0) < 0x20) return -at - 1
  }
  return -text.length - 1
}

/** The index of the first character where `text` stops being one JSON value (text.length when it ends too early),
 * or null when it is valid JSON. */
export function jsonErrorIndex(text: string): number | null {
  const stack: string[] = []
  let i = 0
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  /** A key and its colon, after '{' or ','; false at a problem (i is then at it). */
  const key = (): boolean => {
    space()
    if (text[i] !== '"') return false
    const end = skipString(text, i)
    if (end < 0) {
      i = -end - 1
      return false
    }
    i = end
    space()
    if (text[i] !== ':') return false
    i += 1
    return true
  }
  for (;;) {
    // A value is expected at i.
    space()
    const ch = text[i]
    if (ch === '{' || ch === '[') {
      i += 1
      space()
      if (text[i] === (ch === '{' ? '}' : ']')) i += 1
      else {
        stack.push(ch)
        if (ch === '{' && !key()) return i
        continue
      }
    } else if (ch === '"') {
      const end = skipString(text, i)
      if (end < 0) return -end - 1
      i = end
    } else if (ch !== undefined && (ch === '-' || (ch >= '0' && ch <= '9'))) {
      NUMBER.lastIndex = i
      if (!NUMBER.test(text)) return i
      i = NUMBER.lastIndex
    } else {
      // As V8 does, a literal that goes wrong midway is wrong where it stops matching.
      const literal = LITERALS.find((word) => word[0] === ch)
      if (!literal) return i
      for (const expected of literal) {
        if (text[i] !== expected) return i
        i += 1
      }
    }
    // After a value: close containers, or a comma and the next value.
    for (;;) {
      space()
      const open = stack[stack.length - 1]
      if (open === undefined) return i < text.length ? i : null
      const next = text[i]
      if (next === ',') {
        i += 1
        if (open === '{' && !key()) return i
        break
      }
      if (next !== (open === '{' ? '}' : ']')) return i
      i += 1
      stack.pop()
    }
  }
}

/** "line L, column C" (both from 1, the column in characters) of where `text` stops being one JSON value. */
export function jsonErrorPlace(text: string): string {
  const index = jsonErrorIndex(text) ?? 0
  const before = text.slice(0, index)
  return `line ${before.split('\n').length}, column ${index - before.lastIndexOf('\n')}`
}
