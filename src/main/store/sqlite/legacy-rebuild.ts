// Rebuilds legacy records from the store exactly as the legacy files held them (columns + extra + quarantine +
// keychain secrets), in their original order. Export, verification and rollback all read through here.
import type { Statement } from 'better-sqlite3'
import type { Db } from './database'
import {
  CONVERSATIONS_FILE,
  isConversationFolderFile,
  MCP_FILE,
  MODELS_FILE,
  type ConversationFolderFile,
  type DocumentShape,
  type LegacyFileName,
  type LegacySourceFile
} from '../../legacy/legacy-files'
import { joinRecord, type FieldSpec, type JsonObject, type JsonValue } from '../../base/record-codec'
import {
  CONVERSATION_FIELDS,
  MCP_FIELDS,
  MCP_LIST_FIELDS,
  MESSAGE_FIELDS,
  PROFILE_FIELDS
} from './record-specs'
import { placeSecret } from '../../secrets/secret-fields'
import { openSealedText, SEALED_TEXT_LIKE } from '../../secrets/sealed-text'
import { parseJsonText } from '../../base/json-text'
import type { SecretStore } from '../../secrets/secret-store'
import { UserError } from '../../../shared/errors'
import { exportSummaries } from './sqlite-summaries'
import { appendAppField } from './app-fields'

export type UserEdit = 'none' | 'new' | 'changed'

export interface RebuiltRecord {
  position: number
  mapKey: string | null
  value: JsonValue
  /** 'new' or 'changed' when the user created or edited the record after migration (an intended change). */
  userEdit: UserEdit
}

export interface DocumentInfo {
  shape: DocumentShape
  listKey: string | null
  topExtra: JsonObject
  raw: JsonValue | null
}

const DEFAULT_LIST_KEY: Record<LegacyFileName, string> = {
  [CONVERSATIONS_FILE]: 'conversations',
  [MODELS_FILE]: 'profiles',
  [MCP_FILE]: 'servers'
}

const TABLE: Record<LegacyFileName, string> = {
  [CONVERSATIONS_FILE]: 'conversations',
  [MODELS_FILE]: 'profiles',
  [MCP_FILE]: 'mcp_servers'
}

interface QuarantineRow {
  id: number
  position: number
  map_key: string | null
  raw: string
}

/**
 * Whether the store names each conversation's source file (schema v3). An older database opened read-only does
 * not; all its conversations came from conversations.json.
 */
function hasSourceFiles(db: Db): boolean {
  return (
    (db.prepare("SELECT 1 FROM pragma_table_info('conversations') WHERE name = 'source_file'").get() ??
      null) !== null
  )
}

/** The conversation folders' files the store holds records of, in name order. */
export function storedFolderFiles(db: Db): ConversationFolderFile[] {
  const rows = db.prepare('SELECT file FROM legacy_documents ORDER BY file').all() as { file: string }[]
  return rows.map((r) => r.file).filter(isConversationFolderFile)
}

interface DocumentRow {
  shape: DocumentShape
  list_key: string | null
  top_extra: string
  raw: string | null
}

function infoOf(file: LegacySourceFile, row: DocumentRow): DocumentInfo {
  return {
    shape: row.shape,
    listKey: row.list_key,
    topExtra: parseJsonText(
      openSealedText(row.top_extra, `The other top-level keys of ${file}`)
    ) as JsonObject,
    raw: row.raw === null ? null : parseJsonText(openSealedText(row.raw, `${file}, kept whole,`))
  }
}

/** Whether the store keeps any text of the file sealed (then the key must be loaded before it is read). */
export function holdsSealedText(db: Db, file: LegacySourceFile): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM legacy_documents WHERE file = @file AND (raw LIKE @sealed OR top_extra LIKE @sealed)
       UNION ALL SELECT 1 FROM quarantine WHERE file = @file AND raw LIKE @sealed LIMIT 1`
    )
    .get({ file, sealed: SEALED_TEXT_LIKE })
  return row !== undefined
}

/** The file's top-level shape; null when the store holds nothing for it (then no file is written). */
export function documentInfo(db: Db, file: LegacySourceFile): DocumentInfo | null {
  const row = db
    .prepare('SELECT shape, list_key, top_extra, raw FROM legacy_documents WHERE file = ?')
    .get(file) as DocumentRow | undefined
  // A folder's file only ever holds what it held: the app adds new conversations to conversations.json.
  if (isConversationFolderFile(file)) return row ? infoOf(file, row) : null
  if (row) {
    const hasNew =
      (db.prepare(`SELECT 1 FROM ${TABLE[file]} WHERE origin = 'app' LIMIT 1`).get() ?? null) !== null
    // A file that was empty or not a list gains records only through the app: give it the standard shape then.
    if ((row.shape === 'empty' || row.shape === 'raw') && hasNew)
      return { shape: 'object', listKey: DEFAULT_LIST_KEY[file], topExtra: {}, raw: null }
    return infoOf(file, row)
  }
  const own = file === CONVERSATIONS_FILE && hasSourceFiles(db) ? ' WHERE source_file IS NULL' : ''
  const any = db.prepare(`SELECT 1 FROM ${TABLE[file]}${own} LIMIT 1`).get()
  return any ? { shape: 'object', listKey: DEFAULT_LIST_KEY[file], topExtra: {}, raw: null } : null
}

function userEdit(row: { origin: string; changed: number }): UserEdit {
  return row.origin === 'app' ? 'new' : row.changed === 1 ? 'changed' : 'none'
}

/** Merges rows and quarantined records of one list by position. */
function* mergeByPosition<R extends { position: number }>(
  rows: R[],
  quarantined: QuarantineRow[],
  toRecord: (row: R) => RebuiltRecord
): Generator<RebuiltRecord> {
  let q = 0
  for (const row of rows) {
    while (q < quarantined.length && quarantined[q]!.position < row.position)
      yield quarantineRecord(quarantined[q++]!)
    yield toRecord(row)
  }
  while (q < quarantined.length) yield quarantineRecord(quarantined[q++]!)
}

function quarantineRecord(row: QuarantineRow): RebuiltRecord {
  return {
    position: row.position,
    mapKey: row.map_key,
    value: parseJsonText(openSealedText(row.raw, `A quarantined record (at position ${row.position})`)),
    userEdit: 'none'
  }
}

interface ConversationRow {
  id: number
  position: number
  messages_shape: string
  extra: string
  origin: string
  changed: number
  [column: string]: unknown
}

interface MessageRow {
  id: number
  position: number
  uid: string | null
  extra: string
  /** Absent before schema v7. */
  branch_parent?: number | null
  inactive?: number | null
  [column: string]: unknown
}

/**
 * A conversation's messages on the active path (and quarantined ones) in order, and the hidden versions (the
 * branches) each with the id of the message it follows; through statements prepared once per pass.
 */
function conversationMessages(
  statements: { messages: Statement; quarantined: Statement },
  conversationId: number
): { messages: JsonValue[]; branches: JsonValue[] } {
  const all = statements.messages.all(conversationId) as MessageRow[]
  const shown = all.filter((row) => row.inactive === null || row.inactive === undefined)
  const quarantined = statements.quarantined.all(conversationId) as QuarantineRow[]
  const messages = [
    ...mergeByPosition(shown, quarantined, (row) => ({
      position: row.position,
      mapKey: null,
      value: joinRecord(row, MESSAGE_FIELDS, row.extra),
      userEdit: 'none'
    }))
  ].map((r) => r.value)
  if (shown.length === all.length) return { messages, branches: [] }
  const uidOf = new Map(all.map((row) => [row.id, row.uid]))
  const branches: JsonValue[] = []
  all.forEach((row, index) => {
    if (row.inactive === null || row.inactive === undefined) return
    // A migrated message names no parent: it follows the message before it.
    const parentId = row.branch_parent ?? all[index - 1]?.id ?? 0
    branches.push({
      parent: uidOf.get(parentId) ?? null,
      message: joinRecord(row, MESSAGE_FIELDS, row.extra)
    })
  })
  return { messages, branches }
}

/** The conversations of one file (conversations.json by default) in legacy order, a page at a time. */
export function* conversationRecords(
  db: Db,
  file: LegacySourceFile = CONVERSATIONS_FILE,
  pageSize = 500
): Generator<RebuiltRecord> {
  const sourceFile = file === CONVERSATIONS_FILE ? null : file
  const bySource = hasSourceFiles(db)
  // A database from before source files were recorded holds conversations.json's conversations only.
  if (!bySource && sourceFile !== null) return
  const page = db.prepare(
    `SELECT * FROM conversations WHERE ${bySource ? 'source_file IS ?' : '? IS NULL'} AND position > ? ORDER BY position LIMIT ?`
  )
  const quarantinePage = db.prepare(
    'SELECT id, position, map_key, raw FROM quarantine WHERE file = ? AND conversation_id IS NULL AND position > ? AND position <= ? ORDER BY position'
  )
  const quarantineTail = db.prepare(
    'SELECT id, position, map_key, raw FROM quarantine WHERE file = ? AND conversation_id IS NULL AND position > ? ORDER BY position'
  )
  // Prepared once: a statement per conversation would hold native memory until a garbage collection that a
  // small JavaScript heap never asks for.
  const statements = {
    messages: db.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY position'),
    quarantined: db.prepare(
      'SELECT id, position, map_key, raw FROM quarantine WHERE conversation_id = ? ORDER BY position'
    )
  }
  let after = -1
  for (;;) {
    const rows = page.all(sourceFile, after, pageSize) as ConversationRow[]
    const last = rows.length === pageSize ? rows[rows.length - 1]!.position : null
    const quarantined = (
      last === null ? quarantineTail.all(file, after) : quarantinePage.all(file, after, last)
    ) as QuarantineRow[]
    const toRecord = (row: ConversationRow): RebuiltRecord => {
      const value = joinRecord(row, CONVERSATION_FIELDS, row.extra)
      if (row.messages_shape === 'array') {
        const { messages, branches } = conversationMessages(statements, row.id)
        value['messages'] = messages
        appendAppField(value, 'branches', branches)
      }
      exportSummaries(db, row.id, value)
      return { position: row.position, mapKey: null, value, userEdit: userEdit(row) }
    }
    yield* mergeByPosition(rows, quarantined, toRecord)
    if (last === null) return
    after = last
  }
}

interface ConfigRow {
  id: number
  uid: string
  position: number
  name: string | null
  extra: string
  origin: string
  changed: number
  [column: string]: unknown
}

async function withSecrets(
  db: Db,
  secrets: SecretStore,
  ownerKind: string,
  ownerId: number,
  value: JsonValue,
  label: string
): Promise<void> {
  const refs = db
    .prepare('SELECT account, json_pointer FROM secret_refs WHERE owner_kind = ? AND owner_id = ?')
    .all(ownerKind, ownerId) as {
    account: string
    json_pointer: string
  }[]
  for (const ref of refs) {
    const secret = await secrets.get(ref.account)
    if (secret === null) {
      throw new UserError(
        'KEYCHAIN_UNAVAILABLE',
        `The keychain has no entry for ${label} (${ref.json_pointer}). Unlock the keychain that holds Personal Agent's keys, or restore a backup with "personal-agent rollback".`
      )
    }
    placeSecret(value, ref.json_pointer, secret)
  }
}

/** Profiles or MCP servers in legacy order, with their secrets fetched back from the keychain. */
export async function configRecords(
  db: Db,
  file: typeof MODELS_FILE | typeof MCP_FILE,
  secrets: SecretStore,
  shape: DocumentShape
): Promise<RebuiltRecord[]> {
  const table = TABLE[file]
  const ownerKind = file === MODELS_FILE ? 'profile' : 'mcp_server'
  const fields: readonly FieldSpec[] =
    file === MODELS_FILE ? PROFILE_FIELDS : shape === 'map' ? MCP_FIELDS : MCP_LIST_FIELDS
  const rows = db.prepare(`SELECT * FROM ${table} ORDER BY position`).all() as ConfigRow[]
  const quarantined = db
    .prepare(
      // Negative positions are a salvage's damaged bytes, not records.
      'SELECT id, position, map_key, raw FROM quarantine WHERE file = ? AND conversation_id IS NULL AND position >= 0 ORDER BY position'
    )
    .all(file) as QuarantineRow[]
  const merged = [
    ...mergeByPosition(rows, quarantined, (row) => ({
      position: row.position,
      mapKey: row.origin === 'app' ? (row.name ?? row.uid) : row.uid,
      value: joinRecord(row, fields, row.extra),
      userEdit: userEdit(row)
    }))
  ]
  const rowByPosition = new Map(rows.map((r) => [r.position, r]))
  const quarantineByPosition = new Map(quarantined.map((q) => [q.position, q]))
  for (const record of merged) {
    const row = rowByPosition.get(record.position)
    if (row) await withSecrets(db, secrets, ownerKind, row.id, record.value, `${file} record "${row.uid}"`)
    else
      await withSecrets(
        db,
        secrets,
        'quarantine',
        quarantineByPosition.get(record.position)!.id,
        record.value,
        `${file} record at position ${record.position}`
      )
  }
  return merged
}
