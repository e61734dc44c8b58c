// The audit trail of a data folder: history.db (its own SQLite file, WAL, 0600, so it outlives a rollback and exists
// before the first migration), append-only at the SQL level, each row chained to the one before (audit-chain.ts).
// Appending is synchronous, one BEGIN IMMEDIATE transaction, and never throws: a trail that cannot be written is
// logged, and the user's action goes on.
import Database from 'better-sqlite3'
import { closeSync, existsSync, openSync } from 'node:fs'
import type {
  AuditAction,
  AuditCounts,
  AuditEventView,
  AuditOutcome,
  ChainCheck
} from '../../shared/history-types'
import { UserError } from '../../shared/errors'
import { APP_VERSION } from '../base/app-version'
import { dataPaths } from '../base/data-paths'
import { logger } from '../logging/logger'
import { redact } from '../logging/redact'
import { checkChain, eventHash, GENESIS_HASH, type ChainRow, type EventContent } from './audit-chain'

type HistoryDb = Database.Database

/** What a caller records; the time, version and chain are added here. */
export interface AuditEventInput {
  action: AuditAction
  outcome: AuditOutcome
  reason?: string | null
  durationMs: number
  counts?: AuditCounts
  detail?: string | null
  ref?: string | null
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT,
  duration_ms INTEGER NOT NULL,
  counts TEXT NOT NULL,
  detail TEXT,
  ref TEXT,
  app_version TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'history.db is append-only: events cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'history.db is append-only: events cannot be deleted'); END;
`

interface EventRow {
  id: number
  at: string
  action: string
  outcome: string
  reason: string | null
  duration_ms: number
  counts: string
  detail: string | null
  ref: string | null
  app_version: string
  prev_hash: string
  hash: string
}

export function historyPath(dataDir: string): string {
  return dataPaths(dataDir).history
}

function openHistory(dataDir: string): HistoryDb {
  const path = historyPath(dataDir)
  // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  const db = new Database(path)
  db.pragma('busy_timeout = 10000')
  db.pragma('journal_mode = WAL')
  db.exec(SCHEMA)
  return db
}

/** One line, at most 300 characters, with any known secret or key-shaped token scrubbed. */
function oneLine(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === '') return null
  const line = redact(text).replace(/\s+/g, ' ').trim()
  return line.length > 300 ? `${line.slice(0, 299)}…` : line
}

function contentOf(input: AuditEventInput, at: string): EventContent {
  return {
    at,
    action: input.action,
    outcome: input.outcome,
    reason: oneLine(input.reason),
    durationMs: Math.max(0, Math.round(input.durationMs)),
    counts: input.counts ?? {},
    detail: oneLine(input.detail),
    ref: oneLine(input.ref),
    appVersion: APP_VERSION
  }
}

function appendEvent(db: HistoryDb, content: EventContent): void {
  const last = db.prepare('SELECT hash FROM events ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined
  const prevHash = last?.hash ?? GENESIS_HASH
  db.prepare(
    `INSERT INTO events(at, action, outcome, reason, duration_ms, counts, detail, ref, app_version, prev_hash, hash)
     VALUES (@at, @action, @outcome, @reason, @durationMs, @counts, @detail, @ref, @appVersion, @prevHash, @hash)`
  ).run({
    ...content,
    counts: JSON.stringify(content.counts),
    prevHash,
    hash: eventHash(prevHash, content)
  })
}

/** Appends one event to the data folder's trail. Never throws; a folder that does not exist gets no trail. */
export function recordEvent(dataDir: string, input: AuditEventInput): void {
  if (!existsSync(dataDir)) return
  let db: HistoryDb | null = null
  try {
    db = openHistory(dataDir)
    const content = contentOf(input, new Date().toISOString())
    const open = db
    // BEGIN IMMEDIATE: the last hash is read and the next row written under one write lock, so the chain never forks.
    db.transaction(() => appendEvent(open, content)).immediate()
  } catch (error) {
    logger.warn(`history: could not record a ${input.action} event in ${historyPath(dataDir)}`, error)
  } finally {
    db?.close()
  }
}

function readRows(dataDir: string): EventRow[] {
  const path = historyPath(dataDir)
  if (!existsSync(path)) return []
  let db: HistoryDb | null = null
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 10000')
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()
    return hasTable ? (db.prepare('SELECT * FROM events ORDER BY id').all() as EventRow[]) : []
  } catch (error) {
    throw new UserError(
      'STORE_FAILED',
      `${path} could not be read (${error instanceof Error ? error.message : String(error)}). Move it aside to start a new trail; the old one then no longer counts as verified.`,
      { cause: error }
    )
  } finally {
    db?.close()
  }
}

function parseCounts(text: string): AuditCounts | null {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as AuditCounts)
      : null
  } catch {
    return null
  }
}

function viewOf(row: EventRow): AuditEventView | null {
  const counts = parseCounts(row.counts)
  if (counts === null) return null
  return {
    id: row.id,
    at: row.at,
    action: row.action as AuditAction,
    outcome: row.outcome as AuditOutcome,
    reason: row.reason,
    durationMs: row.duration_ms,
    counts,
    detail: row.detail,
    ref: row.ref,
    appVersion: row.app_version
  }
}

function withoutId(view: AuditEventView): EventContent {
  const { id, ...content } = view
  void id
  return content
}

function chainRow(row: EventRow): ChainRow {
  const view = viewOf(row)
  const content = view === null ? null : withoutId(view)
  return { id: row.id, at: row.at, content, prevHash: row.prev_hash, hash: row.hash }
}

export interface HistoryRead {
  /** Newest first, at most `limit` (all when no limit). */
  events: AuditEventView[]
  chain: ChainCheck
}

/** The trail, newest first, with the check of its whole chain. */
export function readHistory(dataDir: string, limit?: number): HistoryRead {
  const rows = readRows(dataDir)
  const chain = checkChain(rows.map(chainRow))
  const events = rows
    .map(viewOf)
    .filter((event): event is AuditEventView => event !== null)
    .reverse()
  return { events: limit === undefined ? events : events.slice(0, limit), chain }
}
