// Versioned schema migrations of our database: PRAGMA user_version plus schema_history, one transaction per step.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { UserError } from '../../../../shared/errors'
import { acquireLock, type LockHandle } from '../../../fs/file-lock'
import { recorded, type EventSummary } from '../../../history/recorded'
import { openDatabase, userVersion, type Db } from '../database'
import { backupBeforeSchemaChange } from './schema-backup'
import {
  deleteHistory,
  ensureHistoryTable,
  readHistory,
  writeHistory,
  type HistoryRow
} from './schema-history'
import type { SchemaMigration } from './schema-migration'

type MigrationList = readonly SchemaMigration[]

export interface AppliedMigrationStatus {
  version: number
  name: string
  /** Null when the database has this version but no history row for it. */
  appliedAt: string | null
  executionMs: number | null
  /** Null when there is nothing to compare: no history row, or a migration this app does not know. */
  checksumOk: boolean | null
}

export interface SchemaStatus {
  exists: boolean
  currentVersion: number
  latestVersion: number
  applied: AppliedMigrationStatus[]
  pending: { version: number; name: string }[]
  /** The database was upgraded by a newer Personal Agent; this app must not touch it. */
  newerThanApp: boolean
  checksumMismatches: { version: number; name: string }[]
  /** Attempts that failed and were rolled back (the version is still pending). */
  failed: { version: number; name: string; attemptedAt: string; error: string }[]
}

export interface UpgradeOptions {
  /** Stop at this version (default: the latest). */
  target?: number
  /** Return the SQL that would run; change nothing, create no file. */
  dryRun?: boolean
  /** Exact folder for the pre-upgrade backup (default: `<dir of db>/backups/schema/<UTC timestamp>-v<from>/`). */
  backupDir?: string
  appVersion: string
  lockPath?: string
}

export interface DowngradeOptions {
  target: number
  dryRun?: boolean
  backupDir?: string
  appVersion: string
  lockPath?: string
}

export interface MigrationStep {
  version: number
  name: string
  executionMs: number
}

export interface UpgradeResult {
  fromVersion: number
  toVersion: number
  applied: MigrationStep[]
  /** Folder holding the backup taken before the first step, when one was taken. */
  backup?: string
  /** Dry run only: the SQL that would run, in order. */
  sql?: string
}

export interface DowngradeResult {
  fromVersion: number
  toVersion: number
  /** The migrations whose `down` ran, newest first. */
  reverted: MigrationStep[]
  backup?: string
  sql?: string
}

/** sha256 of the migration's SQL (up, separator, down), line endings normalised so a CRLF checkout still matches. */
export function migrationChecksum(m: SchemaMigration): string {
  const text = `${m.up}\n--down--\n${m.down ?? ''}`.replace(/\r\n?/g, '\n')
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The file a migration lives in, for messages: 0002_message_search.ts. */
export function migrationFileName(m: Pick<SchemaMigration, 'version' | 'name'>): string {
  return `${String(m.version).padStart(4, '0')}_${m.name}.ts`
}

/** Throws unless versions run 1, 2, 3… without gaps and names are snake_case (a bug in the app, not the user's data). */
export function validateMigrationList(list: MigrationList): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new UserError(
        'INTERNAL',
        `Schema migration list is out of order: entry ${i + 1} has version ${m.version}.`
      )
    }
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(m.name)) {
      throw new UserError(
        'INTERNAL',
        `Schema migration ${m.version} has name "${m.name}", which is not snake_case.`
      )
    }
    if (m.up.trim() === '')
      throw new UserError('INTERNAL', `Schema migration ${migrationFileName(m)} has no SQL.`)
  })
}

/** Reads where the database stands against the list. Opens it read-only and never changes it. */
export function schemaStatus(dbPath: string, list: MigrationList): SchemaStatus {
  validateMigrationList(list)
  const latestVersion = list.length
  if (!fs.existsSync(dbPath)) {
    return {
      exists: false,
      currentVersion: 0,
      latestVersion,
      applied: [],
      pending: list.map(({ version, name }) => ({ version, name })),
      newerThanApp: false,
      checksumMismatches: [],
      failed: []
    }
  }
  const db = openDatabase(dbPath, { readonly: true, withoutVec: true })
  let currentVersion: number
  let history: HistoryRow[]
  try {
    currentVersion = userVersion(db)
    history = readHistory(db)
  } finally {
    db.close()
  }

  const applied: AppliedMigrationStatus[] = []
  const checksumMismatches: { version: number; name: string }[] = []
  for (let version = 1; version <= currentVersion; version++) {
    const known = list[version - 1]
    const row = history.find((h) => h.version === version && h.error === null)
    const checksumOk = known && row ? row.checksum === migrationChecksum(known) : null
    const name = known?.name ?? row?.name ?? 'unknown'
    if (checksumOk === false) checksumMismatches.push({ version, name })
    applied.push({
      version,
      name,
      appliedAt: row?.appliedAt ?? null,
      executionMs: row?.executionMs ?? null,
      checksumOk
    })
  }
  return {
    exists: true,
    currentVersion,
    latestVersion,
    applied,
    pending: list.filter((m) => m.version > currentVersion).map(({ version, name }) => ({ version, name })),
    newerThanApp: currentVersion > latestVersion,
    checksumMismatches,
    failed: history
      .filter((h): h is HistoryRow & { error: string } => h.error !== null && h.version > currentVersion)
      .map((h) => ({ version: h.version, name: h.name, attemptedAt: h.appliedAt, error: h.error }))
  }
}

/** Applies pending migrations up to `target` (default latest), after a backup, under the schema lock; an existing
 * database's upgrade goes to the audit trail. */
export async function upgradeSchema(
  dbPath: string,
  list: MigrationList,
  options: UpgradeOptions
): Promise<UpgradeResult> {
  const run = (): Promise<UpgradeResult> => runUpgrade(dbPath, list, options)
  return options.dryRun || !fs.existsSync(dbPath)
    ? run()
    : recorded(path.dirname(dbPath), 'schema-upgrade', run, schemaEvent)
}

async function runUpgrade(
  dbPath: string,
  list: MigrationList,
  options: UpgradeOptions
): Promise<UpgradeResult> {
  validateMigrationList(list)
  const target = options.target ?? list.length
  if (!Number.isInteger(target) || target < 0 || target > list.length) {
    throw new UserError(
      'USAGE',
      `Schema version ${target} does not exist; this app knows versions 0 to ${list.length}.`
    )
  }
  const lock = options.dryRun ? null : await lockSchema(dbPath, options.lockPath, 'schema upgrade')
  try {
    const status = checkedStatus(dbPath, list)
    const fromVersion = status.currentVersion
    if (target < fromVersion) {
      throw new UserError(
        'USAGE',
        `${dbPath} is already at schema version ${fromVersion}, above the target ${target}. Use a downgrade to go back.`
      )
    }
    const steps = list.slice(fromVersion, target)
    if (options.dryRun) {
      return {
        fromVersion,
        toVersion: target,
        applied: [],
        sql: steps.map((m) => sqlBlock(m, m.up, '')).join('\n')
      }
    }
    if (steps.length === 0) return { fromVersion, toVersion: fromVersion, applied: [] }

    const db = openDatabase(dbPath)
    try {
      const backup =
        fromVersion >= 1
          ? backupBeforeSchemaChange(db, {
              dbPath,
              fromVersion,
              appVersion: options.appVersion,
              backupDir: options.backupDir
            })
          : undefined
      ensureHistoryTable(db)
      const applied: MigrationStep[] = []
      withBackupHint(backup, () => {
        for (const m of steps) {
          const executionMs = runStep(db, dbPath, m, m.up, m.version, (ms) =>
            writeHistory(db, {
              version: m.version,
              name: m.name,
              checksum: migrationChecksum(m),
              appliedAt: new Date().toISOString(),
              executionMs: ms,
              error: null
            })
          )
          applied.push({ version: m.version, name: m.name, executionMs })
        }
      })
      return { fromVersion, toVersion: target, applied, ...(backup ? { backup } : {}) }
    } finally {
      db.close()
    }
  } finally {
    lock?.release()
  }
}

/** Runs `down` of each applied migration above `target`, newest first, after a backup, under the schema lock; the
 * downgrade goes to the audit trail. */
export async function downgradeSchema(
  dbPath: string,
  list: MigrationList,
  options: DowngradeOptions
): Promise<DowngradeResult> {
  const run = (): Promise<DowngradeResult> => runDowngrade(dbPath, list, options)
  return options.dryRun ? run() : recorded(path.dirname(dbPath), 'schema-downgrade', run, schemaEvent)
}

async function runDowngrade(
  dbPath: string,
  list: MigrationList,
  options: DowngradeOptions
): Promise<DowngradeResult> {
  validateMigrationList(list)
  const { target } = options
  if (!Number.isInteger(target) || target < 0) {
    throw new UserError('USAGE', `Schema version ${target} is not a valid downgrade target (use 0 or more).`)
  }
  const lock = options.dryRun ? null : await lockSchema(dbPath, options.lockPath, 'schema downgrade')
  try {
    const status = checkedStatus(dbPath, list)
    const fromVersion = status.currentVersion
    if (target > fromVersion) {
      throw new UserError(
        'USAGE',
        `${dbPath} is at schema version ${fromVersion}, below the target ${target}. Use an upgrade to go forward.`
      )
    }
    const steps = list.slice(target, fromVersion).reverse()
    const irreversible = steps.filter((m) => m.down === undefined || m.down.trim() === '')
    if (irreversible.length > 0) {
      throw new UserError(
        'WRONG_STATE',
        `Cannot downgrade ${dbPath} to version ${target}: ${irreversible.map(migrationFileName).join(', ')} cannot be undone (no down SQL). Restore a backup instead.`
      )
    }
    if (options.dryRun) {
      return {
        fromVersion,
        toVersion: target,
        reverted: [],
        sql: steps.map((m) => sqlBlock(m, m.down ?? '', ' (down)')).join('\n')
      }
    }
    if (steps.length === 0) return { fromVersion, toVersion: fromVersion, reverted: [] }

    const db = openDatabase(dbPath)
    try {
      const backup = backupBeforeSchemaChange(db, {
        dbPath,
        fromVersion,
        appVersion: options.appVersion,
        backupDir: options.backupDir
      })
      ensureHistoryTable(db)
      const reverted: MigrationStep[] = []
      withBackupHint(backup, () => {
        for (const m of steps) {
          const executionMs = runStep(db, dbPath, m, m.down ?? '', m.version - 1, () =>
            deleteHistory(db, m.version)
          )
          reverted.push({ version: m.version, name: m.name, executionMs })
        }
      })
      return { fromVersion, toVersion: target, reverted, backup }
    } finally {
      db.close()
    }
  } finally {
    lock?.release()
  }
}

/** What the audit trail records of a schema change (its steps, versions, the backup taken before it); nothing when
 * no step ran or a new database was created (v0). */
function schemaEvent(result: UpgradeResult | DowngradeResult): EventSummary | null {
  const steps = 'applied' in result ? result.applied : result.reverted
  if (steps.length === 0 || result.fromVersion === 0) return null
  return {
    counts: { records: { steps: steps.length } },
    detail: `v${result.fromVersion} → v${result.toVersion}${result.backup ? `; backup ${path.basename(result.backup)}` : ''}`
  }
}

/** The schema lock, so two processes never change the schema at once; waits up to 10 s for the other one. */
function lockSchema(dbPath: string, lockPath: string | undefined, purpose: string): Promise<LockHandle> {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true })
  return acquireLock(lockPath ?? `${dbPath}.schema-lock`, { purpose, waitMs: 10_000, resource: dbPath })
}

/** Runs the steps; if one fails, its error also says where the backup taken before the first step is. */
function withBackupHint(backup: string | undefined, run: () => void): void {
  try {
    run()
  } catch (error) {
    if (!backup || !(error instanceof UserError)) throw error
    throw new UserError(error.code, `${error.message} The backup taken before this change is in ${backup}.`, {
      cause: error.cause
    })
  }
}

/** Status read without writing, refusing a database from a newer app or one whose applied migrations were edited. */
function checkedStatus(dbPath: string, list: MigrationList): SchemaStatus {
  const status = schemaStatus(dbPath, list)
  if (status.newerThanApp) {
    throw new UserError(
      'NEWER_SCHEMA',
      `${dbPath} has schema version ${status.currentVersion}, but this Personal Agent only knows up to version ${status.latestVersion}. Update Personal Agent, or restore a backup made with this version.`
    )
  }
  const edited = status.checksumMismatches[0]
  if (edited) {
    throw new UserError(
      'SCHEMA_CHECKSUM',
      `Schema migration ${edited.version} (${migrationFileName(edited)}) was edited after it was applied to ${dbPath}. Restore that migration file to its released content and put further changes in a new migration.`
    )
  }
  return status
}

/**
 * One step in its own transaction, following SQLite's ALTER TABLE procedure: foreign keys off outside the
 * transaction, BEGIN IMMEDIATE, the SQL, foreign_key_check, user_version and history, COMMIT, foreign keys on.
 * Returns the SQL's running time. On failure the step is rolled back and, for an upgrade, the attempt recorded.
 */
function runStep(
  db: Db,
  dbPath: string,
  m: SchemaMigration,
  sql: string,
  versionAfter: number,
  recordSuccess: (executionMs: number) => void
): number {
  const isUp = versionAfter === m.version
  db.pragma('foreign_keys = OFF')
  const started = performance.now()
  try {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(sql)
      if (!db.inTransaction)
        throw new Error('the SQL ended the transaction itself (remove BEGIN/COMMIT from it)')
      const violations = db.pragma('foreign_key_check') as { table: string; parent: string }[]
      if (violations.length > 0) {
        const v = violations[0]!
        throw new Error(
          `${violations.length} foreign key violation(s), first in table ${v.table} referencing ${v.parent}`
        )
      }
      const executionMs = Math.round(performance.now() - started)
      db.pragma(`user_version = ${versionAfter}`)
      recordSuccess(executionMs)
      db.exec('COMMIT')
      return executionMs
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      const reason = error instanceof Error ? error.message : String(error)
      if (isUp) recordFailure(db, m, reason, Math.round(performance.now() - started))
      throw new UserError(
        'INTERNAL',
        `Schema migration ${migrationFileName(m)}${isUp ? '' : ' (down)'} failed on ${dbPath} and was rolled back; the database stays at version ${userVersion(db)}: ${reason}`,
        { cause: error }
      )
    }
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

/** Records a failed attempt in its own small transaction; best effort, the original error matters more. */
function recordFailure(db: Db, m: SchemaMigration, error: string, executionMs: number): void {
  try {
    db.transaction(() =>
      writeHistory(db, {
        version: m.version,
        name: m.name,
        checksum: migrationChecksum(m),
        appliedAt: new Date().toISOString(),
        executionMs,
        error
      })
    )()
  } catch {
    // Nothing more to do: the step itself was rolled back and its error is reported.
  }
}

function sqlBlock(m: SchemaMigration, sql: string, suffix: string): string {
  return `-- ${migrationFileName(m).replace(/\.ts$/, '')}${suffix}\n${sql.trim()}\n`
}
