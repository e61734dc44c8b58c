// The one rule of what is a secret (env names, HTTP header names, record fields) and how a secret is shown masked;
// asked by the keychain, the stores, the importers, the migration, the log and the renderer alike.

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
