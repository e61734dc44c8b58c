// Moves models.json (profiles) and mcp_config.json (MCP servers) into the store. Secret values (the names
// shared/secret-policy calls secret: api_key, *_KEY, *_TOKEN, *_SECRET, *_AUTH, *PASSWORD*, *CREDENTIAL*, secret
// headers, …) go to the keychain first; the database keeps only a reference to each.
import type { Db } from '../store/sqlite/database'
import { MCP_FILE, MODELS_FILE, recordPath, type LegacyDocument } from '../legacy/legacy-files'
import { splitRecord, type FieldSpec, type JsonObject, type JsonValue } from '../base/record-codec'
import { MCP_FIELDS, MCP_LIST_FIELDS, PROFILE_FIELDS } from '../store/sqlite/record-specs'
import { liftSecrets, type LiftedSecret } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import type { QuarantineEntry } from '../../shared/types'
import { mcpServerProblem, profileProblem } from '../legacy/record-checks'
import { quarantineRecord, rawDocumentEntry, saveDocumentShape, toEntry } from './quarantine-writer'
import { faultAt } from '../base/fault-injection'

export interface ConfigImportResult {
  records: number
  secrets: number
  quarantined: QuarantineEntry[]
  warnings: string[]
}

interface TableSpec {
  table: 'profiles' | 'mcp_servers'
  ownerKind: 'profile' | 'mcp_server'
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

interface Prepared {
  kind: 'row' | 'quarantine'
  position: number
  mapKey: string | null
  path: string
  reason: string
  uid: string
  stripped: JsonValue
  secrets: (LiftedSecret & { account: string })[]
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
    return {
      kind: reason ? 'quarantine' : 'row',
      position: record.position,
      mapKey: record.mapKey ?? null,
      path,
      reason: reason ?? '',
      uid,
      stripped,
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

  const result: ConfigImportResult = { records: 0, secrets: 0, quarantined: [], warnings: [] }
  result.quarantined.push(...rawDocumentEntry(doc, spec.expected))
  const fields = spec.fields(doc)
  // Every row has the same columns: the spec's, plus uid, position and extra.
  const names = [...new Set([...fields.map((f) => f.column), 'uid', 'position', 'extra'])]
  const insertRow = db.prepare(
    `INSERT INTO ${spec.table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`
  )
  const insertRef = db.prepare(
    'INSERT OR REPLACE INTO secret_refs (account, owner_kind, owner_id, json_pointer, run_id) VALUES (?, ?, ?, ?, ?)'
  )
  db.transaction(() => {
    saveDocumentShape(db, doc)
    for (const item of prepared) {
      let ownerKind: string = spec.ownerKind
      let ownerId: number
      if (item.kind === 'quarantine') {
        const place = {
          file: doc.file,
          jsonPath: item.path,
          reason: item.reason,
          position: item.position,
          conversationId: null,
          mapKey: item.mapKey
        }
        ownerId = quarantineRecord(db, runId, place, item.stripped)
        ownerKind = 'quarantine'
        result.quarantined.push(toEntry(place))
      } else {
        const { columns, extra } = splitRecord(item.stripped as JsonObject, fields)
        ownerId = Number(
          insertRow.run({ ...columns, uid: item.uid, position: item.position, extra }).lastInsertRowid
        )
        result.records += 1
      }
      for (const secret of item.secrets)
        insertRef.run(secret.account, ownerKind, ownerId, secret.pointer, runId)
      result.secrets += item.secrets.length
    }
  })()
  return result
}

/** The app needs exactly one default profile; legacy files may mark none or several. Report what was found. */
function defaultProfileWarnings(db: Db): string[] {
  const flagged = db
    .prepare("SELECT uid FROM profiles WHERE is_default = 'true' ORDER BY position")
    .all() as { uid: string }[]
  const first = db.prepare('SELECT uid FROM profiles ORDER BY position LIMIT 1').get() as
    { uid: string } | undefined
  if (!first) return []
  const chosen = flagged[0]?.uid ?? first.uid
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('default_profile_id', ?)").run(chosen)
  if (flagged.length === 0)
    return [`${MODELS_FILE}: no profile was marked default; "${chosen}" (the first) is now the default.`]
  if (flagged.length > 1)
    return [
      `${MODELS_FILE}: ${flagged.length} profiles were marked default; "${chosen}" (the first of them) is now the default.`
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
