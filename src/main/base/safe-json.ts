// JSON serialisation that survives any nesting depth: native JSON.stringify first, and an iterative serialiser
// (explicit stack, no recursion) when a hostile file nests deeper than the call stack allows.
import { rawNumberText } from './json-text'
import type { JsonValue } from './record-codec'

type Frame =
  | { kind: 'array'; items: JsonValue[]; index: number }
  | { kind: 'object'; keys: string[]; object: { [key: string]: JsonValue }; index: number }

/** Serialises without recursion; object keys in insertion order, or sorted when `sortKeys` (canonical form). */
export function stringifyIterative(root: JsonValue, sortKeys: boolean): string {
  const out: string[] = []
  const stack: Frame[] = []
  const open = (value: JsonValue): void => {
    const raw = rawNumberText(value)
    if (raw !== null) out.push(raw)
    else if (Array.isArray(value)) {
      out.push('[')
      stack.push({ kind: 'array', items: value, index: 0 })
    } else if (value !== null && typeof value === 'object') {
      out.push('{')
      const keys = Object.keys(value)
      stack.push({ kind: 'object', keys: sortKeys ? keys.sort() : keys, object: value, index: 0 })
    } else out.push(JSON.stringify(value))
  }
  open(root)
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    if (frame.kind === 'array') {
      if (frame.index === frame.items.length) {
        out.push(']')
        stack.pop()
        continue
      }
      if (frame.index > 0) out.push(',')
      open(frame.items[frame.index++]!)
    } else {
      if (frame.index === frame.keys.length) {
        out.push('}')
        stack.pop()
        continue
      }
      const key = frame.keys[frame.index++]!
      out.push(`${frame.index > 1 ? ',' : ''}${JSON.stringify(key)}:`)
      open(frame.object[key]!)
    }
  }
  return out.join('')
}

/** JSON.stringify, falling back to the iterative serialiser on a stack overflow. */
export function safeStringify(value: JsonValue): string {
  try {
    return JSON.stringify(value)
  } catch (error) {
    if (error instanceof RangeError) return stringifyIterative(value, false)
    throw error
  }
}

/** True when arrays and objects nest deeper than `limit` (checked without recursion). */
export function nestsDeeperThan(root: JsonValue, limit: number): boolean {
  const stack: [JsonValue, number][] = [[root, 0]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (value === null || typeof value !== 'object') continue
    if (depth >= limit) return true
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
    }
  }
  return false
}
