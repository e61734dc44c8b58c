// One import run in the database: started before anything is written, every item it read recorded with what became
// of it, and finished with its counts (or marked failed with the reason). The record a rollback of the run works from.
import { randomUUID } from 'node:crypto'
import { dirname } from 'node:path'
import { recordEvent } from '../history/audit-log'
import { recordMutation } from '../store/sqlite/store-changes'
import type { Db } from '../store/sqlite/database'
import type { TableTarget } from '../store/sqlite/import-writes/target-rows'
import { TextSealer } from '../secrets/sealed-text'
import type { SecretStore } from '../secrets/secret-store'

export type ImportKind = 'folder' | 'localstorage' | 'chatgpt' | 'claude' | 'mcp' | 'legacy'

/** What a run did with one thing it read. */
export type ItemAction = 'created' | 'updated' | 'unchanged' | 'already-imported' | 'skipped' | 'quarantined'
export const ITEM_ACTIONS: readonly ItemAction[] = [
  'created',
  'updated',
  'unchanged',
  'already-imported',
  'skipped',
  'quarantined'
]

/** The kinds of record an import creates: each has a table (see store/sqlite/import-writes/target-rows.ts), but
 * secrets, whose keychain account is the target. */
export type TargetKind = TableTarget | 'secret'

export interface ImportItem {
  /** The file (absolute path) or localStorage key the item came from. */
  sourcePath: string
  /** Its place within that source: an id, an array index, a CSV row number. */
  sourceKey?: string | null
  contentHash?: string | null
  action: ItemAction
  targetKind?: TargetKind | null
  /** The created or updated record's uid (a preference's row id, a secret's keychain account). */
  targetUid?: string | null
  /** For 'updated': the record as it was before (see snapshotTarget), restored by a rollback. */
  previous?: unknown
  /** For 'quarantined': the value exactly as read, kept so nothing is lost (sealed when it holds a secret). */
  raw?: string | null
  /** Why it was skipped or quarantined, in one line. */
  message?: string | null
}

export type ActionCounts = Record<ItemAction, number>

/** The kinds of record the legacy files hold (the rest live only in the database). */
const LEGACY_KINDS: ReadonlySet<TargetKind | null> = new Set<TargetKind | null>([
  'conversation',
  'profile',
  'mcp_server'
])

export function emptyCounts(): ActionCounts {
  return Object.fromEntries(ITEM_ACTIONS.map((action) => [action, 0])) as ActionCounts
}

/** "created 3, updated 1" (the zeros left out), or "nothing" for a run that did nothing. */
export function describeCounts(counts: Partial<Record<string, number>>): string {
  return (
    Object.entries(counts)
      .filter(([, n]) => (n ?? 0) > 0)
      .map(([action, n]) => `${action} ${n}`)
      .join(', ') || 'nothing'
  )
}

export interface ImportRunRow {
  id: string
  kind: ImportKind
  source: string
  options: string
  started_at: string
  finished_at: string | null
  status: 'running' | 'completed' | 'failed' | 'rolled-back'
  counts: string
  report: string | null
}

/** The names a quarantined value was found under: the localStorage key or file, and its place there. */
function namesOf(item: Pick<ImportItem, 'sourcePath' | 'sourceKey'>): string[] {
  return item.sourceKey ? [item.sourcePath, item.sourceKey] : [item.sourcePath]
}

export class ImportRun {
  private readonly tally = emptyCounts()
  /** Records created or updated, and items quarantined, by kind: what the audit trail shows of the run. */
  private readonly written: Record<string, number> = {}
  private readonly quarantined: Record<string, number> = {}
  private readonly started = performance.now()
  private readonly insertItem

  private constructor(
    private readonly db: Db,
    readonly id: string,
    private readonly kind: ImportKind,
    private readonly source: string,
    private readonly sealer: TextSealer
  ) {
    this.insertItem = db.prepare(
      `INSERT INTO import_items(run_id, source_path, source_key, content_hash, action, target_kind, target_uid, previous, raw, message)
       VALUES (@run, @sourcePath, @sourceKey, @contentHash, @action, @targetKind, @targetUid, @previous, @raw, @message)`
    )
  }

  /** Records the run as 'running' (its own small transaction, so a crash leaves a trace). */
  static start(
    db: Db,
    secrets: SecretStore,
    kind: ImportKind,
    source: string,
    options: Record<string, unknown> = {}
  ): ImportRun {
    const id = `import-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`
    db.prepare(
      "INSERT INTO import_runs(id, kind, source, options, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')"
    ).run(id, kind, source, JSON.stringify(options), new Date().toISOString())
    return new ImportRun(db, id, kind, source, new TextSealer(secrets))
  }

  /**
   * Call before the transaction that records these quarantined items: when one holds a secret, the data folder's
   * sealing key is made ready (created in the keychain if need be), so `record` can store it sealed.
   */
  async prepareQuarantined(
    items: Iterable<Pick<ImportItem, 'sourcePath' | 'sourceKey' | 'raw'>>
  ): Promise<void> {
    const texts = [...items].flatMap((item) =>
      typeof item.raw === 'string' ? [{ text: item.raw, names: namesOf(item) }] : []
    )
    await this.sealer.prepare(texts)
  }

  /**
   * Records one item; call inside the transaction that writes its record, so both land or neither does. A created or
   * updated conversation, profile or MCP server counts as a change since the migration: a rollback of the migration
   * then writes it (with its keys) into the restored files instead of restoring the original bytes, so nothing
   * imported is lost. Notes, agents, preferences and workspaces have no place in those files and leave them as they were.
   */
  record(item: ImportItem): void {
    if ((item.action === 'created' || item.action === 'updated') && LEGACY_KINDS.has(item.targetKind ?? null))
      recordMutation(this.db)
    this.insertItem.run({
      run: this.id,
      sourcePath: item.sourcePath,
      sourceKey: item.sourceKey ?? null,
      contentHash: item.contentHash ?? null,
      action: item.action,
      targetKind: item.targetKind ?? null,
      targetUid: item.targetUid ?? null,
      previous: item.previous === undefined ? null : JSON.stringify(item.previous),
      raw: typeof item.raw === 'string' ? this.sealer.seal(item.raw, namesOf(item)) : null,
      message: item.message ?? null
    })
    this.tally[item.action] += 1
    // An item quarantined before it became a record counts under the kind of import (chatgpt, folder, …).
    const kind = item.targetKind ?? this.kind
    if (item.action === 'created' || item.action === 'updated')
      this.written[kind] = (this.written[kind] ?? 0) + 1
    if (item.action === 'quarantined') this.quarantined[kind] = (this.quarantined[kind] ?? 0) + 1
  }

  /** Counts by action of what was recorded so far (in this process). */
  counts(): ActionCounts {
    return { ...this.tally }
  }

  finish(report: unknown): void {
    this.db
      .prepare(
        "UPDATE import_runs SET status = 'completed', finished_at = ?, counts = ?, report = ? WHERE id = ?"
      )
      .run(new Date().toISOString(), JSON.stringify(this.tally), JSON.stringify(report), this.id)
    this.audit(null)
  }

  fail(message: string): void {
    this.db
      .prepare(
        "UPDATE import_runs SET status = 'failed', finished_at = ?, counts = ?, report = ? WHERE id = ?"
      )
      .run(new Date().toISOString(), JSON.stringify(this.tally), JSON.stringify({ error: message }), this.id)
    this.audit(message)
  }

  /** Appends the run to the data folder's audit trail (the folder that holds the store). */
  private audit(failure: string | null): void {
    if (this.db.memory) return
    recordEvent(dirname(this.db.name), {
      action: 'import',
      outcome: failure === null ? 'ok' : 'failed',
      reason: failure,
      durationMs: performance.now() - this.started,
      counts: { records: { ...this.written }, quarantined: { ...this.quarantined } },
      detail: `${this.kind} from ${this.source}: ${describeCounts(this.tally)}`,
      ref: this.id
    })
  }
}

export function importRunRow(db: Db, id: string): ImportRunRow | undefined {
  return db.prepare('SELECT * FROM import_runs WHERE id = ?').get(id) as ImportRunRow | undefined
}

export function listImportRuns(db: Db): ImportRunRow[] {
  return db.prepare('SELECT * FROM import_runs ORDER BY started_at DESC, id DESC').all() as ImportRunRow[]
}
