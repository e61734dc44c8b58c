// SecretStore: API keys and secret env values in the OS keychain (keytar, service "personal-agent"), with accounts
// namespaced by data folder so two data folders never see each other's keys.
import { createHash, randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import { registerSecret } from '../logging/redact'

export const KEYCHAIN_SERVICE = 'personal-agent'

/** The keychain calls SecretStore needs (keytar's API). libsecret is not thread-safe, so keytar is only ever loaded
 * on the main thread; a worker reaches it through a proxy with this same shape (see migration/worker-keychain). */
export interface KeychainBackend {
  setPassword(service: string, account: string, password: string): Promise<void>
  getPassword(service: string, account: string): Promise<string | null>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<{ account: string; password: string }[]>
}

let keytarModule: KeychainBackend | null = null
async function loadKeytar(): Promise<KeychainBackend> {
  if (!keytarModule) keytarModule = (await import('keytar')).default as KeychainBackend
  return keytarModule
}

/** keytar, loaded on first use (so commands that never touch a key never need a keychain). */
export const keytarBackend: () => Promise<KeychainBackend> = loadKeytar

const KEYCHAIN_FIX =
  'Make sure a Secret Service keychain is running and unlocked (GNOME Keyring or KWallet on Linux; Keychain on macOS; Credential Manager on Windows), then try again.'

function keychainError(action: string, cause: unknown): UserError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new UserError(
    'KEYCHAIN_UNAVAILABLE',
    `The system keychain could not ${action}: ${reason}. ${KEYCHAIN_FIX}`,
    {
      cause
    }
  )
}

/** One keychain write or delete, as an audit trail records it: the account's path in the data folder (e.g.
 * `profile/<id>/api_key`), never the value. */
export interface KeychainAuditEvent {
  kind: 'write' | 'delete'
  path: string
  /** For a delete: whether there was an entry to remove. */
  existed: boolean
  durationMs: number
  /** The keychain's one-line error, when the call failed. */
  error: string | null
}

export type KeychainAuditSink = (event: KeychainAuditEvent) => void

export function dataDirNamespace(dataDir: string): string {
  return createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)
}

export class SecretStore {
  readonly namespace: string

  constructor(
    dataDir: string,
    private readonly backend: () => Promise<KeychainBackend> = keytarBackend,
    /** Told of every write and delete (not of probes, which leave nothing behind). */
    private readonly audit: KeychainAuditSink | null = null
  ) {
    this.namespace = dataDirNamespace(dataDir)
  }

  /** The keychain account for a secret of this data folder, e.g. `3f…/profile/abc/api_key`. */
  account(path: string): string {
    return `${this.namespace}/${path}`
  }

  /** The account's path within this data folder: the account without the namespace. */
  private pathOf(account: string): string {
    return account.startsWith(`${this.namespace}/`) ? account.slice(this.namespace.length + 1) : account
  }

  /** Runs a keychain write or delete and tells the audit sink how it went. */
  private async audited<T>(kind: 'write' | 'delete', account: string, call: () => Promise<T>): Promise<T> {
    if (!this.audit) return call()
    const started = performance.now()
    const report = (existed: boolean, error: unknown): void =>
      this.audit?.({
        kind,
        path: this.pathOf(account),
        existed,
        durationMs: performance.now() - started,
        error: error === null ? null : error instanceof Error ? error.message : String(error)
      })
    try {
      const result = await call()
      report(result !== false, null)
      return result
    } catch (error) {
      report(false, error)
      throw error
    }
  }

  set(account: string, value: string): Promise<void> {
    return this.audited('write', account, () => this.write(account, value))
  }

  delete(account: string): Promise<boolean> {
    return this.audited('delete', account, () => this.remove(account))
  }

  private async write(account: string, value: string): Promise<void> {
    registerSecret(value)
    const keytar = await this.backend()
    try {
      await keytar.setPassword(KEYCHAIN_SERVICE, account, value)
    } catch (error) {
      throw keychainError('store a key', error)
    }
  }

  async get(account: string): Promise<string | null> {
    const keytar = await this.backend()
    try {
      const value = await keytar.getPassword(KEYCHAIN_SERVICE, account)
      if (value !== null) registerSecret(value)
      return value
    } catch (error) {
      throw keychainError('read a key', error)
    }
  }

  private async remove(account: string): Promise<boolean> {
    const keytar = await this.backend()
    try {
      return await keytar.deletePassword(KEYCHAIN_SERVICE, account)
    } catch (error) {
      throw keychainError('delete a key', error)
    }
  }

  /** Accounts of this data folder present in the keychain. Listing races with other programs deleting entries
   * (libsecret then reports a vanished item), so it is retried a few times. */
  async listAccounts(): Promise<string[]> {
    const keytar = await this.backend()
    for (let attempt = 1; ; attempt++) {
      try {
        const all = await keytar.findCredentials(KEYCHAIN_SERVICE)
        return all.map((c) => c.account).filter((a) => a.startsWith(`${this.namespace}/`))
      } catch (error) {
        if (attempt >= 5 || !/No such secret item/i.test(String(error)))
          throw keychainError('list keys', error)
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
      }
    }
  }

  /** Write, read back and delete a throwaway entry: proves the keychain works before anything depends on it. */
  async probe(): Promise<void> {
    const account = this.account(`probe/${randomUUID()}`)
    const value = `probe-${randomUUID()}`
    await this.write(account, value)
    const read = await this.get(account)
    await this.remove(account)
    if (read !== value)
      throw keychainError('read back a test entry', new Error('the value read differs from the one written'))
  }
}
