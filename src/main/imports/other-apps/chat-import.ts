// `personal-agent import --format chatgpt|claude conversations.json`: another app's chats as conversations, with
// their original times. The file's structure is checked whole first, then conversations are parsed one at a time and
// written in batches (each conversation whole in one transaction, a transaction ending after ~40 ms), so a large
// export is never held at once and other writers wait little. A conversation imported before
// is already-imported; one that grew since gets its new messages; a malformed one is quarantined verbatim.
import type { Db } from '../../store/sqlite/database'
import { appendMessages, insertConversation } from '../../store/sqlite/import-writes/imported-rows'
import { snapshotTarget, targetExists } from '../../store/sqlite/import-writes/target-rows'
import { contentHash } from '../../base/canonical-json'
import type { JsonValue } from '../../base/record-codec'
import { backupBeforeImport, type ImportBackup } from '../import-backup'
import { runIntegrityChecks, type IntegrityCheck } from '../import-integrity'
import type { OnImportProgress } from '../import-progress'
import { emptyCounts, ImportRun, type ActionCounts } from '../import-run'
import type { ImportStore } from '../import-store'
import { findMapping, saveMapping } from '../legacy-id-map'
import { chatAppOf, exportedConversation, type ChatApp, type ExportedConversation } from './chat-formats'
import { countExportItems, exportItems } from './export-items'
import { jsonNumber, parseJsonText } from '../../base/json-text'
import { writeBounded } from '../../store/sqlite/bounded-writes'

export const CHAT_APP_NAMES: Record<ChatApp, string> = { chatgpt: 'ChatGPT', claude: 'Claude' }
const BATCH = 200

export interface ChatExportPreview {
  file: string
  app: ChatApp | null
  conversations: number
  messages: number
  /** ISO dates of the oldest and newest conversation, when the export has times. */
  from: string | null
  to: string | null
  problems: string[]
  alreadyImported: number
}

export interface ChatImportReport {
  runId: string | null
  dryRun: boolean
  file: string
  app: ChatApp | null
  counts: ActionCounts
  messages: number
  quarantined: { index: number; reason: string }[]
  warnings: string[]
  integrity: IntegrityCheck[]
  backups: ImportBackup[]
}

function isoOf(value: JsonValue | undefined): string | null {
  const number = jsonNumber(value)
  if (number !== null) return new Date(number < 1e11 ? number * 1000 : number).toISOString()
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString()
  return null
}

type Parsed = { index: number; raw: string } & (
  { conversation: ExportedConversation; app: ChatApp } | { problem: string }
)

function* parsedConversations(file: string, onBytes?: (offset: number) => void): Generator<Parsed> {
  let app: ChatApp | null = null
  for (const item of exportItems(file, onBytes)) {
    if (item.value === null) {
      yield { index: item.index, raw: item.raw, problem: 'error' in item ? item.error : 'not JSON' }
      continue
    }
    const own = chatAppOf(item.value)
    app ??= own
    const result = exportedConversation(own ?? app ?? 'chatgpt', item.value, item.index)
    if (typeof result === 'string') yield { index: item.index, raw: item.raw, problem: result }
    else if (own !== null && app !== null && own !== app)
      yield {
        index: item.index,
        raw: item.raw,
        problem: `conversation ${item.index} is from ${CHAT_APP_NAMES[own]}, the rest from ${CHAT_APP_NAMES[app]}`
      }
    else yield { index: item.index, raw: item.raw, conversation: result, app: own ?? app ?? 'chatgpt' }
  }
}

type Status =
  | { action: 'create' }
  | { action: 'same'; uid: string }
  | { action: 'grew'; uid: string; newMessages: number }
  | { action: 'diverged'; uid: string }

function statusOf(db: Db, app: ChatApp, conversation: ExportedConversation, hash: string): Status {
  const mapping = findMapping(db, app, conversation.id, 'conversation')
  if (!mapping || !targetExists(db, 'conversation', mapping.targetUid)) return { action: 'create' }
  if (mapping.contentHash === hash) return { action: 'same', uid: mapping.targetUid }
  const known = (
    db
      .prepare(
        'SELECT m.uid FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.uid = ? ORDER BY m.position'
      )
      .all(mapping.targetUid) as { uid: string | null }[]
  ).map((row) => row.uid)
  const ids = conversation.messages.map((m) => (typeof m['id'] === 'string' ? m['id'] : null))
  const prefix = known.length <= ids.length && known.every((uid, i) => uid !== null && uid === ids[i])
  return prefix && ids.length > known.length
    ? { action: 'grew', uid: mapping.targetUid, newMessages: ids.length - known.length }
    : { action: 'diverged', uid: mapping.targetUid }
}

export function previewChatExport(file: string, db: Db | null): ChatExportPreview {
  const preview: ChatExportPreview = {
    file,
    app: null,
    conversations: 0,
    messages: 0,
    from: null,
    to: null,
    problems: [],
    alreadyImported: 0
  }
  countExportItems(file)
  for (const parsed of parsedConversations(file)) {
    if ('problem' in parsed) {
      preview.problems.push(`${file}: ${parsed.problem}`)
      continue
    }
    preview.app ??= parsed.app
    preview.conversations += 1
    preview.messages += parsed.conversation.messages.length
    const at = isoOf(parsed.conversation.record['created_at'])
    if (at !== null) {
      if (preview.from === null || at < preview.from) preview.from = at
      if (preview.to === null || at > preview.to) preview.to = at
    }
    if (
      db &&
      statusOf(db, parsed.app, parsed.conversation, contentHash(parseJsonText(parsed.raw))).action === 'same'
    )
      preview.alreadyImported += 1
  }
  return preview
}

export interface ChatImportOptions {
  dryRun?: boolean
  /** The app the user said the export is from; a different one is imported as what it is, with a warning. */
  expect?: ChatApp
}

export async function importChatExport(
  store: ImportStore,
  file: string,
  options: ChatImportOptions = {},
  onProgress?: OnImportProgress
): Promise<ChatImportReport> {
  const { db } = store
  const total = countExportItems(file)
  const report: ChatImportReport = {
    runId: null,
    dryRun: options.dryRun === true,
    file,
    app: null,
    counts: emptyCounts(),
    messages: 0,
    quarantined: [],
    warnings: [],
    integrity: [],
    backups: []
  }
  const run = report.dryRun
    ? null
    : ImportRun.start(db, store.secrets, 'chatgpt', file, { expect: options.expect ?? null })
  report.runId = run?.id ?? null
  try {
    if (run) report.backups = await backupBeforeImport(store, run.id, null)
    let batch: Parsed[] = []
    let done = 0
    const flush = async (): Promise<void> => {
      const pending = batch
      batch = []
      if (run) {
        await run.prepareQuarantined(
          pending.flatMap((p) => ('problem' in p ? [{ ...itemPlace(report, p), raw: p.raw }] : []))
        )
        // Each conversation whole in one transaction with its run record; a transaction ends after ~40 ms.
        await writeBounded(db, pending, (parsed) => writeOne(db, run, parsed, report))
      } else pending.forEach((parsed) => writeOne(db, run, parsed, report))
    }
    for (const parsed of parsedConversations(file)) {
      batch.push(parsed)
      done++
      if (batch.length >= BATCH) {
        await flush()
        onProgress?.({ phase: 'import', done, total, message: `${done} of ${total} conversations` })
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    await flush()
    onProgress?.({ phase: 'import', done, total, message: `${done} of ${total} conversations` })
    if (options.expect && report.app && options.expect !== report.app)
      report.warnings.push(
        `${file} is a ${CHAT_APP_NAMES[report.app]} export, not a ${CHAT_APP_NAMES[options.expect]} one; it was imported as what it is`
      )
    if (run) {
      db.prepare('UPDATE import_runs SET kind = ? WHERE id = ?').run(report.app ?? 'chatgpt', run.id)
      report.integrity = runIntegrityChecks(db, run.id)
      run.finish(report)
    }
    return report
  } catch (error) {
    run?.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
}

/** Where an item of the export is recorded: the file, and the item's index in it. */
function itemPlace(report: ChatImportReport, parsed: Parsed): { sourcePath: string; sourceKey: string } {
  return { sourcePath: report.file, sourceKey: String(parsed.index) }
}

function writeOne(db: Db, run: ImportRun | null, parsed: Parsed, report: ChatImportReport): void {
  const base = itemPlace(report, parsed)
  if ('problem' in parsed) {
    run?.record({ ...base, action: 'quarantined', raw: parsed.raw, message: parsed.problem })
    report.counts.quarantined += 1
    report.quarantined.push({ index: parsed.index, reason: parsed.problem })
    return
  }
  report.app ??= parsed.app
  const { conversation, app } = parsed
  const hash = contentHash(parseJsonText(parsed.raw))
  const status = statusOf(db, app, conversation, hash)
  const item = { ...base, sourceKey: conversation.id, contentHash: hash, targetKind: 'conversation' as const }
  const mapping = {
    source: app,
    legacyId: conversation.id,
    targetKind: 'conversation' as const,
    contentHash: hash
  }
  if (status.action === 'same' || status.action === 'diverged') {
    const message =
      status.action === 'diverged'
        ? `“${String(conversation.record['title'])}” changed in ${CHAT_APP_NAMES[app]} other than by new messages; the imported copy was left as it is`
        : null
    run?.record({
      ...item,
      action: status.action === 'same' ? 'already-imported' : 'skipped',
      targetUid: status.uid,
      message
    })
    report.counts[status.action === 'same' ? 'already-imported' : 'skipped'] += 1
    if (message) report.warnings.push(message)
    return
  }
  report.warnings.push(...conversation.warnings)
  if (!run) {
    report.counts[status.action === 'grew' ? 'updated' : 'created'] += 1
    report.messages += status.action === 'grew' ? status.newMessages : conversation.messages.length
    return
  }
  if (status.action === 'grew') {
    const previous = snapshotTarget(db, 'conversation', status.uid)!
    const id = Number(previous.row['id'])
    appendMessages(
      db,
      { id, uid: status.uid },
      conversation.messages.slice(conversation.messages.length - status.newMessages)
    )
    run.record({
      ...item,
      action: 'updated',
      targetUid: status.uid,
      previous: { ...previous, mapping: findMapping(db, app, conversation.id, 'conversation') }
    })
    saveMapping(db, { ...mapping, targetUid: status.uid, runId: run.id })
    report.counts.updated += 1
    report.messages += status.newMessages
    return
  }
  const created = insertConversation(db, {
    record: conversation.record,
    messages: conversation.messages,
    workspaceId: null
  })
  run.record({ ...item, action: 'created', targetUid: created.uid })
  saveMapping(db, { ...mapping, targetUid: created.uid, runId: run.id })
  report.counts.created += 1
  report.messages += conversation.messages.length
}
