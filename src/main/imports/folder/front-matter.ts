// Markdown front matter: the block between a first line `---` and the next `---` (or `...`), read as the flat YAML
// notes use: `key: value` with quoted or plain scalars, numbers, booleans, `[a, b]` lists and `- item` block lists.
// Anything it cannot read is kept verbatim (the caller stores the raw block), never dropped.
import type { JsonObject, JsonValue } from '../../base/record-codec'

export interface FrontMatter {
  /** The fields read, or null when the file has no front matter. */
  fields: JsonObject | null
  /** The front matter block as written (without the fences). */
  raw: string | null
  body: string
  /** Lines it could not read, or a fence that never closes (then the whole file is the body). */
  problems: string[]
}

function scalar(text: string): JsonValue {
  const value = text.trim()
  if (value === '' || value === '~' || value === 'null') return null
  if (value === 'true' || value === 'false') return value === 'true'
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value)
  const quote = value[0]
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1)
    if (quote === "'") return inner.replace(/''/g, "'")
    try {
      return JSON.parse(value) as string
    } catch {
      return inner
    }
  }
  return value
}

function flowList(text: string): JsonValue[] {
  const inner = text.trim().slice(1, -1)
  if (inner.trim() === '') return []
  return inner.split(',').map(scalar)
}

function readFields(block: string, startLine: number): { fields: JsonObject; problems: string[] } {
  const fields: JsonObject = {}
  const problems: string[] = []
  let listKey: string | null = null
  /** Keys written as `key:` with nothing after: a block list if items follow, else an empty value. */
  const blockKeys = new Set<string>()
  block.split(/\r?\n/).forEach((line, index) => {
    const where = `line ${startLine + index}`
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const item = /^\s*-\s*(.*)$/.exec(line)
    if (item && listKey !== null) {
      const list = fields[listKey]
      if (Array.isArray(list)) list.push(scalar(item[1]!))
      return
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*:(.*)$/.exec(line)
    if (!pair) {
      problems.push(
        `${where}: "${line.trim().slice(0, 40)}" is not a "key: value" line (kept in metadata.front_matter)`
      )
      listKey = null
      return
    }
    const key = pair[1]!
    const rest = pair[2]!.trim()
    if (rest === '') {
      fields[key] = []
      listKey = key
      blockKeys.add(key)
      return
    }
    blockKeys.delete(key)
    listKey = null
    fields[key] = rest.startsWith('[') && rest.endsWith(']') ? flowList(rest) : scalar(rest)
  })
  // A key followed by nothing and no list items is an empty value, not an empty list (`key: []` stays a list).
  for (const key of blockKeys) {
    const value = fields[key]
    if (Array.isArray(value) && value.length === 0) fields[key] = null
  }
  return { fields, problems }
}

export function splitFrontMatter(text: string): FrontMatter {
  const open = /^---[ \t]*\r?\n/.exec(text)
  if (!open) return { fields: null, raw: null, body: text, problems: [] }
  const rest = text.slice(open[0].length)
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m.exec(rest)
  if (!close)
    return {
      fields: null,
      raw: null,
      body: text,
      problems: [
        'the front matter opened on line 1 never closes (no second "---"); the whole file is kept as the body'
      ]
    }
  const raw = rest.slice(0, close.index).replace(/\r?\n$/, '')
  const { fields, problems } = readFields(raw, 2)
  return { fields, raw, body: rest.slice(close.index + close[0].length), problems }
}
