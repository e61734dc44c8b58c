// The one rule of what is a secret (env names, HTTP header names, record fields, credentials inside URLs) and how a
// secret is shown masked or redacted; asked by the keychain, the stores, the importers, the migration, the hybrid
// mirror, export, the log, the reports and the renderer alike.

/** Words that make a name secret when they end it: `GITHUB_TOKEN`, `X-Api-Key`, `clientSecret`, `FOO_AUTH`. */
const SECRET_LAST_WORDS: ReadonlySet<string> = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'auth',
  'authorization',
  'cookie'
])

/** Words that make a name secret anywhere in it: `DB_PASSWORD_FILE`, `GITHUB_CREDENTIALS`, `MYSQL_PASSWD`. */
const SECRET_ANYWHERE = /password|passwd|credential/

/**
 * The words of a name, lower case: split at `_`, `-`, `.`, spaces and camelCase (`X-Api-Key` → x api key,
 * `apiKey` → api key, `XAPIKey` → xapi key). Trailing number words are left out, so `API_KEY_2` ends in `key`.
 */
function words(name: string): string[] {
  const split = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/)
    .filter((word) => word !== '')
  while (split.length > 0 && /^\d+$/.test(split[split.length - 1]!)) split.pop()
  return split
}

/**
 * Whether a name holds a secret: an env variable, an HTTP header or a field of a stored record at any depth.
 * Secret when its last word is key, apikey, token, secret, auth, authorization or cookie (`API_KEY`, `*_KEY`,
 * `*_TOKEN`, `*_SECRET`, `*_AUTH`, `Authorization`, `Proxy-Authorization`, `X-Api-Key`, `Api-Key`, `Cookie`), when it
 * ends in `apikey` (`OPENAIAPIKEY`), or when it contains password, passwd or credential (`*PASSWORD*`,
 * `*CREDENTIAL*`). Plurals other than credentials are not (`max_tokens`), nor are names that merely contain such a
 * word (`KEYBOARD_LAYOUT`, `AUTHOR`, `TOKENIZERS_PARALLELISM`).
 */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase()
  if (SECRET_ANYWHERE.test(lower) || lower.endsWith('apikey')) return true
  const last = words(name).pop()
  return last !== undefined && SECRET_LAST_WORDS.has(last)
}

/** An env variable's name (an MCP server's `env`). */
export function isSecretEnvName(name: string): boolean {
  return isSecretName(name)
}

/** An HTTP header's name (an MCP server's `headers`); case does not matter. */
export function isSecretHeaderName(name: string): boolean {
  return isSecretName(name)
}

/** `${input:id}` (typed when a server starts) or `${env:NAME}` (read from the environment): a reference, not a secret. */
const SECRET_REFERENCE = /^\$\{(?:input|env):[^}]+\}$/

/** Whether a value only names where the secret comes from (`${input:…}`, `${env:…}`); such values stay as written. */
export function isSecretReference(value: unknown): boolean {
  return typeof value === 'string' && SECRET_REFERENCE.test(value.trim())
}

const REFERENCE_ANYWHERE = /\$\{(?:input|env):[^}]+\}/g

/**
 * Whether a value is references and at most an auth scheme word around them (`Bearer ${input:token}`,
 * `token ${env:GH_TOKEN}`): it holds no secret of its own, so it stays as written, as a bare reference does.
 */
export function isSecretTemplate(value: unknown): boolean {
  if (typeof value !== 'string') return false
  if (isSecretReference(value)) return true
  const rest = value.replace(REFERENCE_ANYWHERE, ' ')
  return rest !== value && /^\s*(?:[A-Za-z][A-Za-z0-9-]{0,19}\s+)?$/.test(rest)
}

/** Whether the value stored under `name` is a secret by its name: a non-empty string that is not a reference. */
export function isSecretNamedValue(name: string, value: unknown): value is string {
  return typeof value === 'string' && value !== '' && isSecretName(name) && !isSecretTemplate(value)
}

/** What stands in a stored URL for a credential that went to the keychain. */
export const URL_CREDENTIAL_MASK = '***'

/** scheme://, then userinfo@ (optional), then the rest up to ?query and #fragment. */
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)(?:([^/?#@\s]*)@)?([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/

/** Query parameter names that carry a credential: a secret name (`key`, `token`, `api_key`, `access_token`, …) or `sig`. */
function isSecretParamName(name: string): boolean {
  let decoded = name
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '))
  } catch {
    // A malformed escape: judge the name as written.
  }
  return isSecretName(decoded) || /^(?:sig|signature|pass|pwd|auth)$/i.test(decoded)
}

/** The query with each secret parameter's value replaced by the mask (or null when it holds none). */
function redactQuery(query: string): string | null {
  let found = false
  const parts = query
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const value = pair.slice(eq + 1)
      if (eq < 0 || value === '' || value === URL_CREDENTIAL_MASK || !isSecretParamName(pair.slice(0, eq)))
        return pair
      found = true
      return `${pair.slice(0, eq + 1)}${URL_CREDENTIAL_MASK}`
    })
  return found ? `?${parts.join('&')}` : null
}

/**
 * The URL with its credentials replaced by the mask (userinfo `user:pass@` → `***@`, `?key=…` → `?key=***`), or null
 * when the value is not a URL with credentials. Everything else stays byte for byte.
 */
export function redactUrlCredentials(value: string): string | null {
  const match = URL_PARTS.exec(value)
  if (!match) return null
  const [, scheme, userinfo, rest, query, fragment] = match
  const query2 = query === undefined ? null : redactQuery(query)
  const hasUserinfo = userinfo !== undefined && userinfo !== '' && userinfo !== URL_CREDENTIAL_MASK
  if (!hasUserinfo && query2 === null) return null
  return `${scheme}${hasUserinfo ? `${URL_CREDENTIAL_MASK}@` : userinfo === undefined ? '' : `${userinfo}@`}${rest}${query2 ?? query ?? ''}${fragment ?? ''}`
}

/** The query's pairs as [name, value] (a pair without `=` has value null). */
function queryPairs(query: string | undefined): [string, string | null][] {
  if (query === undefined || query.length < 2) return []
  return query
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0 ? [pair, null] : [pair.slice(0, eq), pair.slice(eq + 1)]
    })
}

/**
 * A URL sent back from a form, with the stored credentials put back where it still shows the mask: `***@` takes the
 * stored userinfo, `?key=***` the stored value of the same parameter (the n-th `key` the n-th). A credential typed
 * anew stays as typed, one removed stays removed; a mask with nothing stored behind it stays as it is. `stored` is the
 * URL as written (from the keychain), or null when there is none.
 */
export function restoreMaskedUrlCredentials(submitted: string, stored: string | null): string {
  const sent = URL_PARTS.exec(submitted)
  const kept = stored === null ? null : URL_PARTS.exec(stored)
  if (!sent || !kept) return submitted
  const [, scheme, userinfo, rest, query, fragment] = sent
  const storedUserinfo = kept[2]
  const user =
    userinfo === URL_CREDENTIAL_MASK && storedUserinfo !== undefined && storedUserinfo !== ''
      ? storedUserinfo
      : userinfo
  const storedPairs = queryPairs(kept[4])
  const used = new Set<number>()
  const pairs = queryPairs(query).map(([name, value]) => {
    if (value !== URL_CREDENTIAL_MASK || !isSecretParamName(name))
      return value === null ? name : `${name}=${value}`
    const index = storedPairs.findIndex(([n, v], i) => n === name && v !== null && !used.has(i))
    if (index < 0) return `${name}=${value}`
    used.add(index)
    return `${name}=${storedPairs[index]![1]!}`
  })
  const query2 = query === undefined ? '' : `?${pairs.join('&')}`
  return `${scheme}${user === undefined ? '' : `${user}@`}${rest}${query2}${fragment ?? ''}`
}

/** Whether a stored string is a URL that carries a credential (userinfo or a secret query parameter). */
export function hasUrlCredentials(value: unknown): value is string {
  return typeof value === 'string' && redactUrlCredentials(value) !== null
}

/** URLs inside free text (a log line, a report, an error message). */
const URLS_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]+/g

/** Free text with the credentials of every URL in it redacted. */
export function redactUrlsInText(text: string): string {
  return text.replace(URLS_IN_TEXT, (url) => redactUrlCredentials(url) ?? url)
}

/**
 * How a stored string value under `name` is kept: `'secret'` (the whole value goes to the keychain), `'url'` (the value
 * goes to the keychain and the record keeps redactUrlCredentials' form), or `'plain'`. References (bare, or after an
 * auth scheme such as `Bearer ${input:token}`) are always plain.
 */
export type SecretKind = 'secret' | 'url' | 'plain'

export function classifyValue(name: string, value: unknown): SecretKind {
  if (typeof value !== 'string' || value === '' || isSecretTemplate(value)) return 'plain'
  if (isSecretName(name)) return 'secret'
  return hasUrlCredentials(value) ? 'url' : 'plain'
}

/**
 * Top-level fields of a web-version profile that are secret beyond the name rule: its `endpoint`, which may carry
 * credentials in the URL (its `apiKey` is secret by the name rule, as is the `api_key` it becomes).
 */
export const WEB_PROFILE_SECRET_FIELDS: readonly string[] = ['endpoint']

/** The web version's localStorage key that holds the signed-in user's token (kept in the keychain on import). */
export const WEB_AUTH_TOKEN_KEY = 'auth_token'

/** The mask shown for a secret of fewer than 12 characters. */
export const SHORT_SECRET_MASK = '••••'

/** `sk-…abcd`: enough to recognise a key, never enough to use it. */
export function maskSecret(value: string): string {
  if (value.length < 12) return SHORT_SECRET_MASK
  const dash = value.indexOf('-')
  const prefix = dash > 0 && dash <= 8 ? value.slice(0, dash + 1) : value.slice(0, 3)
  return `${prefix}…${value.slice(-4)}`
}
