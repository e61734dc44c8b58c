// Redaction applied to every log line: known secret values (registered by the SecretStore), key-shaped tokens, the
// credentials of every URL (userinfo, `?key=`, `?token=`, …), and in logged objects every string under a name
// shared/secret-policy calls secret (`{ MY_AUTH: … }`, `Authorization`).
import { isSecretNamedValue, redactUrlsInText } from '../../shared/secret-policy'

const knownSecrets = new Set<string>()
const REDACTED = '[redacted]'

const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{10,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/-]{10,}=*/gi
]

/** Remembers a secret value so that it is scrubbed from every later log line. Very short values are ignored. */
export function registerSecret(value: string): void {
  if (value.length >= 6) knownSecrets.add(value)
}

export function redact(text: string): string {
  let out = text
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED)
  return redactUrlsInText(out)
}

/** JSON.stringify's replacer: a non-empty string under a secret name is replaced whatever it looks like. */
function secretNamesRedacted(key: string, value: unknown): unknown {
  return key !== '' && isSecretNamedValue(key, value) ? REDACTED : value
}

/** Redacts a value of any shape (log arguments), returning strings and errors as redacted text. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value)
  if (value instanceof Error) return redact(value.stack ?? value.message)
  if (typeof value === 'object' && value !== null) {
    try {
      return redact(JSON.stringify(value, secretNamesRedacted))
    } catch {
      return '[unserialisable]'
    }
  }
  return value
}
