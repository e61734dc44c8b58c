// `personal-agent import --format localstorage DUMP.json`: the web version's data, one workspace per tenant, so two
// tenants never mix. Agents, profiles (apiKey and endpoint to the keychain), MCP servers (secret env values to the
// keychain), chat sessions (conversations with their messages and times), preferences and the auth token (keychain);
// the secrets of agents and preferences (secret names, URL credentials) go to the keychain too (web-secrets.ts).
// A second import of the same dump adds nothing: every record is already-imported. Values that cannot be read are
// quarantined verbatim with the reason. Backed up first, checked after, and one `rollback --run` undoes it.
import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import { jsonErrorIndex } from '../../legacy/json-error-place'
import { WEB_PROFILE_SECRET_FIELDS } from '../../../shared/secret-policy'
import { contentHash } from '../../base/canonical-json'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import type { Db } from '../../store/sqlite/database'
import {
  insertAgent,
  insertConversation,
  insertPreference,
  updatePreference,
  writeConfigRecord
} from '../../store/sqlite/import-writes/imported-rows'
import { snapshotTarget, targetExists, type TableTarget } from '../../store/sqlite/import-writes/target-rows'
import { backupBeforeImport, type ImportBackup } from '../import-backup'
import { runIntegrityChecks, type IntegrityCheck } from '../import-integrity'
import type { OnImportProgress } from '../import-progress'
import { emptyCounts, ImportRun, type ActionCounts, type TargetKind } from '../import-run'
import type { ImportStore } from '../import-store'
import {
  discardSecrets,
  ensureWorkspace,
  prepareConfigRecord,
  type PreparedConfigRecord,
  type PreparedSecrets
} from '../imported-records'
import { putRef, dropRefs, type SecretOwnerKind } from '../../store/sqlite/secret-refs'
import { findMapping, saveMapping } from '../legacy-id-map'
import { readDump, type DumpEntry } from './dump-file'
import { classify, sessionTenant, type KeyKind } from './dump-keys'
import { agentFields, mcpRecord, profileRecord, recordsOf, sessionConversation, webId } from './web-records'
import { prepareAgentSecrets, preparePreferenceSecrets } from './web-secrets'

const GLOBAL = '(global)'

/** One record of the dump, and what importing it means. */
interface Item {
  kind: Exclude<KeyKind, 'unknown'>
  tenant: string | null
  key: string
  place: string
  legacyId: string
  value: JsonValue
  hash: string
  /** For map-shaped MCP servers: the server's name. */
  mapKey: string | null
}

interface Quarantined {
  key: string
  place: string
  raw: string
  reason: string
}

export interface LocalStorageReport {
  runId: string | null
  dryRun: boolean
  file: string
  counts: ActionCounts
  /** Per workspace (tenant), records by kind that were created or updated. */
  workspaces: Record<string, Partial<Record<string, number>>>
  quarantined: { key: string; reason: string }[]
  warnings: string[]
  integrity: IntegrityCheck[]
  backups: ImportBackup[]
}

function sourceOf(tenant: string | null): string {
  return `localstorage:${tenant ?? GLOBAL}`
}

function notJsonReason(entry: DumpEntry): string {
  const at = jsonErrorIndex(entry.raw) ?? 0
  return `${entry.key}: the value is not JSON text (it breaks at character ${at + 1}); kept as it was`
}

const TARGET: Record<Item['kind'], TargetKind> = {
  profiles: 'profile',
  mcp: 'mcp_server',
  agents: 'agent',
  session: 'conversation',
  preference: 'preference',
  'auth-token': 'secret'
}

/** Splits the dump into records (one per profile, server, agent, session, preference) and what cannot be used. */
function itemsOf(entries: DumpEntry[]): { items: Item[]; quarantined: Quarantined[]; warnings: string[] } {
  const classified = entries.map(classify)
  const tenants = new Set(classified.map((c) => c.tenant).filter((t): t is string => t !== null))
  const currentEntry = entries.find((e) => e.key === 'current_tenant_id')
  const current = typeof currentEntry?.value === 'string' ? currentEntry.value : null
  const items: Item[] = []
  const quarantined: Quarantined[] = []
  const warnings: string[] = []
  const add = (
    kind: Item['kind'],
    tenant: string | null,
    entry: DumpEntry,
    place: string,
    legacyId: string,
    value: JsonValue,
    mapKey: string | null = null
  ): void => {
    items.push({ kind, tenant, key: entry.key, place, legacyId, value, hash: contentHash(value), mapKey })
  }
  for (const { entry, kind, tenant } of classified) {
    if (entry.parsedAlready)
      warnings.push(
        `${entry.key}: the export held a ${Array.isArray(entry.value) ? 'list' : typeof entry.value}, not JSON text; taken as it is`
      )
    if (kind === 'unknown') {
      quarantined.push({
        key: entry.key,
        place: entry.key,
        raw: entry.raw,
        reason: `${entry.key}: not a key this version knows; kept as it was`
      })
      continue
    }
    if (kind === 'preference' || kind === 'auth-token') {
      add(
        kind,
        tenant,
        entry,
        entry.key,
        kind === 'auth-token' ? 'secret:auth_token' : `pref:${entry.key}`,
        entry.value
      )
      continue
    }
    if (entry.plain) {
      quarantined.push({ key: entry.key, place: entry.key, raw: entry.raw, reason: notJsonReason(entry) })
      continue
    }
    if (kind === 'session') {
      const owner = sessionTenant(entry, tenants, current)
      if (sessionConversation(entry.value, entry.key) === null) {
        quarantined.push({
          key: entry.key,
          place: entry.key,
          raw: entry.raw,
          reason: `${entry.key}: holds no list of messages; kept as it was`
        })
        continue
      }
      add('session', owner, entry, entry.key, `session:${entry.key}`, entry.value)
      continue
    }
    const records = recordsOf(entry.value)
    if (records === null) {
      quarantined.push({
        key: entry.key,
        place: entry.key,
        raw: entry.raw,
        reason: `${entry.key}: holds ${typeof entry.value}, not a list; kept as it was`
      })
      continue
    }
    for (const { record, key, mapKey } of records) {
      const place = `${entry.key}[${key}]`
      if (!isPlainObject(record)) {
        quarantined.push({
          key: entry.key,
          place,
          raw: JSON.stringify(record),
          reason: `${place}: is ${record === null ? 'null' : typeof record}, not an object; kept as it was`
        })
        continue
      }
      const prefix = kind === 'profiles' ? 'profile' : kind === 'mcp' ? 'mcp' : 'agent'
      add(kind, tenant, entry, place, `${prefix}:${mapKey ?? webId(record, key)}`, record, mapKey)
    }
  }
  return { items, quarantined, warnings }
}

type Status = { action: 'create' } | { action: 'same'; uid: string } | { action: 'changed'; uid: string }

function statusOf(db: Db, item: Item): Status {
  const mapping = findMapping(db, sourceOf(item.tenant), item.legacyId, TARGET[item.kind])
  if (!mapping) return { action: 'create' }
  const alive =
    TARGET[item.kind] === 'secret'
      ? true
      : targetExists(db, TARGET[item.kind] as TableTarget, mapping.targetUid)
  if (!alive) return { action: 'create' }
  return mapping.contentHash === item.hash
    ? { action: 'same', uid: mapping.targetUid }
    : { action: 'changed', uid: mapping.targetUid }
}

export interface LocalStoragePreview {
  file: string
  tenants: {
    tenant: string
    profiles: number
    mcpServers: number
    agents: number
    conversations: number
    preferences: number
  }[]
  globalPreferences: number
  authToken: boolean
  quarantined: { key: string; reason: string }[]
  warnings: string[]
  /** Records of the dump already in this store from an earlier import. */
  alreadyImported: number
}

export function previewLocalStorage(file: string, db: Db | null): LocalStoragePreview {
  const { items, quarantined, warnings } = itemsOf(readDump(file))
  const byTenant = new Map<string, LocalStoragePreview['tenants'][number]>()
  for (const item of items) {
    if (item.tenant === null) continue
    const row = byTenant.get(item.tenant) ?? {
      tenant: item.tenant,
      profiles: 0,
      mcpServers: 0,
      agents: 0,
      conversations: 0,
      preferences: 0
    }
    if (item.kind === 'profiles') row.profiles++
    else if (item.kind === 'mcp') row.mcpServers++
    else if (item.kind === 'agents') row.agents++
    else if (item.kind === 'session') row.conversations++
    else if (item.kind === 'preference') row.preferences++
    byTenant.set(item.tenant, row)
  }
  return {
    file,
    tenants: [...byTenant.values()],
    globalPreferences: items.filter((i) => i.tenant === null && i.kind === 'preference').length,
    authToken: items.some((i) => i.kind === 'auth-token'),
    quarantined: quarantined.map((q) => ({ key: q.place, reason: q.reason })),
    warnings,
    alreadyImported: db ? items.filter((item) => statusOf(db, item).action === 'same').length : 0
  }
}

export interface LocalStorageOptions {
  dryRun?: boolean
}

export async function importLocalStorage(
  store: ImportStore,
  file: string,
  options: LocalStorageOptions = {},
  onProgress?: OnImportProgress
): Promise<LocalStorageReport> {
  const { db, secrets } = store
  const { items, quarantined, warnings } = itemsOf(readDump(file))
  const report: LocalStorageReport = {
    runId: null,
    dryRun: options.dryRun === true,
    file,
    counts: emptyCounts(),
    workspaces: {},
    quarantined: quarantined.map((q) => ({ key: q.place, reason: q.reason })),
    warnings,
    integrity: [],
    backups: []
  }
  const statuses = new Map(items.map((item) => [item, statusOf(db, item)]))
  const progress = (done: number, message: string): void =>
    onProgress?.({ phase: 'import', done, total: items.length, message })
  if (report.dryRun) {
    for (const status of statuses.values())
      report.counts[
        status.action === 'create' ? 'created' : status.action === 'same' ? 'already-imported' : 'skipped'
      ] += 1
    report.counts.quarantined = quarantined.length
    return report
  }

  const run = ImportRun.start(db, secrets, 'localstorage', file, {})
  report.runId = run.id
  const prepared = new Map<Item, PreparedConfigRecord>()
  const lifted = new Map<Item, PreparedSecrets>()
  let token: { account: string; value: string } | null = null
  try {
    report.backups = await backupBeforeImport(store, run.id, file)
    await run.prepareQuarantined(
      quarantined.map((q) => ({ sourcePath: q.key, sourceKey: q.place, raw: q.raw }))
    )
    progress(0, `Reading ${basename(file)}`)
    // Keys go to the keychain before the database transaction; if it fails they are removed again.
    for (const item of items) {
      const action = statuses.get(item)!.action
      if (item.kind === 'preference' && action !== 'same')
        lifted.set(item, await preparePreferenceSecrets(secrets, item.key, item.value))
      if (action !== 'create') continue
      if (item.kind === 'agents') lifted.set(item, await prepareAgentSecrets(secrets, item.value))
      else if (item.kind === 'profiles')
        prepared.set(
          item,
          await prepareConfigRecord(
            secrets,
            'profiles',
            profileRecord(item.value as JsonObject),
            WEB_PROFILE_SECRET_FIELDS
          )
        )
      else if (item.kind === 'mcp')
        prepared.set(
          item,
          await prepareConfigRecord(secrets, 'mcp_servers', mcpRecord(item.value as JsonObject, item.mapKey))
        )
      else if (item.kind === 'auth-token' && typeof item.value === 'string' && item.value !== '') {
        token = {
          account: secrets.account(`localstorage/${item.tenant ?? GLOBAL}/auth_token/${randomUUID()}`),
          value: item.value
        }
        await secrets.set(token.account, token.value)
      }
    }
    db.transaction(() =>
      writeItems(db, run, items, statuses, { prepared, lifted }, token, quarantined, report, progress)
    ).immediate()
    // A preference left as it was (one of that name already set here) took none of its keychain entries.
    for (const record of lifted.values()) if (!referred(db, record)) await discardSecrets(secrets, record)
    report.integrity = runIntegrityChecks(db, run.id)
    run.finish(report)
    return report
  } catch (error) {
    for (const record of [...prepared.values(), ...lifted.values()]) await discardSecrets(secrets, record)
    if (token) await secrets.delete(token.account).catch(() => false)
    run.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
}

/** The keychain-ready records of the run: profiles and MCP servers, and agents and preferences. */
interface PreparedItems {
  prepared: Map<Item, PreparedConfigRecord>
  lifted: Map<Item, PreparedSecrets>
}

function bump(report: LocalStorageReport, tenant: string | null, kind: string): void {
  const name = tenant ?? GLOBAL
  const counts = (report.workspaces[name] ??= {})
  counts[kind] = (counts[kind] ?? 0) + 1
}

/** Every write of the import, in one transaction: workspaces, profiles, MCP servers, agents, sessions, preferences. */
function writeItems(
  db: Db,
  run: ImportRun,
  items: Item[],
  statuses: Map<Item, Status>,
  secretsOf: PreparedItems,
  token: { account: string; value: string } | null,
  quarantined: Quarantined[],
  report: LocalStorageReport,
  progress: (done: number, message: string) => void
): void {
  const workspaceIds = new Map<string, number>()
  const workspace = (tenant: string | null): number | null => {
    if (tenant === null) return null
    const known = workspaceIds.get(tenant)
    if (known !== undefined) return known
    const { id } = ensureWorkspace(db, run, sourceOf(tenant), tenant)
    workspaceIds.set(tenant, id)
    return id
  }
  for (const q of quarantined) {
    run.record({
      sourcePath: q.key,
      sourceKey: q.place,
      action: 'quarantined',
      raw: q.raw,
      message: q.reason
    })
    report.counts.quarantined += 1
  }
  // Agents last among the records they point at: their profiles and MCP servers exist by then.
  const order: Item['kind'][] = ['profiles', 'mcp', 'agents', 'session', 'preference', 'auth-token']
  let done = 0
  for (const kind of order)
    for (const item of items.filter((i) => i.kind === kind)) {
      const status = statuses.get(item)!
      const target = TARGET[item.kind]
      const base = { sourcePath: item.key, sourceKey: item.place, contentHash: item.hash, targetKind: target }
      const mapping = {
        source: sourceOf(item.tenant),
        legacyId: item.legacyId,
        targetKind: target,
        contentHash: item.hash,
        runId: run.id
      }
      progress(++done, item.place)
      if (status.action === 'same') {
        run.record({ ...base, action: 'already-imported', targetUid: status.uid })
        report.counts['already-imported'] += 1
        continue
      }
      if (status.action === 'changed' && item.kind !== 'preference') {
        // Never overwritten: the earlier import's record stays as the user may have changed it since.
        const message = `${item.place}: changed since it was imported; the imported record was left as it is (undo that import and import again to take the new version)`
        run.record({ ...base, action: 'skipped', targetUid: status.uid, message })
        report.counts.skipped += 1
        report.warnings.push(message)
        continue
      }
      const uid = writeItem(db, run, item, status, secretsOf, token, workspace(item.tenant), report)
      if (uid === null) continue
      saveMapping(db, { ...mapping, targetUid: uid })
      bump(report, item.tenant, target)
    }
}

function writeItem(
  db: Db,
  run: ImportRun,
  item: Item,
  status: Status,
  secretsOf: PreparedItems,
  token: { account: string; value: string } | null,
  workspaceId: number | null,
  report: LocalStorageReport
): string | null {
  const base = { sourcePath: item.key, sourceKey: item.place, contentHash: item.hash }
  const created = (targetKind: TargetKind, uid: string): string => {
    run.record({ ...base, action: 'created', targetKind, targetUid: uid })
    report.counts.created += 1
    return uid
  }
  switch (item.kind) {
    case 'profiles':
    case 'mcp': {
      const ref = writeConfigRecord(db, secretsOf.prepared.get(item)!, {
        workspaceId,
        source: sourceOf(item.tenant)
      })
      return created(TARGET[item.kind], ref.uid)
    }
    case 'agents':
      return created('agent', writeAgent(db, item, secretsOf.lifted.get(item)!, workspaceId, report))
    case 'session': {
      const conversation = sessionConversation(item.value, item.key)!
      return created('conversation', insertConversation(db, { ...conversation, workspaceId }).uid)
    }
    case 'preference': {
      const lifted = secretsOf.lifted.get(item)!
      const value = JSON.stringify(lifted.stripped)
      const now = new Date().toISOString()
      if (status.action === 'changed') {
        const previous = snapshotTarget(db, 'preference', status.uid)
        const mapping = findMapping(db, sourceOf(item.tenant), item.legacyId, 'preference')
        updatePreference(db, Number(status.uid), value, now)
        // The earlier value's keychain entries stay while this run can be rolled back (its snapshot points at them).
        dropRefs(db, 'preference', Number(status.uid))
        putRefs(db, 'preference', Number(status.uid), lifted)
        run.record({
          ...base,
          action: 'updated',
          targetKind: 'preference',
          targetUid: status.uid,
          previous: { ...previous, mapping }
        })
        report.counts.updated += 1
        return status.uid
      }
      const existing = db
        .prepare('SELECT id FROM preferences WHERE COALESCE(workspace_id, 0) = COALESCE(?, 0) AND key = ?')
        .get(workspaceId, item.key) as { id: number } | undefined
      if (existing) {
        const message = `${item.key}: a preference of that name is already set here; kept as it is`
        run.record({
          ...base,
          action: 'skipped',
          targetKind: 'preference',
          targetUid: String(existing.id),
          message
        })
        report.counts.skipped += 1
        report.warnings.push(message)
        return null
      }
      const id = insertPreference(db, workspaceId, item.key, value, now)
      putRefs(db, 'preference', id, lifted)
      return created('preference', String(id))
    }
    case 'auth-token':
      if (!token) return null
      return created('secret', token.account)
  }
}

/** The keychain entries of an agent or preference, referred to from its row. Call inside the transaction. */
function putRefs(db: Db, owner: SecretOwnerKind, id: number, lifted: PreparedSecrets): void {
  for (const secret of lifted.secrets) putRef(db, owner, id, secret.pointer, secret.account)
}

/** Whether the database refers to the prepared record's keychain entries (none to refer to counts as referred). */
function referred(db: Db, record: PreparedSecrets): boolean {
  const first = record.secrets[0]
  return (
    first === undefined ||
    db.prepare('SELECT 1 FROM secret_refs WHERE account = ?').get(first.account) !== undefined
  )
}

/**
 * An agent, pointing only at a profile and MCP servers of its own workspace (an unresolved one is a warning); its
 * record kept without its secrets (they are in the keychain, referred to from the agent).
 */
function writeAgent(
  db: Db,
  item: Item,
  lifted: PreparedSecrets,
  workspaceId: number | null,
  report: LocalStorageReport
): string {
  const fields = agentFields(lifted.stripped as JsonObject, Number(item.place.match(/\[(\d+)\]$/)?.[1] ?? 0))
  const source = sourceOf(item.tenant)
  const resolve = (kind: 'profile' | 'mcp_server', ref: string): number | null => {
    const mapped = findMapping(db, source, `${kind === 'profile' ? 'profile' : 'mcp'}:${ref}`, kind)
    const table = kind === 'profile' ? 'profiles' : 'mcp_servers'
    const row = (
      mapped
        ? db.prepare(`SELECT id FROM ${table} WHERE uid = ?`).get(mapped.targetUid)
        : db
            .prepare(`SELECT id FROM ${table} WHERE name = ? AND workspace_id IS ? ORDER BY id LIMIT 1`)
            .get(ref, workspaceId)
    ) as { id: number } | undefined
    if (!row)
      report.warnings.push(
        `${item.place}: names ${kind === 'profile' ? 'a profile' : 'an MCP server'} "${ref}" that is not in its workspace; left unlinked`
      )
    return row?.id ?? null
  }
  const uid = randomUUID()
  const profileId = fields.profileRef === null ? null : resolve('profile', fields.profileRef)
  const servers = [...new Set(fields.mcpRefs)]
    .map((ref) => resolve('mcp_server', ref))
    .filter((id): id is number => id !== null)
  const id = insertAgent(
    db,
    {
      uid,
      workspaceId,
      name: fields.name,
      systemPrompt: fields.systemPrompt,
      profileId,
      extra: JSON.stringify(fields.extra),
      createdAt: fields.createdAt,
      updatedAt: fields.updatedAt
    },
    servers
  )
  putRefs(db, 'agent', id, lifted)
  return uid
}
