// Moves models.json (profiles) and mcp_config.json (MCP servers) into the store. Secret values (the names
// shared/secret-policy calls secret: api_key, *_KEY, *_TOKEN, *_SECRET, *_AUTH, *PASSWORD*, *CREDENTIAL*, secret
// headers, …) go to the keychain first; the database keeps only a reference to each.
import type { Db } from '../store/sqlite/database'
import {
  MCP_FILE,
  MODELS_FILE,
  recordPath,
  type LegacyDocument,
  type LegacyRecord
} from '../legacy/legacy-files'
import { isPlainObject, type FieldSpec, type JsonObject, type JsonValue } from '../base/record-codec'
import { MCP_FIELDS, MCP_LIST_FIELDS, PROFILE_FIELDS } from '../store/sqlite/record-specs'
import {
  chooseDefaultProfile,
  writeConfigRecords,
  type ConfigTable,
  type StagedConfigRecord
} from '../store/sqlite/staging/config-rows'
import { liftSecrets, type LiftedSecret } from '../secrets/secret-fields'
import { TextSealer } from '../secrets/sealed-text'
import { documentSetAside } from '../store/sqlite/staging/quarantine-rows'
import { safeStringify } from '../base/safe-json'
import { rawNumberText } from '../base/json-text'
import type { SecretStore } from '../secrets/secret-store'
import type { QuarantineEntry } from '../../shared/types'
import { mcpServerProblem, profileProblem } from '../legacy/record-checks'
import { rawDocumentEntry, recordNames, toEntry } from './quarantine-entries'
import { setAsideDamage } from './set-aside'
import { faultAt } from '../base/fault-injection'

export interface ConfigImportResult {
  records: number
  secrets: number
  quarantined: QuarantineEntry[]
  warnings: string[]
}

interface TableSpec extends ConfigTable {
  /** What the file should hold, for the report when it holds no record list. */
  expected: string
  fields: (doc: LegacyDocument) => readonly FieldSpec[]
  problem: (value: JsonValue, seen: Map<string, string>, path: string, mapKey?: string) => string | null
}

const PROFILES: TableSpec = {
  table: 'profiles',
  ownerKind: 'profile',
  expected: '{"profiles": [...]} or a list of profiles',
  fields: () => PROFILE_FIELDS,
  problem: profileProblem
}

const MCP_SERVERS: TableSpec = {
  table: 'mcp_servers',
  ownerKind: 'mcp_server',
  expected: '{"servers": [...]}, {"servers": {...}} or {"mcpServers": {...}}',
  fields: (doc) => (doc.shape === 'map' ? MCP_FIELDS : MCP_LIST_FIELDS),
  problem: mcpServerProblem
}

/** A record ready for the store, with the values of its secrets for the keychain. */
interface Prepared extends StagedConfigRecord {
  readonly secrets: (LiftedSecret & { account: string })[]
}

/** Each record of the file with its JSON path and, when it is set aside, why (the checks the import goes by). */
function checkedRecords(
  doc: LegacyDocument,
  spec: TableSpec
): { record: LegacyRecord; path: string; reason: string | null }[] {
  const seen = new Map<string, string>()
  return [...doc.records].map((record) => {
    const path = recordPath(doc, record)
    return { record, path, reason: spec.problem(record.value, seen, path, record.mapKey) }
  })
}

/**
 * What the import of models.json or mcp_config.json will keep and set aside, without writing anything (a dry run
 * announces the same counts as the run).
 */
/** The title (or name) and id the report names a set-aside record by; a map's key is its id. */
function namesOf(record: LegacyRecord): { title?: string; id?: string } {
  return { ...recordNames(record.value), ...(record.mapKey ? { id: record.mapKey } : {}) }
}

export function configRecordCensus(doc: LegacyDocument): { kept: number; setAside: QuarantineEntry[] } {
  const spec = doc.file === MCP_FILE ? MCP_SERVERS : PROFILES
  const checked = checkedRecords(doc, spec)
  return {
    kept: checked.filter((item) => item.reason === null).length,
    setAside: [
      ...rawDocumentEntry(doc, spec.expected),
      ...checked.flatMap(({ record, path, reason }) =>
        reason === null ? [] : [{ file: doc.file, jsonPath: path, reason, ...namesOf(record) }]
      )
    ]
  }
}

async function importConfigDocument(
  db: Db,
  doc: LegacyDocument,
  spec: TableSpec,
  secrets: SecretStore,
  runId: string
): Promise<ConfigImportResult> {
  const prepared: Prepared[] = checkedRecords(doc, spec).map(({ record, path, reason }) => {
    const { stripped, secrets: lifted } = liftSecrets(record.value)
    const uid = record.mapKey ?? String((record.value as JsonObject)['id'] ?? '')
    const owner = reason ? `quarantine/${doc.file}/${record.position}` : `${spec.ownerKind}/${uid}`
    const quarantine = reason
      ? {
          file: doc.file,
          jsonPath: path,
          reason,
          position: record.position,
          conversationId: null,
          mapKey: record.mapKey ?? null,
          ...namesOf(record)
        }
      : null
    return {
      quarantine,
      position: record.position,
      uid,
      value: stripped,
      secrets: lifted.map((s) => ({ ...s, account: secrets.account(`${owner}${s.pointer}`) }))
    }
  })

  // Keys first: if the keychain fails, nothing in the database points at a missing key.
  for (const item of prepared) {
    for (const secret of item.secrets) {
      await secrets.set(secret.account, secret.value)
      faultAt('keychain-writes')
    }
  }

  // A document kept whole, or a quarantined record, that still holds a secret is stored sealed.
  const sealer = new TextSealer(secrets)
  await sealer.prepare([
    ...documentSetAside(doc),
    ...prepared.flatMap((item) => (item.quarantine ? [{ text: safeStringify(item.value) }] : []))
  ])
  const totals = writeConfigRecords(db, spec, spec.fields(doc), doc, prepared, runId, sealer)
  const damaged = await setAsideDamage(db, runId, doc, sealer)
  return {
    records: totals.rows,
    secrets: totals.secretRefs,
    quarantined: [
      ...rawDocumentEntry(doc, spec.expected),
      ...damaged,
      ...prepared.flatMap((item) => (item.quarantine ? [toEntry(item.quarantine)] : []))
    ],
    warnings: []
  }
}

/** A profile as the report names it: "Name" (id), or "id" when it has no name. */
function profileLabel(name: string | null, uid: string): string {
  return name && name.trim() !== '' && name !== uid ? `"${name}" (${uid})` : `"${uid}"`
}

/** The app needs exactly one default profile; legacy files may mark none or several. Report what was found. */
function defaultProfileWarnings(db: Db): string[] {
  const chosen = chooseDefaultProfile(db)
  if (!chosen) return []
  const { name } = (db.prepare('SELECT name FROM profiles WHERE uid = ?').get(chosen.uid) as
    { name: string | null } | undefined) ?? { name: null }
  const label = profileLabel(name, chosen.uid)
  if (chosen.marked === 0)
    return [`${MODELS_FILE}: no profile was marked default; ${label} (the first) is now the default.`]
  if (chosen.marked > 1)
    return [
      `${MODELS_FILE}: ${chosen.marked} profiles were marked default; ${label} (the first of them) is now the default.`
    ]
  return []
}

export async function importProfiles(
  db: Db,
  doc: LegacyDocument,
  secrets: SecretStore,
  runId: string
): Promise<ConfigImportResult> {
  const result = await importConfigDocument(db, doc, PROFILES, secrets, runId)
  result.warnings.push(...defaultProfileWarnings(db))
  const noKey = db
    .prepare(
      "SELECT uid, name FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM secret_refs s WHERE s.owner_kind = 'profile' AND s.owner_id = p.id) ORDER BY p.position"
    )
    .all() as { uid: string; name: string | null }[]
  const keys = new Map<string, JsonValue | undefined>()
  for (const record of doc.records) {
    const value = record.value
    if (isPlainObject(value) && typeof value['id'] === 'string' && !keys.has(value['id']))
      keys.set(value['id'], value['api_key'])
  }
  for (const { uid, name } of noKey)
    result.warnings.push(`${MODELS_FILE}: profile ${profileLabel(name, uid)}${keyNote(keys.get(uid))}`)
  return result
}

/**
 * What a profile without a key in the keychain holds instead: nothing (missing, null or empty), or a value that is
 * not a key (a number, an object…), which stays in the store as it was.
 */
function keyNote(apiKey: JsonValue | undefined): string {
  if (apiKey === undefined || apiKey === null || (typeof apiKey === 'string' && apiKey.trim() === ''))
    return ' has no API key; add one in Profiles before using it.'
  const kind = Array.isArray(apiKey)
    ? 'a list'
    : rawNumberText(apiKey) !== null
      ? 'a number'
      : typeof apiKey === 'object'
        ? 'an object'
        : `a ${typeof apiKey}`
  return `: api_key is ${kind}; kept as it is, not moved to the keychain. Add a key in Profiles before using it.`
}

export async function importMcpServers(
  db: Db,
  doc: LegacyDocument,
  secrets: SecretStore,
  runId: string
): Promise<ConfigImportResult> {
  if (doc.file !== MCP_FILE) throw new Error(`unexpected file ${doc.file}`)
  return importConfigDocument(db, doc, MCP_SERVERS, secrets, runId)
}
