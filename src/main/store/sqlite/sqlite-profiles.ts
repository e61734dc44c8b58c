// Model profiles: exactly one default (meta key, legacy is_default kept in step), API keys only in the keychain,
// and edits that keep migrated legacy profiles exportable losslessly.
import { randomUUID } from 'node:crypto'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import type { ChatProfileSource, ProfileChatSettings, ProfileStore } from '../store'
import {
  hasUrlCredentials,
  maskSecret,
  redactUrlCredentials,
  restoreMaskedUrlCredentials
} from '../../../shared/secret-policy'
import { jsonNumber, parseJsonText } from '../../base/json-text'
import { isPlainObject } from '../../base/record-codec'
import { dropRefs, forgetSecrets, putRef, SecretOwnerRepository, type SecretValue } from './secret-refs'
import {
  recordDeletion,
  mutate,
  nextPosition,
  planColumnEdits,
  stmt,
  writeColumnPlan,
  type ColumnEdit
} from './store-changes'
import { notFound, requireId } from '../store-input'
import { readProfilePatch, type ProfilePatch } from '../record-input'

export const DEFAULT_PROFILE_KEY = 'default_profile_id'
const API_KEY_POINTER = '/api_key'
/** Where a base URL with credentials keeps its keychain value (the column holds its redacted form). */
const BASE_URL_POINTER = '/base_url'
const NOT_FOUND_LABEL = 'Profile'

interface ProfileRow {
  id: number
  uid: string
  position: number
  name: string | null
  provider: string | null
  model: string | null
  base_url: string | null
  is_default: string | null
  extra: string
  origin: string
}

const PROFILE_COLUMNS = 'id, uid, position, name, provider, model, base_url, is_default, extra, origin'

/**
 * Edits for the given fields. A value equal to what the view shows (null columns show as '') is no edit, so a
 * form sent back unchanged leaves a legacy record untouched.
 */
function columnEdits(patch: ProfilePatch, row: ProfileRow): ColumnEdit[] {
  const edits: ColumnEdit[] = []
  if (patch.name !== undefined && patch.name !== (row.name ?? '')) {
    edits.push({ column: 'name', key: 'name', value: patch.name })
  }
  if (patch.provider !== undefined && patch.provider !== (row.provider ?? '')) {
    edits.push({ column: 'provider', key: 'provider', value: patch.provider })
  }
  if (patch.model !== undefined && patch.model !== (row.model ?? '')) {
    edits.push({ column: 'model', key: 'model', value: patch.model })
  }
  if (patch.baseUrl !== undefined && patch.baseUrl !== row.base_url) {
    edits.push({ column: 'base_url', key: 'base_url', value: patch.baseUrl })
  }
  return edits
}

/** The columns every view of a profile shows (null text columns as ''). */
function shownColumns(row: ProfileRow): Pick<ProfileView, 'id' | 'name' | 'provider' | 'model' | 'baseUrl'> {
  return {
    id: row.uid,
    name: row.name ?? '',
    provider: row.provider ?? '',
    model: row.model ?? '',
    baseUrl: row.base_url
  }
}

/** A finite number, or a numeric string's value; anything else is unset. */
function numberField(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : jsonNumber(value)
  return number !== null && Number.isFinite(number) ? number : null
}

export class SqliteProfiles extends SecretOwnerRepository implements ProfileStore, ChatProfileSource {
  /** Every profile in position order. */
  async list(): Promise<ProfileView[]> {
    const defaultId = this.effectiveDefault()?.id
    return this.viewsInOrder('profiles', PROFILE_COLUMNS, (row: ProfileRow) =>
      this.view(row, row.id === defaultId)
    )
  }

  async get(uid: string): Promise<ProfileView> {
    const row = this.row(uid)
    return this.view(row, this.effectiveDefault()?.id === row.id)
  }

  async getDefault(): Promise<ProfileView | null> {
    const row = this.effectiveDefault()
    return row ? this.view(row, true) : null
  }

  /** The default profile's id without touching the keychain, or null when there are no profiles. */
  defaultId(): string | null {
    return this.effectiveDefault()?.uid ?? null
  }

  async create(input: ProfileInput): Promise<ProfileView> {
    const patch = readProfilePatch(input, true)
    return this.queued(async () => {
      const uid = randomUUID()
      const account = this.secrets.account(`profile/${uid}/api_key`)
      const values: SecretValue[] = patch.apiKey ? [{ account, value: patch.apiKey }] : []
      const url = this.planBaseUrl(uid, patch.baseUrl ?? null)
      values.push(...url.values)
      await this.writeWithSecrets(values, () =>
        this.write(() => {
          const result = stmt(
            this.db,
            `INSERT INTO profiles(uid, position, name, provider, model, base_url, is_default, extra, origin, changed)
             VALUES (?, ?, ?, ?, ?, ?, NULL, '{}', 'app', 0)`
          ).run(uid, nextPosition(this.db, 'profiles'), patch.name, patch.provider, patch.model, url.column)
          const id = Number(result.lastInsertRowid)
          return [
            ...(patch.apiKey ? putRef(this.db, 'profile', id, API_KEY_POINTER, account) : []),
            ...url.values.flatMap((v) => putRef(this.db, 'profile', id, BASE_URL_POINTER, v.account))
          ]
        })
      )
      return this.get(uid)
    })
  }

  /**
   * Changes only the given fields. apiKey: omitted or the masked form = unchanged, '' = removed, else replaced.
   * A migrated profile is marked changed.
   */
  async update(uid: string, patchInput: Partial<ProfileInput>): Promise<ProfileView> {
    const patch = readProfilePatch(patchInput, false)
    return this.queued(async () => {
      const row = this.row(uid)
      const ref = this.apiKeyRef(row.id)
      let keyAction: 'keep' | 'remove' | 'set' = 'keep'
      const account = this.secrets.account(`profile/${row.uid}/api_key`)
      if (patch.apiKey === '') keyAction = ref ? 'remove' : 'keep'
      else if (patch.apiKey !== undefined) {
        const stored = ref ? await this.secrets.get(ref.account) : null
        const unchanged =
          ref !== undefined && (patch.apiKey === stored || patch.apiKey === maskSecret(stored ?? ''))
        keyAction = unchanged ? 'keep' : 'set'
      }
      const url =
        patch.baseUrl === undefined || patch.baseUrl === row.base_url
          ? null
          : await this.planEditedBaseUrl(row, patch.baseUrl)
      if (url !== null) patch.baseUrl = url.column
      const urlSecretChanges =
        url !== null && (url.values.length > 0 || this.baseUrlRef(row.id) !== undefined)
      if (keyAction === 'keep' && !urlSecretChanges && planColumnEdits(row, columnEdits(patch, row)) === null)
        return this.get(uid)

      const values: SecretValue[] = keyAction === 'set' ? [{ account, value: patch.apiKey! }] : []
      values.push(...(url?.values ?? []))
      await this.writeWithSecrets(values, () =>
        this.write(() => {
          const fresh = this.row(uid)
          const plan = planColumnEdits(fresh, columnEdits(patch, fresh)) ?? {
            sets: ['changed = 1'],
            values: []
          }
          writeColumnPlan(this.db, 'profiles', fresh.id, plan)
          const stale: string[] = []
          if (url !== null)
            stale.push(
              ...(url.values.length > 0
                ? putRef(this.db, 'profile', fresh.id, BASE_URL_POINTER, url.values[0]!.account)
                : dropRefs(this.db, 'profile', fresh.id, BASE_URL_POINTER))
            )
          if (keyAction === 'set')
            stale.push(...putRef(this.db, 'profile', fresh.id, API_KEY_POINTER, account))
          if (keyAction === 'remove') stale.push(...dropRefs(this.db, 'profile', fresh.id, API_KEY_POINTER))
          return stale
        })
      )
      return this.get(uid)
    })
  }

  /**
   * Makes this profile the one default. Legacy is_default values follow: this profile's becomes true, every
   * other profile that has one becomes false (profiles without the field are left without it).
   */
  setDefault(uid: string): void {
    const row = this.row(uid)
    this.write(() => {
      this.setDefaultMeta(row.uid)
      this.markDefault(row.id)
    })
  }

  /** Deletes the profile and its keychain entries; when it was the default, the next profile becomes default. */
  async delete(uid: string): Promise<void> {
    return this.queued(async () => {
      const row = this.row(uid)
      const stale = this.write(() => {
        const wasDefault = this.effectiveDefault()?.id === row.id
        const accounts = dropRefs(this.db, 'profile', row.id)
        stmt(this.db, 'DELETE FROM profiles WHERE id = ?').run(row.id)
        recordDeletion(this.db, 'profile', row)
        if (wasDefault) {
          const next = this.fallbackDefault()
          if (next) {
            this.setDefaultMeta(next.uid)
            const usesIsDefault =
              row.is_default !== null ||
              stmt(this.db, 'SELECT 1 FROM profiles WHERE is_default IS NOT NULL LIMIT 1').get() !== undefined
            if (usesIsDefault) this.markDefault(next.id)
          }
        }
        return accounts
      })
      await forgetSecrets(this.secrets, stale)
    })
  }

  /**
   * Runs a write in one transaction with the mutation counter bumped, then pins the default in meta: the meta
   * default when it still exists, else the default from before the write, else the fallback (or none).
   */
  private write<T>(fn: () => T): T {
    return mutate(this.db, () => {
      const before = this.effectiveDefault()
      const result = fn()
      const meta = this.metaDefault()
      if (meta === null) {
        const stillThere = before ? this.findRow(before.uid) : undefined
        const pick = stillThere ?? this.fallbackDefault()
        if (pick) this.setDefaultMeta(pick.uid)
        else stmt(this.db, 'DELETE FROM meta WHERE key = ?').run(DEFAULT_PROFILE_KEY)
      }
      return result
    })
  }

  private markDefault(id: number): void {
    stmt(
      this.db,
      `UPDATE profiles SET is_default = 'true', changed = 1 WHERE id = ? AND is_default IS NOT 'true'`
    ).run(id)
    stmt(
      this.db,
      `UPDATE profiles SET is_default = 'false', changed = 1
       WHERE id <> ? AND is_default IS NOT NULL AND is_default <> 'false'`
    ).run(id)
  }

  private setDefaultMeta(uid: string): void {
    stmt(
      this.db,
      'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
    ).run(DEFAULT_PROFILE_KEY, uid)
  }

  /** The profile named by meta, when it exists. */
  private metaDefault(): ProfileRow | null {
    const value = stmt(this.db, 'SELECT value FROM meta WHERE key = ?').get(DEFAULT_PROFILE_KEY) as
      { value: string } | undefined
    return (value && this.findRow(value.value)) ?? null
  }

  /** The first profile whose legacy is_default is true, else the first by position. */
  private fallbackDefault(): ProfileRow | undefined {
    return stmt(
      this.db,
      `SELECT ${PROFILE_COLUMNS} FROM profiles ORDER BY (is_default IS 'true') DESC, position, id LIMIT 1`
    ).get() as ProfileRow | undefined
  }

  private effectiveDefault(): ProfileRow | undefined {
    return this.metaDefault() ?? this.fallbackDefault()
  }

  /** What a chat request needs of the profile: its columns, and temperature, max_tokens and system_prompt as the
   * legacy record holds them (a number may be written as a numeric string). */
  chatSettings(uid: string): ProfileChatSettings {
    const row = this.row(uid)
    const extra: unknown = parseJsonText(row.extra)
    const fields = isPlainObject(extra) ? extra : {}
    const systemPrompt = fields.system_prompt
    return {
      ...shownColumns(row),
      temperature: numberField(fields.temperature),
      maxTokens: numberField(fields.max_tokens),
      systemPrompt: typeof systemPrompt === 'string' && systemPrompt.trim() !== '' ? systemPrompt : null,
      contextWindow: numberField(fields.context_window ?? fields.contextWindow ?? fields.num_ctx)
    }
  }

  /** The profile's API key from the keychain, for calls made on the user's behalf (embeddings, chat); never for
   * display. */
  async apiKey(uid: string): Promise<string | null> {
    const ref = this.apiKeyRef(this.row(uid).id)
    return ref ? this.secrets.get(ref.account) : null
  }

  /** The base URL as written, credentials included, when the stored one is its redacted form; for requests only. */
  async requestBaseUrl(uid: string): Promise<string | null> {
    const ref = this.baseUrlRef(this.row(uid).id)
    return ref ? this.secrets.get(ref.account) : null
  }

  private apiKeyRef(id: number): { account: string } | undefined {
    return this.refAt(id, API_KEY_POINTER)
  }

  private baseUrlRef(id: number): { account: string } | undefined {
    return this.refAt(id, BASE_URL_POINTER)
  }

  private refAt(id: number, pointer: string): { account: string } | undefined {
    return stmt(
      this.db,
      `SELECT account FROM secret_refs WHERE owner_kind = 'profile' AND owner_id = ? AND json_pointer = ?
       ORDER BY run_id IS NULL DESC, account LIMIT 1`
    ).get(id, pointer) as { account: string } | undefined
  }

  /**
   * An edited base URL: where it still shows the mask the stored credentials are put back (restoreMaskedUrlCredentials),
   * then it is planned as typed; null when that gives the URL already stored.
   */
  private async planEditedBaseUrl(
    row: ProfileRow,
    url: string | null
  ): Promise<{ column: string | null; values: SecretValue[] } | null> {
    const ref = this.baseUrlRef(row.id)
    const stored = ref ? await this.secrets.get(ref.account) : null
    const typed = url === null ? null : restoreMaskedUrlCredentials(url, stored)
    if (stored !== null && typed === stored) return null
    return this.planBaseUrl(row.uid, typed)
  }

  /** A form's base URL: one with credentials is stored redacted, the URL as typed in the keychain at `/base_url`. */
  private planBaseUrl(uid: string, url: string | null): { column: string | null; values: SecretValue[] } {
    if (url === null || !hasUrlCredentials(url)) return { column: url, values: [] }
    const account = this.secrets.account(`profile/${uid}${BASE_URL_POINTER}`)
    return { column: redactUrlCredentials(url), values: [{ account, value: url }] }
  }

  private async view(row: ProfileRow, isDefault: boolean): Promise<ProfileView> {
    const ref = this.apiKeyRef(row.id)
    const key = ref ? await this.secrets.get(ref.account) : null
    return {
      ...shownColumns(row),
      isDefault,
      maskedApiKey: key === null ? null : maskSecret(key)
    }
  }

  private findRow(uid: string): ProfileRow | undefined {
    return stmt(this.db, `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE uid = ?`).get(uid) as
      ProfileRow | undefined
  }

  private row(uid: string): ProfileRow {
    const row = this.findRow(requireId(uid, 'Profile id'))
    if (!row) throw notFound(NOT_FOUND_LABEL, uid)
    return row
  }
}
