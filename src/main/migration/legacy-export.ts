// Writes the store back out as legacy files (conversations.json, models.json, mcp_config.json), each atomically,
// streaming conversations record by record. Used by `export` and by a rollback that keeps post-migration data.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../store/sqlite/database'
import {
  CONVERSATIONS_FILE,
  LEGACY_FILES,
  MCP_FILE,
  MODELS_FILE,
  type LegacyFileName
} from '../legacy/legacy-files'
import type { SecretStore } from '../secrets/secret-store'
import { writeFileAtomic } from '../fs/atomic-write'
import { safeStringify } from '../store/safe-json'
import {
  configRecords,
  conversationRecords,
  documentInfo,
  type DocumentInfo,
  type RebuiltRecord
} from './legacy-rebuild'

export function* documentChunks(info: DocumentInfo, records: Iterable<RebuiltRecord>): Generator<string> {
  if (info.shape === 'empty') return
  if (info.shape === 'raw') {
    yield safeStringify(info.raw ?? null)
    return
  }
  if (info.shape === 'array') {
    yield '['
    let first = true
    for (const record of records) {
      yield (first ? '\n' : ',\n') + safeStringify(record.value)
      first = false
    }
    yield '\n]\n'
    return
  }
  yield '{'
  for (const [key, value] of Object.entries(info.topExtra))
    yield `${JSON.stringify(key)}:${safeStringify(value)},`
  yield `${JSON.stringify(info.listKey)}:${info.shape === 'map' ? '{' : '['}`
  let first = true
  for (const record of records) {
    const item =
      info.shape === 'map'
        ? `${JSON.stringify(record.mapKey)}:${safeStringify(record.value)}`
        : safeStringify(record.value)
    yield (first ? '\n' : ',\n') + item
    first = false
  }
  yield info.shape === 'map' ? '\n}}\n' : '\n]}\n'
}

/** Records of one file from the store, in legacy order; null when the store holds nothing for it. */
export async function rebuiltDocument(
  db: Db,
  secrets: SecretStore,
  file: LegacyFileName
): Promise<{ info: DocumentInfo; records: Iterable<RebuiltRecord> } | null> {
  const info = documentInfo(db, file)
  if (!info) return null
  const records =
    file === CONVERSATIONS_FILE
      ? conversationRecords(db)
      : await configRecords(db, file as typeof MODELS_FILE | typeof MCP_FILE, secrets, info.shape)
  return { info, records }
}

/** Writes the legacy files to `outDir` (0600) and returns the names written. */
export async function exportLegacyFiles(
  db: Db,
  secrets: SecretStore,
  outDir: string,
  files: readonly LegacyFileName[] = LEGACY_FILES
): Promise<LegacyFileName[]> {
  mkdirSync(outDir, { recursive: true })
  const written: LegacyFileName[] = []
  for (const file of files) {
    const doc = await rebuiltDocument(db, secrets, file)
    if (!doc) continue
    writeFileAtomic(join(outDir, file), documentChunks(doc.info, doc.records))
    written.push(file)
  }
  return written
}
