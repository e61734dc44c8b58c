// Verification: every legacy record of the backup must be in the store, in place, with the same content hash
// (records the user changed or deleted since are counted, not flagged), and the database must pass SQLite's checks.
import type { Db } from '../store/sqlite/database'
import {
  CONVERSATIONS_FILE,
  MCP_FILE,
  MODELS_FILE,
  recordPath,
  type LegacyFileName
} from '../legacy/legacy-files'
import type { SecretStore } from '../secrets/secret-store'
import { canonicalJson, contentHash } from '../store/canonical-json'
import { isPlainObject, type JsonValue } from '../store/record-codec'
import { readLegacyDocument } from './legacy-source'
import { rebuiltDocument } from './legacy-export'
import type { RebuiltRecord } from './legacy-rebuild'

export interface VerifyResult {
  ok: boolean
  discrepancies: string[]
  checked: { records: number; messages: number }
  changedByUser: number
}

const DELETION_KIND: Record<LegacyFileName, string> = {
  [CONVERSATIONS_FILE]: 'conversation',
  [MODELS_FILE]: 'profile',
  [MCP_FILE]: 'mcp_server'
}

function messageCount(value: JsonValue): number {
  return isPlainObject(value) && Array.isArray(value['messages']) ? value['messages'].length : 0
}

function deletedUids(db: Db, file: LegacyFileName): Set<string> {
  const rows = db.prepare('SELECT uid FROM deletions WHERE kind = ?').all(DELETION_KIND[file]) as {
    uid: string
  }[]
  return new Set(rows.map((r) => r.uid))
}

function sourceUid(value: JsonValue, mapKey: string | undefined): string | null {
  if (mapKey !== undefined) return mapKey
  return isPlainObject(value) && typeof value['id'] === 'string' ? value['id'] : null
}

async function verifyFile(
  db: Db,
  secrets: SecretStore,
  sourceDir: string,
  file: LegacyFileName,
  result: VerifyResult,
  onBytes: (bytes: number) => void
): Promise<number> {
  const source = readLegacyDocument(sourceDir, file)
  if (!source) return 0
  const rebuilt = await rebuiltDocument(db, secrets, file)
  if (!rebuilt) {
    result.discrepancies.push(`${file}: the store holds nothing from this file`)
    return source.bytes
  }
  const { info } = rebuilt
  const grew = source.shape !== info.shape && (source.shape === 'empty' || source.shape === 'raw')
  if (!grew) {
    if (info.shape !== source.shape || info.listKey !== source.listKey)
      result.discrepancies.push(`${file}: top-level shape differs (${source.shape} → ${info.shape})`)
    if (canonicalJson(info.topExtra) !== canonicalJson(source.topExtra))
      result.discrepancies.push(`${file}: top-level fields differ`)
    if (source.shape === 'raw' && canonicalJson(info.raw ?? null) !== canonicalJson(source.raw ?? null))
      result.discrepancies.push(`${file}: the document differs`)
  }
  const deleted = deletedUids(db, file)
  const iterator = (rebuilt.records as Iterable<RebuiltRecord>)[Symbol.iterator]()
  let next = iterator.next()
  const skipNew = (): void => {
    while (!next.done && next.value.userEdit === 'new') {
      result.changedByUser += 1
      next = iterator.next()
    }
  }
  for (const record of source.records) {
    onBytes(record.end)
    const path = recordPath(source, record)
    skipNew()
    const uid = sourceUid(record.value, record.mapKey)
    if (next.done || next.value.position !== record.position) {
      if (uid !== null && deleted.has(uid)) {
        result.changedByUser += 1
        continue
      }
      result.discrepancies.push(`${file} ${path}: missing from the store`)
      continue
    }
    const stored = next.value
    next = iterator.next()
    result.checked.records += 1
    result.checked.messages += messageCount(record.value)
    if (stored.userEdit === 'changed') {
      result.changedByUser += 1
      continue
    }
    if (messageCount(stored.value) !== messageCount(record.value)) {
      result.discrepancies.push(
        `${file} ${path}: ${messageCount(record.value)} messages in the source, ${messageCount(stored.value)} in the store`
      )
    } else if (contentHash(stored.value) !== contentHash(record.value)) {
      result.discrepancies.push(`${file} ${path}: content differs from the source`)
    }
  }
  skipNew()
  while (!next.done) {
    result.discrepancies.push(
      `${file}: the store has a record at position ${next.value.position} that the source does not`
    )
    next = iterator.next()
  }
  return source.bytes
}

export function sqliteChecks(db: Db): string[] {
  const problems: string[] = []
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[]
  if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok')
    problems.push(`database integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`)
  const fk = db.pragma('foreign_key_check') as unknown[]
  if (fk.length > 0) problems.push(`database foreign_key_check: ${fk.length} rows point at missing parents`)
  return problems
}

/** Compares the store with the legacy files in `sourceDir` (a backup). */
export async function verifyStore(
  db: Db,
  secrets: SecretStore,
  sourceDir: string,
  files: readonly LegacyFileName[],
  /** How far through the backup's bytes the comparison has got. */
  onBytes: (bytes: number) => void = () => {}
): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false,
    discrepancies: [],
    checked: { records: 0, messages: 0 },
    changedByUser: 0
  }
  result.discrepancies.push(...sqliteChecks(db))
  let passed = 0
  for (const file of files) {
    try {
      passed += await verifyFile(db, secrets, sourceDir, file, result, (bytes) => onBytes(passed + bytes))
    } catch (error) {
      result.discrepancies.push(`${file}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  result.ok = result.discrepancies.length === 0
  return result
}
