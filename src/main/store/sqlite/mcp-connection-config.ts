// An MCP server's connection config from its row: env and headers with their secrets read back from the keychain by
// their `/env/<name>` and `/headers/<name>` refs, a URL or argument with credentials by its `/url` or `/args/<i>` ref
// (the row holds its redacted form), the rest of the legacy record as settings.
import { UserError } from '../../../shared/errors'
import { parseJsonText } from '../../base/json-text'
import { unescapePointerSegment } from '../../base/json-pointer'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import type { McpConnectionConfig } from '../store'
import type { SecretRefRow } from './secret-refs'

/** The columns the config is read from. */
export interface McpConnectionRow {
  uid: string
  name: string
  command: string | null
  args: string[]
  env: string | null
  transport: string
  url: string | null
  extra: string
}

function objectOf(text: string | null): JsonObject {
  if (text === null) return {}
  const value: unknown = parseJsonText(text)
  return isPlainObject(value) ? value : {}
}

/** Strings as they are, other JSON values as JSON text (an env value or a header is always a string). */
function textOf(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function textMap(value: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) setOwn(out, key, textOf(item))
  return out
}

/**
 * `{ section: 'env', key }` for `/env/<key>` (likewise headers, and `/inputs/<id>` for a saved `${input:…}` value),
 * else null (secrets deeper down are not used).
 */
function secretPlace(pointer: string): { section: Section; key: string } | null {
  if (pointer === '/url' || pointer === '/serverUrl') return { section: 'url', key: pointer.slice(1) }
  const match = /^\/(env|headers|inputs|args)\/([^/]*)$/.exec(pointer)
  if (!match) return null
  return { section: match[1] as Section, key: unescapePointerSegment(match[2]!) }
}

type Section = 'env' | 'headers' | 'inputs' | 'url' | 'args'

/** How a missing keychain value is named in the one-line refusal. */
function what(section: Section, key: string): string {
  if (section === 'url') return 'URL'
  if (section === 'args') return `argument ${key}`
  return section === 'env' ? `env ${key}` : `header ${key}`
}

/**
 * The config to connect with. A ref whose keychain entry is gone is refused in one line naming the server and the
 * variable or header, since starting the server without it would fail in a less readable way.
 */
export async function mcpConnectionConfig(
  row: McpConnectionRow,
  refs: readonly SecretRefRow[],
  readSecret: (account: string) => Promise<string | null>
): Promise<McpConnectionConfig> {
  const { headers: storedHeaders, url: extraUrl, serverUrl, ...settings } = objectOf(row.extra)
  const env = textMap(objectOf(row.env))
  const headers = textMap(storedHeaders)
  const savedInputs: Record<string, string> = {}
  const args = [...row.args]
  let secretUrl: string | null = null
  const filled = new Set<string>()
  for (const ref of refs) {
    const place = secretPlace(ref.json_pointer)
    if (place === null || filled.has(ref.json_pointer)) continue
    filled.add(ref.json_pointer)
    const value = await readSecret(ref.account)
    if (place.section === 'inputs') {
      // A saved input whose entry is gone is simply asked for again.
      if (value !== null) setOwn(savedInputs, place.key, value)
      continue
    }
    if (value === null)
      throw new UserError(
        'WRONG_STATE',
        `MCP server "${row.name}": the keychain has no value for its ${what(place.section, place.key)}. Enter it again in MCP servers → ${row.name}.`
      )
    if (place.section === 'url') secretUrl = value
    else if (place.section === 'args') args[Number(place.key)] = value
    else setOwn(place.section === 'env' ? env : headers, place.key, value)
  }
  const url =
    secretUrl ?? row.url ?? [extraUrl, serverUrl].find((u): u is string => typeof u === 'string') ?? null
  return {
    id: row.uid,
    name: row.name,
    transport: row.transport,
    command: row.command,
    args,
    env,
    url,
    headers,
    settings,
    savedInputs
  }
}
