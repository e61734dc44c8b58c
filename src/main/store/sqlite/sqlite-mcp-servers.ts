// MCP servers: secret-looking env values and headers only in the keychain (masked in views, unchanged when the masked
// form comes back), timeouts as fields of the record, and edits that keep migrated legacy servers exportable losslessly.
import { parseJsonText } from '../../base/json-text'
import { randomUUID } from 'node:crypto'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { UserError } from '../../../shared/errors'
import type { McpConnectionConfig, McpConnectionSource, McpStore } from '../store'
import { mcpConnectionConfig } from './mcp-connection-config'
import { START_AT_LAUNCH_KEY, startsAtLaunch } from '../mcp-start-at-launch'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import {
  hasUrlCredentials,
  isSecretNamedValue,
  maskSecret,
  redactUrlCredentials,
  restoreMaskedUrlCredentials
} from '../../../shared/secret-policy'
import { recordTimeouts, timeoutChanges } from '../mcp-record-timeouts'
import { MCP_FILE } from '../../legacy/legacy-files'
import { pointerOf, unescapePointerSegment } from '../../base/json-pointer'
import {
  dropRefs,
  forgetSecrets,
  putRef,
  refsOf,
  SecretOwnerRepository,
  type SecretRefRow
} from './secret-refs'
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
import { readMcpPatch, type McpPatch } from '../record-input'

const NOT_FOUND_LABEL = 'MCP server'
const DEFAULT_TRANSPORT = 'stdio'

interface McpRow {
  id: number
  uid: string
  name: string | null
  command: string | null
  args: string | null
  env: string | null
  enabled: number | null
  transport: string | null
  url: string | null
  extra: string
  origin: string
}

const MCP_COLUMNS = 'id, uid, name, command, args, env, enabled, transport, url, extra, origin'

type PlainFields = Omit<McpServerView, 'env' | 'secretEnvKeys' | 'headers' | 'secretHeaderKeys'>

/** The view's fields that need no keychain. */
function plainFields(row: McpRow, mapShaped: boolean): PlainFields {
  const args: unknown = row.args === null ? [] : JSON.parse(row.args)
  return {
    id: row.uid,
    // In a name→server map the map key is the server's name (and its uid).
    name: row.name ?? (mapShaped ? row.uid : ''),
    command: row.command,
    args: Array.isArray(args) ? args.filter((a): a is string => typeof a === 'string') : [],
    enabled: row.enabled === null ? true : row.enabled === 1,
    transport: row.transport ?? DEFAULT_TRANSPORT,
    url: row.url,
    startAtLaunch: startsAtLaunch(extraObject(row.extra)),
    timeouts: recordTimeouts(extraObject(row.extra))
  }
}

function extraObject(extra: string): JsonObject | null {
  const value: unknown = parseJsonText(extra)
  return isPlainObject(value) ? value : null
}

/**
 * Edits for the given fields except env (handled with the keychain). A value equal to what the view shows is
 * no edit, so a form sent back unchanged leaves a legacy record untouched.
 */
function columnEdits(patch: McpPatch, shown: PlainFields): ColumnEdit[] {
  const edits: ColumnEdit[] = []
  if (patch.name !== undefined && patch.name !== shown.name)
    edits.push({ column: 'name', key: 'name', value: patch.name })
  if (patch.command !== undefined && patch.command !== shown.command) {
    edits.push({ column: 'command', key: 'command', value: patch.command })
  }
  if (patch.args !== undefined && JSON.stringify(patch.args) !== JSON.stringify(shown.args)) {
    edits.push({ column: 'args', key: 'args', value: JSON.stringify(patch.args) })
  }
  if (patch.enabled !== undefined && patch.enabled !== shown.enabled) {
    edits.push({ column: 'enabled', key: 'enabled', value: patch.enabled ? 1 : 0 })
  }
  if (patch.transport !== undefined && patch.transport !== shown.transport) {
    edits.push({ column: 'transport', key: 'transport', value: patch.transport })
  }
  if (patch.url !== undefined && patch.url !== shown.url)
    edits.push({ column: 'url', key: 'url', value: patch.url })
  return edits
}

/** How a stored env value is shown: strings as they are, other JSON values as JSON text. */
function shownValue(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function parseEnv(column: string | null): JsonObject | null {
  if (column === null) return null
  const value: unknown = parseJsonText(column)
  return isPlainObject(value) ? value : null
}

/** The name→value maps whose secret values live in the keychain: the env column and the record's `headers`. */
type Section = 'env' | 'headers'

/** Where a URL with credentials keeps its keychain value (the column holds its redacted form). */
const URL_POINTER = '/url'

interface StoredSecret {
  key: string
  ref: SecretRefRow
  /** null when the keychain has no entry for the ref. */
  value: string | null
}

/** The key of a `/<section>/<key>` pointer, or null for any other pointer. */
function pointerKey(section: Section, pointer: string): string | null {
  const match = new RegExp(`^/${section}/([^/]*)$`).exec(pointer)
  return match ? unescapePointerSegment(match[1]!) : null
}

/** The key whose subtree a pointer such as `/<section>/<key>/…` is in, or null. */
function pointerRoot(section: Section, pointer: string): string | null {
  const match = new RegExp(`^/${section}/([^/]*)/`).exec(pointer)
  return match ? unescapePointerSegment(match[1]!) : null
}

function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

interface SecretValueAt {
  pointer: string
  account: string
  value: string
}

interface SectionPlan {
  /** The new map without its keychain values. */
  map: JsonObject
  /** Whether keychain values stay or come under the map. */
  hasSecrets: boolean
  /** Keychain values to write, with their pointers. */
  secrets: SecretValueAt[]
  /** Refs to delete (their keychain entries are forgotten after the commit). */
  drop: SecretRefRow[]
}

interface EnvPlan extends Omit<SectionPlan, 'map' | 'hasSecrets'> {
  /** New env column value, or undefined when the column stays as it is. */
  column: string | null | undefined
}

interface HeadersPlan extends Omit<SectionPlan, 'map' | 'hasSecrets'> {
  /** The record's new `headers`, or undefined when they stay as they are. */
  headers: JsonObject | undefined
}

/** The map's new text for a stored text (or null), or undefined when it stays as it is. */
function mapText(
  stored: string | null,
  current: JsonObject | null,
  plan: Pick<SectionPlan, 'map' | 'hasSecrets'>
): string | undefined {
  const text = JSON.stringify(plan.map)
  const emptyAndUnused = Object.keys(plan.map).length === 0 && !plan.hasSecrets
  // Absent or non-object: left as it is unless the new map has something to hold.
  if (stored === null || current === null) return emptyAndUnused ? undefined : text
  return text !== stored ? text : undefined
}

function changesSecrets(plan: { secrets: readonly unknown[]; drop: readonly unknown[] } | null): boolean {
  return plan !== null && (plan.secrets.length > 0 || plan.drop.length > 0)
}

/** The record's extra fields with the given changes (`undefined` removes one), or undefined when there are none. */
function nextExtra(
  extra: JsonObject | null,
  changes: Record<string, JsonValue | undefined>
): string | undefined {
  if (Object.keys(changes).length === 0) return undefined
  const next: JsonObject = { ...(extra ?? {}) }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key]
    else setOwn(next, key, value)
  }
  return JSON.stringify(next)
}

export class SqliteMcpServers extends SecretOwnerRepository implements McpStore, McpConnectionSource {
  /** Every server in position order. */
  async list(): Promise<McpServerView[]> {
    const mapShaped = this.mapShaped()
    return this.viewsInOrder('mcp_servers', MCP_COLUMNS, (row: McpRow) => this.view(row, mapShaped))
  }

  async get(uid: string): Promise<McpServerView> {
    return this.view(this.row(uid), this.mapShaped())
  }

  /** The server's connection config with its secrets from the keychain, for connecting only (never for display). */
  async connection(uid: string): Promise<McpConnectionConfig> {
    const row = this.row(uid)
    const shown = plainFields(row, this.mapShaped())
    return mcpConnectionConfig(
      { ...shown, uid: row.uid, env: row.env, extra: row.extra },
      refsOf(this.db, 'mcp_server', row.id),
      (account) => this.secrets.get(account)
    )
  }

  async create(input: McpServerInput): Promise<McpServerView> {
    const patch = readMcpPatch(input, true)
    return this.queued(async () => {
      const uid = randomUUID()
      const plan = await this.planEnv(uid, null, [], patch.env ?? {})
      const headers = await this.planHeaders(uid, null, [], patch.headers ?? {})
      const extra = this.extraChanges(null, patch.timeouts, headers) ?? '{}'
      const url = this.planUrl(uid, patch.url ?? null, [])
      const secrets = [...plan.secrets, ...headers.secrets, ...url.secrets]
      await this.writeWithSecrets(secrets, () =>
        mutate(this.db, () => {
          const result = stmt(
            this.db,
            `INSERT INTO mcp_servers(uid, position, name, command, args, env, enabled, transport, url, extra, origin, changed)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'app', 0)`
          ).run(
            uid,
            nextPosition(this.db, 'mcp_servers'),
            patch.name,
            patch.command ?? null,
            JSON.stringify(patch.args ?? []),
            plan.column ?? null,
            patch.enabled === false ? 0 : 1,
            patch.transport ?? null,
            url.column,
            extra
          )
          const id = Number(result.lastInsertRowid)
          return secrets.flatMap((secret) =>
            putRef(this.db, 'mcp_server', id, secret.pointer, secret.account)
          )
        })
      )
      return this.get(uid)
    })
  }

  /**
   * Changes only the given fields. `env` replaces the whole env (and `headers` the whole header set): secret-looking
   * keys with non-empty values go to the keychain; a secret whose value comes back masked (as the view shows it) is
   * left unchanged. `timeouts` changes only the timeouts it gives; a value the record already shows writes nothing.
   */
  async update(uid: string, patchInput: Partial<McpServerInput>): Promise<McpServerView> {
    const patch = readMcpPatch(patchInput, false)
    return this.queued(async () => {
      const row = this.row(uid)
      const refs = refsOf(this.db, 'mcp_server', row.id)
      const env = patch.env === undefined ? null : await this.planEnv(row.uid, row.env, refs, patch.env)
      const extraObj = extraObject(row.extra)
      const headers =
        patch.headers === undefined ? null : await this.planHeaders(row.uid, extraObj, refs, patch.headers)
      const extra = this.extraChanges(extraObj, patch.timeouts, headers)
      const url =
        patch.url === undefined || patch.url === row.url
          ? null
          : await this.planEditedUrl(row.uid, patch.url, refs)
      if (url !== null) patch.url = url.column
      const edits = columnEdits(patch, plainFields(row, this.mapShaped()))
      const envChanges =
        env?.column !== undefined || changesSecrets(env) || changesSecrets(headers) || changesSecrets(url)
      if (!envChanges && extra === undefined && planColumnEdits(row, edits) === null) return this.get(uid)

      const secrets = [...(env?.secrets ?? []), ...(headers?.secrets ?? []), ...(url?.secrets ?? [])]
      await this.writeWithSecrets(secrets, () =>
        mutate(this.db, () => {
          const stale: string[] = []
          const fresh = this.row(uid)
          const plan = planColumnEdits(fresh, columnEdits(patch, plainFields(fresh, this.mapShaped()))) ?? {
            sets: ['changed = 1'],
            values: []
          }
          if (env?.column !== undefined) {
            plan.sets.unshift('env = ?')
            plan.values.unshift(env.column)
          }
          if (extra !== undefined) {
            plan.sets.unshift('extra = ?')
            plan.values.unshift(extra)
          }
          writeColumnPlan(this.db, 'mcp_servers', fresh.id, plan)
          for (const ref of [...(env?.drop ?? []), ...(headers?.drop ?? []), ...(url?.drop ?? [])]) {
            stmt(this.db, 'DELETE FROM secret_refs WHERE account = ?').run(ref.account)
            stale.push(ref.account)
          }
          for (const secret of secrets) {
            stale.push(...putRef(this.db, 'mcp_server', fresh.id, secret.pointer, secret.account))
          }
          return stale
        })
      )
      return this.get(uid)
    })
  }

  /** Switches the server on or off; setting the value it already has writes nothing. */
  setEnabled(uid: string, enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw new UserError('INVALID_INPUT', 'enabled must be true or false.')
    const row = this.row(uid)
    const plan = planColumnEdits(row, columnEdits({ enabled }, plainFields(row, this.mapShaped())))
    if (plan === null) return
    mutate(this.db, () => writeColumnPlan(this.db, 'mcp_servers', row.id, plan))
  }

  /** Saves `${input:…}` values in the keychain, each referred to at `/inputs/<id>` (replacing an earlier one). */
  async saveInputs(uid: string, values: Record<string, string>): Promise<void> {
    return this.queued(async () => {
      const row = this.row(uid)
      const secrets = Object.entries(values).map(([id, value]) => ({
        pointer: pointerOf(['inputs', id]),
        account: this.secrets.account(`mcp_server/${row.uid}${pointerOf(['inputs', id])}`),
        value
      }))
      await this.writeWithSecrets(secrets, () =>
        mutate(this.db, () =>
          secrets.flatMap((secret) => putRef(this.db, 'mcp_server', row.id, secret.pointer, secret.account))
        )
      )
    })
  }

  /** Marks the server to start when the app opens (a field of its record); the value it already has writes nothing. */
  setStartAtLaunch(uid: string, on: boolean): void {
    if (typeof on !== 'boolean') throw new UserError('INVALID_INPUT', 'on must be true or false.')
    const row = this.row(uid)
    const extra = extraObject(row.extra) ?? {}
    if (startsAtLaunch(extra) === on) return
    const next = Object.fromEntries(Object.entries(extra).filter(([key]) => key !== START_AT_LAUNCH_KEY))
    if (on) next[START_AT_LAUNCH_KEY] = true
    mutate(this.db, () => {
      stmt(this.db, 'UPDATE mcp_servers SET extra = ?, changed = 1 WHERE id = ?').run(
        JSON.stringify(next),
        row.id
      )
    })
  }

  /** Deletes the server and every keychain entry it owns; a migrated server's deletion is recorded. */
  async delete(uid: string): Promise<void> {
    return this.queued(async () => {
      const row = this.row(uid)
      const stale = mutate(this.db, () => {
        const accounts = dropRefs(this.db, 'mcp_server', row.id)
        stmt(this.db, 'DELETE FROM mcp_servers WHERE id = ?').run(row.id)
        recordDeletion(this.db, 'mcp_server', row)
        return accounts
      })
      await forgetSecrets(this.secrets, stale)
    })
  }

  /** Plans the env column and keychain changes for a whole new env. */
  private async planEnv(
    uid: string,
    column: string | null,
    refs: readonly SecretRefRow[],
    next: Record<string, string>
  ): Promise<EnvPlan> {
    const current = parseEnv(column)
    const { secrets, drop, ...plan } = await this.planSection('env', uid, current, refs, next)
    return { column: mapText(column, current, plan), secrets, drop }
  }

  /**
   * An edited URL: where it still shows the mask the stored credentials are put back (restoreMaskedUrlCredentials),
   * then it is planned as typed; null when that gives the URL already stored.
   */
  private async planEditedUrl(
    uid: string,
    url: string | null,
    refs: readonly SecretRefRow[]
  ): Promise<ReturnType<SqliteMcpServers['planUrl']> | null> {
    const ref = refs.find((r) => r.json_pointer === URL_POINTER)
    const stored = ref ? await this.secrets.get(ref.account) : null
    const typed = url === null ? null : restoreMaskedUrlCredentials(url, stored)
    if (stored !== null && typed === stored) return null
    return this.planUrl(uid, typed, refs)
  }

  /**
   * A form's URL: one with credentials (userinfo, `?key=`, …) is stored redacted, the URL as typed in the keychain at
   * `/url`; a URL without them drops an earlier `/url` ref.
   */
  private planUrl(
    uid: string,
    url: string | null,
    refs: readonly SecretRefRow[]
  ): { column: string | null; secrets: SecretValueAt[]; drop: SecretRefRow[] } {
    if (url === null || !hasUrlCredentials(url))
      return { column: url, secrets: [], drop: refs.filter((ref) => ref.json_pointer === URL_POINTER) }
    const account = this.secrets.account(`mcp_server/${uid}${URL_POINTER}`)
    return {
      column: redactUrlCredentials(url),
      secrets: [{ pointer: URL_POINTER, account, value: url }],
      drop: []
    }
  }

  /** Plans the record's `headers` and keychain changes for a whole new header set. */
  private async planHeaders(
    uid: string,
    extra: JsonObject | null,
    refs: readonly SecretRefRow[],
    next: Record<string, string>
  ): Promise<HeadersPlan> {
    const stored = extra !== null && Object.hasOwn(extra, 'headers') ? extra.headers! : null
    const current = isPlainObject(stored) ? stored : null
    const { secrets, drop, ...plan } = await this.planSection('headers', uid, current, refs, next)
    const text = mapText(stored === null ? null : JSON.stringify(stored), current, plan)
    return { headers: text === undefined ? undefined : plan.map, secrets, drop }
  }

  /** The new `extra` text for the form's timeouts and headers, or undefined when it stays as it is. */
  private extraChanges(
    extra: JsonObject | null,
    timeouts: McpPatch['timeouts'],
    headers: HeadersPlan | null
  ): string | undefined {
    const changes: Record<string, JsonValue | undefined> = timeoutChanges(extra, timeouts)
    if (headers?.headers !== undefined) changes.headers = headers.headers
    return nextExtra(extra, changes)
  }

  /**
   * Plans a whole new env or header set and its keychain changes. A value equal to what the view shows keeps the
   * stored value (secret, or non-string legacy JSON); refs under a key whose value changes are dropped.
   */
  private async planSection(
    section: Section,
    uid: string,
    current: JsonObject | null,
    refs: readonly SecretRefRow[],
    next: Record<string, string>
  ): Promise<SectionPlan> {
    const stored = await this.storedSecrets(section, refs)
    const storedByKey = new Map(stored.map((s) => [s.key, s]))
    const plan: SectionPlan = { map: {}, hasSecrets: false, secrets: [], drop: [] }
    const keptSecrets = new Set<string>()
    const keptRaw = new Set<string>()
    for (const [key, value] of Object.entries(next)) {
      const secret = storedByKey.get(key)
      if (secret && (value === secret.value || value === maskSecret(secret.value ?? ''))) {
        keptSecrets.add(key)
        continue
      }
      const raw = current && Object.hasOwn(current, key) ? current[key]! : undefined
      if (!secret && raw !== undefined && shownValue(raw) === value) {
        setOwn(plan.map, key, raw)
        keptRaw.add(key)
        continue
      }
      if (isSecretNamedValue(key, value)) {
        const pointer = pointerOf([section, key])
        plan.secrets.push({ pointer, value, account: this.secrets.account(`mcp_server/${uid}${pointer}`) })
        keptSecrets.add(key)
        continue
      }
      setOwn(plan.map, key, value)
    }
    for (const ref of refs) {
      const key = pointerKey(section, ref.json_pointer)
      if (key !== null && !keptSecrets.has(key)) plan.drop.push(ref)
      const root = pointerRoot(section, ref.json_pointer)
      if (root !== null && !keptRaw.has(root)) plan.drop.push(ref)
    }
    plan.hasSecrets =
      keptSecrets.size > 0 ||
      refs.some((ref) => pointerRoot(section, ref.json_pointer) !== null && !plan.drop.includes(ref))
    return plan
  }

  private async storedSecrets(section: Section, refs: readonly SecretRefRow[]): Promise<StoredSecret[]> {
    const secrets: StoredSecret[] = []
    for (const ref of refs) {
      const key = pointerKey(section, ref.json_pointer)
      if (key === null || secrets.some((s) => s.key === key)) continue
      secrets.push({ key, ref, value: await this.secrets.get(ref.account) })
    }
    return secrets
  }

  /** A map as the view shows it: stored values as text, secrets from the keychain masked. */
  private async shownMap(
    section: Section,
    stored: JsonValue | null | undefined,
    refs: readonly SecretRefRow[]
  ): Promise<{ map: Record<string, string>; secretKeys: string[] }> {
    const map: Record<string, string> = {}
    if (isPlainObject(stored))
      for (const [key, value] of Object.entries(stored)) setOwn(map, key, shownValue(value))
    const secrets = await this.storedSecrets(section, refs)
    for (const secret of secrets) setOwn(map, secret.key, maskSecret(secret.value ?? ''))
    return { map, secretKeys: secrets.map((s) => s.key) }
  }

  private async view(row: McpRow, mapShaped: boolean): Promise<McpServerView> {
    const refs = refsOf(this.db, 'mcp_server', row.id)
    const env = await this.shownMap('env', parseEnv(row.env), refs)
    const headers = await this.shownMap('headers', extraObject(row.extra)?.headers, refs)
    return {
      ...plainFields(row, mapShaped),
      env: env.map,
      secretEnvKeys: env.secretKeys,
      headers: headers.map,
      secretHeaderKeys: headers.secretKeys
    }
  }

  private mapShaped(): boolean {
    const doc = stmt(this.db, 'SELECT shape FROM legacy_documents WHERE file = ?').get(MCP_FILE) as
      { shape: string } | undefined
    return doc?.shape === 'map'
  }

  private row(uid: string): McpRow {
    const row = stmt(this.db, `SELECT ${MCP_COLUMNS} FROM mcp_servers WHERE uid = ?`).get(
      requireId(uid, 'MCP server id')
    ) as McpRow | undefined
    if (!row) throw notFound(NOT_FOUND_LABEL, uid)
    return row
  }
}
