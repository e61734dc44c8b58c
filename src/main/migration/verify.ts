// Verification: every legacy record of the backup must be in the store, in place, with the same content hash
// (records the user changed or deleted since are counted, not flagged), and the database must pass SQLite's checks.
import type { Db } from '../store/sqlite/database'
import {
  CONVERSATIONS_FILE,
  holdsConversations,
  MCP_FILE,
  MODELS_FILE,
  type LegacyFileName,
  type LegacySourceFile
} from '../legacy/legacy-files'
import type { SecretStore } from '../secrets/secret-store'
import { canonicalJson, contentHash } from '../base/canonical-json'
import { messageCount, readLegacyDocument } from '../legacy/legacy-source'
import { streamedDigests, type DigestSource } from './source-digests'
import { hasSetAside } from '../store/sqlite/staging/quarantine-rows'
import { rebuiltDocument } from '../store/sqlite/legacy-export'
import type { RebuiltRecord } from '../store/sqlite/legacy-rebuild'

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

function deletedUids(db: Db, file: LegacySourceFile): Set<string> {
  const kind = DELETION_KIND[holdsConversations(file) ? CONVERSATIONS_FILE : (file as LegacyFileName)]
  const rows = db.prepare('SELECT uid FROM deletions WHERE kind = ?').all(kind) as {
    uid: string
  }[]
  return new Set(rows.map((r) => r.uid))
}

async function verifyFile(
  db: Db,
  secrets: SecretStore,
  file: LegacySourceFile,
  { doc: source, digests }: DigestSource,
  result: VerifyResult,
  onBytes: (bytes: number) => void
): Promise<void> {
  const rebuilt = await rebuiltDocument(db, secrets, file)
  if (!rebuilt) {
    result.discrepancies.push(`${file}: the store holds nothing from this file`)
    return
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
  for (const digest of digests) {
    onBytes(digest.end)
    const path = digest.path
    skipNew()
    if (next.done || next.value.position !== digest.position) {
      if (digest.uid !== null && deleted.has(digest.uid)) {
        result.changedByUser += 1
        continue
      }
      result.discrepancies.push(`${file} ${path}: missing from the store`)
      continue
    }
    const stored = next.value
    next = iterator.next()
    result.checked.records += 1
    result.checked.messages += digest.messages
    if (stored.userEdit === 'changed') {
      result.changedByUser += 1
      continue
    }
    if (messageCount(stored.value) !== digest.messages) {
      result.discrepancies.push(
        `${file} ${path}: ${digest.messages} messages in the source, ${messageCount(stored.value)} in the store`
      )
    } else if (contentHash(stored.value) !== digest.hash) {
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

export interface VerifyOptions {
  /** How far through the source bytes the comparison has got. */
  onBytes?: (bytes: number) => void
  /** Digests the import kept, per file: those files are not read again. */
  digests?: Partial<Record<LegacySourceFile, DigestSource>>
  /** Run SQLite's integrity and foreign-key checks (default true; a caller may run them itself later). */
  sqliteChecks?: boolean
}

/** Compares the store with the legacy files in `sourceDir` (a backup). */
export async function verifyStore(
  db: Db,
  secrets: SecretStore,
  sourceDir: string,
  files: readonly LegacySourceFile[],
  options: VerifyOptions = {}
): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false,
    discrepancies: [],
    checked: { records: 0, messages: 0 },
    changedByUser: 0
  }
  if (options.sqliteChecks !== false) result.discrepancies.push(...sqliteChecks(db))
  let passed = 0
  for (const file of files) {
    try {
      const kept = options.digests?.[file]
      // A file the migration salvaged is read the same way again: its kept records, its damage set aside.
      const doc = kept ? null : readLegacyDocument(sourceDir, file, null, hasSetAside(db, file))
      const source = kept ?? (doc ? streamedDigests(doc) : null)
      if (!source) continue
      await verifyFile(db, secrets, file, source, result, (bytes) => options.onBytes?.(passed + bytes))
      passed += source.doc.bytes
    } catch (error) {
      result.discrepancies.push(`${file}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  result.ok = result.discrepancies.length === 0
  return result
}
