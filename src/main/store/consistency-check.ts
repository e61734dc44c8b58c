// The consistency checker: compares the legacy JSON files of a data folder (the hybrid mirror, or files written
// by an older app) with the SQLite store record by record, naming the fields that differ but never their values.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import type { ConsistencyKindReport, ConsistencyReport } from '../../shared/types'
import {
  CONVERSATIONS_FILE,
  LEGACY_FILES,
  MCP_FILE,
  MODELS_FILE,
  type LegacyFileName
} from '../legacy/legacy-files'
import { dataPaths } from '../base/data-paths'
import { rebuiltDocument } from './sqlite/legacy-export'
import { readLegacyDocument } from '../legacy/legacy-source'
import type { SecretStore } from '../secrets/secret-store'
import { contentHash } from '../base/canonical-json'
import { isPlainObject, type JsonValue } from '../base/record-codec'
import { openDatabase, type Db } from './sqlite/database'
import { StoreStats } from './store-stats'

const KIND: Record<LegacyFileName, string> = {
  [CONVERSATIONS_FILE]: 'conversations',
  [MODELS_FILE]: 'profiles',
  [MCP_FILE]: 'mcp_servers'
}

interface Keyed {
  mapKey?: string | null
  value: JsonValue
}

/**
 * Names records by their map key, else their id (a repeated id gets ` (2)`, ` (3)`… in order); a record with
 * neither is named by its place among such records (`#0`, `#1`…), so adding or removing others does not rename it.
 */
class RecordKeys {
  private unnamed = 0
  private readonly seen = new Map<string, number>()

  key(record: Keyed): string {
    let name: string | null = record.mapKey ?? null
    if (name === null && isPlainObject(record.value) && typeof record.value.id === 'string')
      name = record.value.id
    if (name === null) return `#${this.unnamed++}`
    const times = (this.seen.get(name) ?? 0) + 1
    this.seen.set(name, times)
    return times === 1 ? name : `${name} (${times})`
  }
}

/** A hash of each top-level field (a record that is not an object is one field, `(record)`). */
function fieldHashes(value: JsonValue): Map<string, string> {
  if (!isPlainObject(value)) return new Map([['(record)', contentHash(value)]])
  return new Map(Object.entries(value).map(([key, item]) => [key, contentHash(item)]))
}

function differingFields(a: Map<string, string>, b: Map<string, string>): string[] {
  const fields = new Set([...a.keys(), ...b.keys()])
  return [...fields].filter((field) => a.get(field) !== b.get(field)).sort()
}

async function checkFile(
  dataDir: string,
  db: Db,
  secrets: SecretStore,
  file: LegacyFileName
): Promise<ConsistencyKindReport> {
  const report: ConsistencyKindReport = {
    kind: KIND[file],
    file,
    sqliteTotal: 0,
    jsonTotal: 0,
    consistent: 0,
    inconsistent: [],
    onlyInSqlite: [],
    onlyInJson: []
  }
  const jsonSide = new Map<string, Map<string, string>>()
  const doc = existsSync(join(dataDir, file)) ? readLegacyDocument(dataDir, file) : null
  const jsonKeys = new RecordKeys()
  for (const record of doc?.records ?? []) {
    jsonSide.set(jsonKeys.key(record), fieldHashes(record.value))
    report.jsonTotal += 1
  }
  const rebuilt = await rebuiltDocument(db, secrets, file)
  const sqliteKeys = new RecordKeys()
  for (const record of rebuilt?.records ?? []) {
    const key = sqliteKeys.key(record)
    report.sqliteTotal += 1
    const other = jsonSide.get(key)
    if (!other) {
      report.onlyInSqlite.push(key)
      continue
    }
    jsonSide.delete(key)
    const fields = differingFields(fieldHashes(record.value), other)
    if (fields.length === 0) report.consistent += 1
    else report.inconsistent.push({ id: key, fields })
  }
  report.onlyInJson = [...jsonSide.keys()]
  return report
}

/** Compares every legacy file with the store and counts the check (and a failure) in the storage counters. */
export async function checkConsistency(
  dataDir: string,
  db: Db,
  secrets: SecretStore,
  stats: StoreStats
): Promise<ConsistencyReport> {
  const kinds: ConsistencyKindReport[] = []
  for (const file of LEGACY_FILES) kinds.push(await checkFile(dataDir, db, secrets, file))
  const ok = kinds.every(
    (k) => k.inconsistent.length === 0 && k.onlyInSqlite.length === 0 && k.onlyInJson.length === 0
  )
  stats.consistencyCheck(!ok)
  stats.save()
  return { ok, checkedAt: new Date().toISOString(), kinds }
}

/** The same for a data folder: its store opened read-only for the comparison (the app may have it open too). */
export async function checkFolderConsistency(
  dataDir: string,
  secrets: SecretStore
): Promise<ConsistencyReport> {
  const dbPath = dataPaths(dataDir).db
  if (!existsSync(dbPath))
    throw new UserError(
      'WRONG_STATE',
      `There is no SQLite store in ${dataDir} to compare the JSON files with (it runs on the json backend, or was never migrated). Migrate first: "Migrate now" in Settings, or "personal-agent migrate".`
    )
  const db = openDatabase(dbPath, { readonly: true })
  try {
    return await checkConsistency(dataDir, db, secrets, new StoreStats(dataDir))
  } finally {
    db.close()
  }
}

/** One line per kind, for the CLI and the log: totals and counts, never values. */
export function consistencyLines(report: ConsistencyReport): string[] {
  return report.kinds.map((k) => {
    const first = k.inconsistent[0]
    const detail = first ? ` (first: ${first.id}: ${first.fields.join(', ')})` : ''
    return `${k.kind}: SQLite ${k.sqliteTotal}, JSON ${k.jsonTotal}; consistent ${k.consistent}, inconsistent ${k.inconsistent.length}${detail}, only in SQLite ${k.onlyInSqlite.length}, only in JSON ${k.onlyInJson.length}`
  })
}
