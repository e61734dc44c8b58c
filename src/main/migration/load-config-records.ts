// Moves models.json (profiles) and mcp_config.json (MCP servers) into the store. Secret values (the names
// shared/secret-policy calls secret: api_key, *_KEY, *_TOKEN, *_SECRET, *_AUTH, *PASSWORD*, *CREDENTIAL*, secret
// headers, …) go to the keychain first; the database keeps only a reference to each.
import type { Db } from '../store/sqlite/database'
import { MCP_FILE, MODELS_FILE, recordPath, type LegacyDocument } from '../legacy/legacy-files'
import type { FieldSpec, JsonObject, JsonValue } from '../base/record-codec'
import { MCP_FIELDS, MCP_LIST_FIELDS, PROFILE_FIELDS } from '../store/sqlite/record-specs'
import {
  chooseDefaultProfile,
  writeConfigRecords,
  type ConfigTable,
  type StagedConfigRecord
} from '../store/sqlite/staging/config-rows'
import { liftSecrets, type LiftedSecret } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import type { QuarantineEntry } from '../../shared/types'
import { mcpServerProblem, profileProblem } from '../legacy/record-checks'
import { rawDocumentEntry, toEntry } from './quarantine-entries'
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
  expected: '{"servers": [...]} or {"mcpServers": {...}}',
  fields: (doc) => (doc.shape === 'map' ? MCP_FIELDS : MCP_LIST_FIELDS),
  problem: mcpServerProblem
}

/** A record ready for the store, with the values of its secrets for the keychain. */
interface Prepared extends StagedConfigRecord {
  readonly secrets: (LiftedSecret & { account: string })[]
}

async function importConfigDocument(
  db: Db,
  doc: LegacyDocument,
  spec: TableSpec,
  secrets: SecretStore,
  runId: string
): Promise<ConfigImportResult> {
  const seen = new Map<string, string>()
  const prepared: Prepared[] = [...doc.records].map((record) => {
    const path = recordPath(doc, record)
    const reason = spec.problem(record.value, seen, path, record.mapKey)
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
          mapKey: record.mapKey ?? null
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

  const totals = writeConfigRecords(db, spec, spec.fields(doc), doc, prepared, runId)
  return {
    records: totals.rows,
    secrets: totals.secretRefs,
    quarantined: [
      ...rawDocumentEntry(doc, spec.expected),
      ...setAsideDamage(db, runId, doc),
      ...prepared.flatMap((item) => (item.quarantine ? [toEntry(item.quarantine)] : []))
    ],
    warnings: []
  }
}

/** The app needs exactly one default profile; legacy files may mark none or several. Report what was found. */
function defaultProfileWarnings(db: Db): string[] {
  const chosen = chooseDefaultProfile(db)
  if (!chosen) return []
  if (chosen.marked === 0)
    return [`${MODELS_FILE}: no profile was marked default; "${chosen.uid}" (the first) is now the default.`]
  if (chosen.marked > 1)
    return [
      `${MODELS_FILE}: ${chosen.marked} profiles were marked default; "${chosen.uid}" (the first of them) is now the default.`
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
      "SELECT uid FROM profiles p WHERE NOT EXISTS (SELECT 1 FROM secret_refs s WHERE s.owner_kind = 'profile' AND s.owner_id = p.id)"
    )
    .all() as { uid: string }[]
  for (const { uid } of noKey)
    result.warnings.push(
      `${MODELS_FILE}: profile "${uid}" has no API key; add one in Profiles before using it.`
    )
  return result
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
