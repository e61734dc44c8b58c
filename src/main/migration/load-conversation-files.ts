// Imports every file that holds conversations, from the backup: conversations.json first, then the conversation
// folders' files in order, each with its digests kept for verification. Progress counts over all of them.
import type { QuarantineEntry } from '../../shared/types'
import { CONVERSATIONS_FILE, type LegacySourceFile } from '../legacy/legacy-files'
import type { Db } from '../store/sqlite/database'
import { ConversationIds } from './conversation-ids'
import { importConversations, type ImportProgress } from './load-conversations'
import { readLegacyDocument } from '../legacy/legacy-source'
import { DigestTable, type DigestSource } from './source-digests'
import type { TextSealer } from '../secrets/sealed-text'

export interface ConversationFilesResult {
  conversations: number
  messages: number
  quarantined: QuarantineEntry[]
  /** What verification compares the store against, per file. */
  digests: Partial<Record<LegacySourceFile, DigestSource>>
}

export interface ConversationFilesOptions {
  batchSize: number
  sealer: TextSealer
  /** Bytes and conversations done, over all the files. */
  onProgress: ImportProgress
  onScan: () => void
  /** Files the preflight found damaged: read for a salvage. */
  damaged?: ReadonlySet<LegacySourceFile>
}

export async function importConversationFiles(
  db: Db,
  backupDir: string,
  files: readonly LegacySourceFile[],
  runId: string,
  options: ConversationFilesOptions
): Promise<ConversationFilesResult> {
  const result: ConversationFilesResult = { conversations: 0, messages: 0, quarantined: [], digests: {} }
  const stored = db.prepare('SELECT position FROM conversations WHERE uid = ? AND source_file IS NULL')
  const ids = new ConversationIds((id) => (stored.get(id) as { position: number } | undefined)?.position)
  let bytesBefore = 0
  let doneBefore = 0
  for (const file of files) {
    const doc = readLegacyDocument(backupDir, file, options.onScan, options.damaged?.has(file) ?? false)
    if (!doc) continue
    const kept = new DigestTable(db, doc)
    let done = 0
    const imported = await importConversations(db, doc, runId, {
      batchSize: options.batchSize,
      sealer: options.sealer,
      digests: kept,
      onProgress: (bytes, records) => {
        done = records
        options.onProgress(bytesBefore + bytes, doneBefore + records)
      },
      ...(file === CONVERSATIONS_FILE ? {} : { seen: ids.forFile(file) })
    })
    if (file === CONVERSATIONS_FILE) ids.importedPrimary(doc)
    result.digests[file] = kept.source()
    result.conversations += imported.conversations
    result.messages += imported.messages
    result.quarantined.push(...imported.quarantined)
    bytesBefore += doc.bytes
    doneBefore += done
  }
  return result
}
