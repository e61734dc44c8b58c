// Writes the store back out as legacy files (conversations.json, models.json, mcp_config.json, and the conversation
// folders' files: conversations/<id>.json, sessions/<hash>.json), each atomically, streaming conversations record by
// record. Used by `export` and by a rollback that keeps post-migration data.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Db } from './database'
import { pathIn } from '../../legacy/conversation-folders'
import {
  holdsConversations,
  LEGACY_FILES,
  MCP_FILE,
  MODELS_FILE,
  type LegacySourceFile
} from '../../legacy/legacy-files'
import type { SecretStore } from '../../secrets/secret-store'
import { writeFileAtomic } from '../../fs/atomic-write'
import { safeStringify } from '../../base/safe-json'
import { loadSealingKey } from '../../secrets/sealed-text'
import {
  configRecords,
  conversationRecords,
  documentInfo,
  holdsSealedText,
  storedFolderFiles,
  type DocumentInfo,
  type RebuiltRecord
} from './legacy-rebuild'

export function* documentChunks(info: DocumentInfo, records: Iterable<RebuiltRecord>): Generator<string> {
  if (info.shape === 'empty') return
  if (info.shape === 'single') {
    for (const record of records) yield `${safeStringify(record.value)}\n`
    return
  }
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
  file: LegacySourceFile
): Promise<{ info: DocumentInfo; records: Iterable<RebuiltRecord> } | null> {
  if (holdsSealedText(db, file)) await loadSealingKey(secrets)
  const info = documentInfo(db, file)
  if (!info) return null
  const records = holdsConversations(file)
    ? conversationRecords(db, file)
    : await configRecords(db, file as typeof MODELS_FILE | typeof MCP_FILE, secrets, info.shape)
  return { info, records }
}

/**
 * Writes the legacy files to `outDir` (0600; folders 0700) and returns the names written: by default the three
 * files and every conversation folder file the store holds. A `conversations/<id>.json` whose conversation was
 * deleted in the app is not written.
 */
export async function exportLegacyFiles(
  db: Db,
  secrets: SecretStore,
  outDir: string,
  files: readonly LegacySourceFile[] = [...LEGACY_FILES, ...storedFolderFiles(db)]
): Promise<LegacySourceFile[]> {
  mkdirSync(outDir, { recursive: true })
  const written: LegacySourceFile[] = []
  for (const file of files) {
    const doc = await rebuiltDocument(db, secrets, file)
    if (!doc) continue
    // A single-record file is written only while its conversation exists.
    const single = doc.info.shape === 'single' ? [...doc.records] : null
    if (single?.length === 0) continue
    const target = pathIn(outDir, file)
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
    writeFileAtomic(target, documentChunks(doc.info, single ?? doc.records))
    written.push(file)
  }
  return written
}
