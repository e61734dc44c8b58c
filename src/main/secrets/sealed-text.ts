// Text set aside verbatim (a legacy document kept whole, a quarantined record, an import's quarantined value) that the
// secret policy says holds a secret is stored sealed: AES-256-GCM under one random key per data folder, kept in the
// keychain; every reader opens it back to the exact text. Text without a secret is stored as it is.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { UserError } from '../../shared/errors'
import { isSecretName } from '../../shared/secret-policy'
import { parseJsonText } from '../base/json-text'
import { redact } from '../logging/redact'
import { liftSecrets } from './secret-fields'
import type { SecretStore } from './secret-store'

/** What a stored value starts with when it is sealed: `pa-sealed:v1:<key id>:<base64 of iv, tag, ciphertext>`. */
const MARK = 'pa-sealed:v1:'
/** The keychain entry (under the data folder's namespace) that holds the key, base64. */
export const SET_ASIDE_KEY_PATH = 'set-aside/key'
const IV_BYTES = 12
const TAG_BYTES = 16

interface SealingKey {
  /** Names the key in a sealed value (a digest of it: says nothing about the key). */
  id: string
  bytes: Buffer
  /** The keychain account it came from, for messages. */
  account: string
}

/** Keys loaded in this process, by id: readers open sealed text synchronously, after loadSealingKey. */
const keyring = new Map<string, SealingKey>()
/** The accounts looked up, for the message when a key is missing. */
const lookedUp = new Set<string>()

function keyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16)
}

function remember(bytes: Buffer, account: string): SealingKey {
  const key = { id: keyId(bytes), bytes, account }
  keyring.set(key.id, key)
  return key
}

/** One piece of set-aside text, with the names it was found under (a localStorage key, a JSON path). */
export interface SetAsideText {
  text: string
  names?: readonly string[]
}

/**
 * Whether the policy says the text holds a secret: a name it was found under is secret, the log's redaction changes it
 * (a registered secret, a key-shaped token, a URL with credentials), or it is JSON whose secrets liftSecrets finds at
 * any depth (JSON text inside a JSON string too).
 */
export function holdsSecret(text: string, names: readonly string[] = [], depth = 0): boolean {
  if (text === '') return false
  if (names.some(isSecretName) || redact(text) !== text) return true
  let value
  try {
    value = parseJsonText(text)
  } catch {
    return false
  }
  if (typeof value === 'string') return depth < 2 && holdsSecret(value, [], depth + 1)
  return liftSecrets(value).secrets.length > 0
}

/** Whether the text must be stored sealed: it holds a secret, or it would read as sealed text itself. */
function mustSeal(piece: SetAsideText): boolean {
  return piece.text.startsWith(MARK) || holdsSecret(piece.text, piece.names)
}

/** A SQL LIKE pattern that matches sealed values (to find whether a table holds any). */
export const SEALED_TEXT_LIKE = `${MARK}%`

export function isSealedText(stored: string): boolean {
  return stored.startsWith(MARK)
}

/** Loads the data folder's key, if it has one, so that sealed text can be opened; readers call it first. */
export async function loadSealingKey(secrets: SecretStore): Promise<void> {
  const account = secrets.account(SET_ASIDE_KEY_PATH)
  lookedUp.add(account)
  const stored = await secrets.get(account)
  if (stored !== null) remember(Buffer.from(stored, 'base64'), account)
}

/** Seals set-aside text of one data folder: `prepare` before the transaction, `seal` inside it. */
export class TextSealer {
  private key: SealingKey | null = null

  constructor(private readonly secrets: SecretStore) {}

  /**
   * Makes sure the key exists when any of the texts must be sealed: the data folder's key from the keychain, or a new
   * one stored there first (so no row is ever sealed with a key the keychain lacks).
   */
  async prepare(pieces: Iterable<SetAsideText>): Promise<void> {
    if (this.key !== null) return
    let needed = false
    for (const piece of pieces) if ((needed = mustSeal(piece))) break
    if (!needed) return
    const account = this.secrets.account(SET_ASIDE_KEY_PATH)
    lookedUp.add(account)
    const stored = await this.secrets.get(account)
    if (stored !== null) {
      this.key = remember(Buffer.from(stored, 'base64'), account)
      return
    }
    const bytes = randomBytes(32)
    await this.secrets.set(account, bytes.toString('base64'))
    this.key = remember(bytes, account)
  }

  /** The text as it is stored: sealed when it must be, else as it is. */
  seal(text: string, names: readonly string[] = []): string {
    if (!mustSeal({ text, names })) return text
    if (this.key === null) throw new Error('set-aside text to seal was not prepared (TextSealer.prepare)')
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key.bytes, iv)
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return `${MARK}${this.key.id}:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`
  }
}

/**
 * The text a stored value stands for: sealed text opened (after loadSealingKey), other text as it is. `what` names the
 * place for the one-line message when the key is missing or the sealed bytes were changed.
 */
export function openSealedText(stored: string, what: string): string {
  if (!isSealedText(stored)) return stored
  const colon = stored.indexOf(':', MARK.length)
  const id = stored.slice(MARK.length, colon)
  const key = keyring.get(id)
  if (colon < 0 || key === undefined) {
    const where = [...lookedUp].join(', ') || `<data folder>/${SET_ASIDE_KEY_PATH}`
    throw new UserError(
      'KEYCHAIN_UNAVAILABLE',
      `${what} is sealed with a key (${id || 'unnamed'}) that the keychain entry ${where} does not hold. Unlock the keychain that holds Personal Agent's keys, or restore a backup with "personal-agent rollback".`
    )
  }
  const bytes = Buffer.from(stored.slice(colon + 1), 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, bytes.subarray(0, IV_BYTES))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8'
    )
  } catch (error) {
    throw new UserError(
      'STORE_FAILED',
      `${what} is sealed, and its sealed bytes in the database were changed or cut short, so it cannot be opened (key ${key.account}). Restore a backup of the data folder.`,
      { cause: error }
    )
  }
}
