// Moves conversations.json (or one file of the conversation folders) into the store: conversations and messages in
// order, with their original ids and every field, in batched transactions; malformed records go to quarantine at
// their place. Large files are parsed in a worker thread while this thread writes; small ones are parsed here (a
// worker costs more than it saves).
import type { Db } from '../store/sqlite/database'
import type { LegacyDocument } from '../legacy/legacy-files'
import type { QuarantineEntry } from '../../shared/types'
import { documentSetAside, saveDocumentShape } from '../store/sqlite/staging/quarantine-rows'
import { conversationWriter, quarantinedTexts } from '../store/sqlite/staging/staged-conversations'
import type { TextSealer } from '../secrets/sealed-text'
import { preparedBatches, type PreparedBatch, type PreparedRecord } from './conversation-rows'
import { parsedInWorker } from './parse-in-worker'
import { rawDocumentEntry, toEntry } from './quarantine-entries'
import { setAsideDamage } from './set-aside'
import { faultAt } from '../base/fault-injection'
import type { IdRegistry } from '../legacy/record-checks'
import type { DigestTable } from './source-digests'

export interface ConversationImportResult {
  conversations: number
  messages: number
  quarantined: QuarantineEntry[]
}

export interface ImportProgress {
  /** `bytes`: how far into the file the import has got; `records`: conversations done. */
  (bytes: number, records: number): void
}

export interface ConversationImportOptions {
  batchSize: number
  onProgress: ImportProgress
  /** Seals quarantined text and a document kept whole when they hold a secret. */
  sealer: TextSealer
  digests?: DigestTable
  /** Parse in a worker thread: 'auto' (the default) does so for files of parseWorkerMinBytes() and more. */
  parser?: 'auto' | 'worker' | 'inline'
  /**
   * The conversation ids of the files imported before this one, so an id met again is quarantined as a duplicate
   * rather than lost. Given, the file is parsed on this thread (the registry lives here).
   */
  seen?: IdRegistry
}

/** What a file of conversations should hold, for the report when it holds no record list. */
export const CONVERSATIONS_EXPECTED = '{"conversations": [...]} or a list of conversations'

/** Flush a batch at `batchSize` conversations, or sooner when its records add up to this many bytes. */
const BATCH_BYTES = 1024 * 1024
const PARSE_WORKER_MIN_BYTES = 16 * 1024 * 1024

/** From this size on a worker parses; PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES overrides it (0: always). */
export function parseWorkerMinBytes(): number {
  const set = Number(process.env['PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES'])
  return process.env['PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES'] !== undefined &&
    Number.isFinite(set) &&
    set >= 0
    ? set
    : PARSE_WORKER_MIN_BYTES
}

export async function importConversations(
  db: Db,
  doc: LegacyDocument,
  runId: string,
  options: ConversationImportOptions
): Promise<ConversationImportResult> {
  const midpoint = Math.floor(doc.count / 2)
  let done = 0
  const { sealer } = options
  const writer = conversationWriter<PreparedRecord>(db, runId, sealer, (record) => {
    if (record.digest.position === midpoint) faultAt('mid-conversations')
    options.digests?.add(record.digest)
    options.onProgress(record.digest.end, ++done)
  })

  await sealer.prepare(documentSetAside(doc))
  saveDocumentShape(db, doc, sealer)
  const quarantined = [
    ...rawDocumentEntry(doc, CONVERSATIONS_EXPECTED),
    ...(await setAsideDamage(db, runId, doc, sealer))
  ]
  // A salvaged file's kept records are read from their own places, on this thread.
  const parser = options.seen || doc.damaged ? 'inline' : (options.parser ?? 'auto')
  const inWorker = parser === 'worker' || (parser === 'auto' && doc.bytes >= parseWorkerMinBytes())
  const batches: AsyncIterable<PreparedBatch> | Iterable<PreparedBatch> =
    inWorker && doc.count > 0
      ? parsedInWorker(doc, options.batchSize, BATCH_BYTES)
      : preparedBatches(doc, options.batchSize, BATCH_BYTES, options.seen)
  for await (const batch of batches) {
    await sealer.prepare(quarantinedTexts(batch.records))
    writer.writeBatch(batch.records)
    options.onProgress(batch.end, done)
  }
  options.onProgress(doc.bytes, done)
  const { conversations, messages } = writer.totals
  return { conversations, messages, quarantined: [...quarantined, ...writer.totals.quarantined.map(toEntry)] }
}
