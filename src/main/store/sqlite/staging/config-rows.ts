// Writes the records of models.json and mcp_config.json into the staging database, one transaction per file: each
// a row of profiles or mcp_servers (or a quarantined record at its place) with references to its keychain secrets;
// and the default profile chosen after the load.
import { splitRecord, type FieldSpec, type JsonObject, type JsonValue } from '../../../base/record-codec'
import type { LegacyDocument } from '../../../legacy/legacy-files'
import type { Db } from '../database'
import { stmt } from '../store-changes'
import { quarantineRecord, saveDocumentShape, type QuarantinePlace } from './quarantine-rows'
import type { TextSealer } from '../../../secrets/sealed-text'

/** The table a file's records go to, and the owner kind its rows' secret references carry. */
export interface ConfigTable {
  table: 'profiles' | 'mcp_servers'
  ownerKind: 'profile' | 'mcp_server'
}

/** A secret already in the keychain under `account`, found at `pointer` in its record. */
export interface StagedSecretRef {
  readonly account: string
  readonly pointer: string
}

export interface StagedConfigRecord {
  /** Where the record is quarantined; null: it becomes a row of the table. */
  readonly quarantine: QuarantinePlace | null
  readonly uid: string
  readonly position: number
  /** The record with its secret values taken out. */
  readonly value: JsonValue
  readonly secrets: readonly StagedSecretRef[]
}

export interface ConfigTotals {
  rows: number
  secretRefs: number
}

const INSERT_SECRET_REF =
  'INSERT OR REPLACE INTO secret_refs (account, owner_kind, owner_id, json_pointer, run_id) VALUES (?, ?, ?, ?, ?)'

/**
 * Writes a file's document shape and its records in order; a row's columns are the `fields` it has (the rest of
 * the record goes to extra), plus uid and position.
 */
export function writeConfigRecords(
  db: Db,
  target: ConfigTable,
  fields: readonly FieldSpec[],
  doc: LegacyDocument,
  records: readonly StagedConfigRecord[],
  runId: string,
  sealer: TextSealer
): ConfigTotals {
  // Every row has the same columns: the spec's, plus uid, position and extra.
  const names = [...new Set([...fields.map((f) => f.column), 'uid', 'position', 'extra'])]
  const insertRow = stmt(
    db,
    `INSERT INTO ${target.table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`
  )
  const insertRef = stmt(db, INSERT_SECRET_REF)
  const totals: ConfigTotals = { rows: 0, secretRefs: 0 }
  db.transaction(() => {
    saveDocumentShape(db, doc, sealer)
    for (const record of records) {
      let ownerKind: string = target.ownerKind
      let ownerId: number
      if (record.quarantine) {
        ownerId = quarantineRecord(db, runId, record.quarantine, record.value, sealer)
        ownerKind = 'quarantine'
      } else {
        const { columns, extra } = splitRecord(record.value as JsonObject, fields)
        ownerId = Number(
          insertRow.run({ ...columns, uid: record.uid, position: record.position, extra }).lastInsertRowid
        )
        totals.rows += 1
      }
      for (const secret of record.secrets)
        insertRef.run(secret.account, ownerKind, ownerId, secret.pointer, runId)
      totals.secretRefs += record.secrets.length
    }
  })()
  return totals
}

/**
 * Makes the first profile marked default the default one (the first profile when none is marked) and saves the
 * choice; returns it with how many profiles were marked, or null when there is no profile.
 */
export function chooseDefaultProfile(db: Db): { uid: string; marked: number } | null {
  const marked = db.prepare("SELECT uid FROM profiles WHERE is_default = 'true' ORDER BY position").all() as {
    uid: string
  }[]
  const first = db.prepare('SELECT uid FROM profiles ORDER BY position LIMIT 1').get() as
    { uid: string } | undefined
  if (!first) return null
  const uid = marked[0]?.uid ?? first.uid
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('default_profile_id', ?)").run(uid)
  return { uid, marked: marked.length }
}
