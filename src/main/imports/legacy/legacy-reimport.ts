// "Import the old app's newer data": legacy files that reappear in a migrated folder (the old app ran again) are read
// (never changed or retired) and each record that the store does not hold as it is, by id and content hash, is added
// as an import run of kind 'legacy' with its own rollback. A changed record is added beside the current one (the store
// keeps both), a record already added by an earlier run is not added again.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contentHash } from '../../base/canonical-json'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { safeStringify } from '../../base/safe-json'
import { holdsConversations, MCP_FILE, recordPath, type LegacySourceFile } from '../../legacy/legacy-files'
import { readLegacyDocument } from '../../legacy/legacy-source'
import { presentLegacyFiles } from '../../migration/detect-state'
import { exportLegacyFiles } from '../../store/sqlite/legacy-export'
import { insertConversation, writeConfigRecord } from '../../store/sqlite/import-writes/imported-rows'
import type { Db } from '../../store/sqlite/database'
import { backupBeforeImport } from '../import-backup'
import { runIntegrityChecks } from '../import-integrity'
import { emptyCounts, ImportRun, type ActionCounts, type TargetKind } from '../import-run'
import type { ImportStore } from '../import-store'
import { discardSecrets, prepareConfigRecord, type PreparedConfigRecord } from '../imported-records'
import { findMapping, mappingsOfSource, saveMapping } from '../legacy-id-map'

/** The legacy_id_map source of this import: record ids are `<file>#<id>`, files are `<file>` with their sha256. */
export const LEGACY_REIMPORT_SOURCE = 'legacy'

export interface LegacyReimportReport {
  runId: string | null
  dryRun: boolean
  files: string[]
  counts: ActionCounts
  /** What was (or would be) added: file, JSON path, and whether it is new or changed. */
  added: { file: string; jsonPath: string; why: 'new' | 'changed' }[]
}

interface Candidate {
  file: LegacySourceFile
  jsonPath: string
  key: string
  value: JsonValue
  hash: string
  kind: 'conversation' | 'profile' | 'mcp_server'
  why: 'new' | 'changed'
}

function fileSha(dataDir: string, file: string): string {
  return createHash('sha256')
    .update(readFileSync(join(dataDir, file)))
    .digest('hex')
}

function kindOf(file: LegacySourceFile): Candidate['kind'] {
  if (holdsConversations(file)) return 'conversation'
  return file === MCP_FILE ? 'mcp_server' : 'profile'
}

/** The legacy files present whose bytes differ from the last legacy import of them (or that none has read yet). */
export function newerLegacyFiles(db: Db, dataDir: string): LegacySourceFile[] {
  const seen = new Map(
    mappingsOfSource(db, LEGACY_REIMPORT_SOURCE)
      .filter((m) => m.targetKind === 'file')
      .map((m) => [m.legacyId, m.contentHash])
  )
  return presentLegacyFiles(dataDir).filter((file) => seen.get(file) !== fileSha(dataDir, file))
}

/**
 * The records of the reappeared files the store does not hold as they are, in file order. The store's side is its
 * export (the files `personal-agent export` writes, JSON-equal to what was migrated plus later changes), in a private
 * temporary folder removed at once: it holds keys in plain text.
 */
async function candidates(store: ImportStore, files: readonly LegacySourceFile[]): Promise<Candidate[]> {
  const exported = mkdtempSync(join(tmpdir(), 'pa-legacy-store-'))
  try {
    await exportLegacyFiles(store.db, store.secrets, exported, files)
    return files.flatMap((file) => changedRecords(store.dataDir, exported, file))
  } finally {
    rmSync(exported, { recursive: true, force: true })
  }
}

function changedRecords(dataDir: string, exported: string, file: LegacySourceFile): Candidate[] {
  const doc = readLegacyDocument(dataDir, file)
  if (!doc) return []
  // Keys (ids repeat in a file with a duplicate) and the hashes of every record the store gives back.
  const storedKeys = new Set<string>()
  const hashes = new Set<string>()
  for (const record of readLegacyDocument(exported, file)?.records ?? []) {
    storedKeys.add(recordKey(record.mapKey ?? null, record.value, record.position))
    hashes.add(contentHash(record.value))
  }
  const found: Candidate[] = []
  for (const record of doc.records) {
    const key = recordKey(record.mapKey ?? null, record.value, record.position)
    const hash = contentHash(record.value)
    if (hashes.has(hash)) continue
    found.push({
      file,
      jsonPath: recordPath(doc, record),
      key,
      value: record.value,
      hash,
      kind: kindOf(file),
      why: storedKeys.has(key) ? 'changed' : 'new'
    })
  }
  return found
}

/** A record's name: its map key, else its id, else its place in the file. */
function recordKey(mapKey: string | null, value: JsonValue, position: number): string {
  if (mapKey !== null) return mapKey
  return isPlainObject(value) && typeof value['id'] === 'string' ? value['id'] : `#${position}`
}

function conversationParts(value: JsonObject): { record: JsonObject; messages: JsonObject[] } | null {
  const list = value['messages'] ?? []
  if (!Array.isArray(list) || !list.every(isPlainObject)) return null
  const record = Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'messages'))
  return { record, messages: list as JsonObject[] }
}

export async function importLegacyData(
  store: ImportStore,
  options: { dryRun?: boolean } = {}
): Promise<LegacyReimportReport> {
  const { db, secrets, dataDir } = store
  const files = presentLegacyFiles(dataDir)
  const todo = (await candidates(store, files)).filter((c) => {
    const mapping = findMapping(db, LEGACY_REIMPORT_SOURCE, `${c.file}#${c.key}`, c.kind)
    return mapping?.contentHash !== c.hash
  })
  const report: LegacyReimportReport = {
    runId: null,
    dryRun: options.dryRun === true,
    files,
    counts: emptyCounts(),
    added: []
  }
  for (const c of todo) report.added.push({ file: c.file, jsonPath: c.jsonPath, why: c.why })
  if (options.dryRun) {
    report.counts.created = todo.length
    return report
  }
  const run = ImportRun.start(db, secrets, 'legacy', files.join(', '))
  report.runId = run.id
  const prepared = new Map<Candidate, PreparedConfigRecord>()
  try {
    await backupBeforeImport(store, run.id, null)
    for (const c of todo)
      if (c.kind !== 'conversation' && isPlainObject(c.value))
        prepared.set(
          c,
          await prepareConfigRecord(secrets, c.kind === 'profile' ? 'profiles' : 'mcp_servers', c.value)
        )
    // What will be set aside may hold a key: the sealing key is made ready before the transaction.
    await run.prepareQuarantined(
      todo
        .filter((c) => !usable(c))
        .map((c) => ({
          sourcePath: join(dataDir, c.file),
          sourceKey: c.jsonPath,
          raw: safeStringify(c.value)
        }))
    )
    db.transaction(() => {
      for (const c of todo) {
        const base = { sourcePath: join(dataDir, c.file), sourceKey: c.jsonPath, contentHash: c.hash }
        const uid = write(db, c, prepared.get(c))
        if (uid === null) {
          run.record({
            ...base,
            action: 'quarantined',
            raw: safeStringify(c.value),
            message: `not a ${c.kind.replace('_', ' ')} this app can use; kept here, and still in ${c.file}`
          })
          continue
        }
        const targetKind: TargetKind = c.kind
        run.record({ ...base, action: 'created', targetKind, targetUid: uid, message: c.why })
        saveMapping(db, {
          source: LEGACY_REIMPORT_SOURCE,
          legacyId: `${c.file}#${c.key}`,
          targetKind,
          targetUid: uid,
          contentHash: c.hash,
          runId: run.id
        })
      }
      for (const file of files)
        saveMapping(db, {
          source: LEGACY_REIMPORT_SOURCE,
          legacyId: file,
          targetKind: 'file',
          targetUid: file,
          contentHash: fileSha(dataDir, file),
          runId: run.id
        })
    }).immediate()
    report.counts = run.counts()
    run.finish({ ...report, integrity: runIntegrityChecks(db, run.id) })
    return report
  } catch (error) {
    for (const record of prepared.values()) await discardSecrets(secrets, record)
    run.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
}

/** Whether a record can be added: an object of its kind (else it is recorded as quarantined). */
function usable(c: Candidate): boolean {
  if (!isPlainObject(c.value)) return false
  return c.kind !== 'conversation' || conversationParts(c.value) !== null
}

/** Writes one added record; null when it is not an object of its kind (it is recorded as quarantined instead). */
function write(db: Db, c: Candidate, config: PreparedConfigRecord | undefined): string | null {
  if (!isPlainObject(c.value)) return null
  if (c.kind !== 'conversation')
    return config
      ? writeConfigRecord(db, config, { workspaceId: null, source: LEGACY_REIMPORT_SOURCE }).uid
      : null
  const parts = conversationParts(c.value)
  return parts ? insertConversation(db, { ...parts, workspaceId: null }).uid : null
}
