// The migration engine: detect → preflight → backup → migrate → verify → commit → index → checks → retire → report.
// One engine for the app at launch and the CLI. Data is imported into a staging database that becomes the store
// only once it verifies against the backup, so a crash at any instant leaves either the old state or a resumable
// one; the full-text index and SQLite's checks run after the commit, and the legacy files go only after both.
import { randomUUID } from 'node:crypto'
import { existsSync, renameSync, rmSync, unlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../shared/errors'
import type {
  MigrationCounts,
  MigrationPhase,
  MigrationProgress,
  MigrationReport,
  QuarantineEntry,
  SalvagedFile
} from '../../shared/types'
import { APP_VERSION } from '../base/app-version'
import { acquireLock } from '../fs/file-lock'
import { fsUserError } from '../fs/fs-errors'
import { fsyncDir, hashFile } from '../fs/atomic-write'
import { pathIn, retiredName } from '../legacy/conversation-folders'
import {
  holdsConversations,
  isConversationFolderFile,
  MCP_FILE,
  MODELS_FILE,
  type LegacyFileName,
  type LegacySourceFile
} from '../legacy/legacy-files'
import { logger } from '../logging/logger'
import type { SecretStore } from '../secrets/secret-store'
import { TextSealer } from '../secrets/sealed-text'
import { auditedSecrets, recorded } from '../history/recorded'
import { migrationEvent } from './migration-events'
import type { Db } from '../store/sqlite/database'
import { closeStore, openStore } from '../store/sqlite/open-store'
import {
  createBackup,
  discardBackup,
  findBackup,
  manifestBytes,
  migrationBackupRef,
  type Backup
} from './backup'
import { sealFolder, withPlainView } from '../backups/backup-folder'
import { dataPaths, sqliteFiles, type DataPaths } from '../base/data-paths'
import { detectState, type DetectedState } from './detect-state'
import { faultAt } from '../base/fault-injection'
import { importConversationFiles } from './load-conversation-files'
import { importMcpServers, importProfiles } from './load-config-records'
import { readLegacyDocument } from '../legacy/legacy-source'
import { REPAIR_FIX } from '../legacy/legacy-document'
import { SALVAGE_FIX } from '../../shared/salvage'
import { emptyFileWarnings, salvagedFiles } from './set-aside'
import { preflight, type MigrationPlan } from './preflight'
import { conversationFolderCounts, writeReport } from './report'
import { writeStateFile, type StateFile } from './state-file'
import { verifyStore } from './verify'
import { beginBulkLoad, endBulkLoad, type SearchTriggers } from '../store/sqlite/staging/bulk-load'
import { discardMcpServers, markRunVerified } from '../store/sqlite/staging/staging-writes'
import type { DigestSource } from './source-digests'
import { ProgressTracker } from './progress-tracker'
import { AfterCommitFailure, indexAndCheck, pendingSearchTriggers, rollBackAfter } from './after-commit'
import { sinceProcessStart } from './process-clock'

export interface MigrateOptions {
  dryRun?: boolean
  onProgress?: (progress: MigrationProgress) => void
  batchSize?: number
  /** How long to wait for another process's migration lock (default: refuse at once). */
  lockWaitMs?: number
  /** The keychain to use (a worker passes its proxy to the main thread's keychain). */
  secrets?: SecretStore
  /** Migrate what can be read of a damaged legacy file, setting the damaged bytes aside (`migrate --salvage`). */
  salvage?: boolean
}

export type MigrateStatus = 'migrated' | 'already-migrated' | 'nothing-to-migrate' | 'dry-run'

export interface MigrateOutcome {
  status: MigrateStatus
  backupId: string | null
  counts: MigrationCounts
  quarantined: number
  durationMs: number
  /** Ms from process start until this run's verified store was committed and could be shown (null: none was). */
  usableMs: number | null
  /** Ms from process start until the run was over. */
  totalMs: number
  report: MigrationReport | null
  plan: Omit<MigrationPlan, 'source' | 'damaged'> | null
  /** What a salvage kept and set aside, per damaged file (a dry run's preview too). */
  salvaged: SalvagedFile[]
  /** Warnings found before the run (a dry run's too): empty legacy files. */
  warnings: string[]
}

const ZERO: MigrationCounts = { conversations: 0, messages: 0, profiles: 0, mcp_servers: 0, secrets: 0 }

function outcome(
  status: MigrateStatus,
  started: number,
  extra: Partial<MigrateOutcome> = {}
): MigrateOutcome {
  return {
    status,
    backupId: null,
    counts: ZERO,
    quarantined: 0,
    durationMs: Date.now() - started,
    usableMs: null,
    totalMs: sinceProcessStart(),
    report: null,
    plan: null,
    salvaged: [],
    warnings: [],
    ...extra
  }
}

function writeState(paths: DataPaths, state: Omit<StateFile, 'updatedAt' | 'appVersion'>): void {
  writeStateFile(paths.state, { ...state, appVersion: APP_VERSION })
}

function removeSqlite(file: string): void {
  for (const f of sqliteFiles(file)) rmSync(f, { force: true })
}

/** Runs the launch migration for a data folder. */
export async function migrate(dataDir: string, options: MigrateOptions = {}): Promise<MigrateOutcome> {
  const progress = new ProgressTracker(options.onProgress)
  try {
    if (options.dryRun) return await runMigration(dataDir, options, progress)
    return await recorded(
      dataDir,
      'migration',
      () => runMigration(dataDir, options, progress),
      migrationEvent
    )
  } finally {
    progress.stop()
  }
}

async function runMigration(
  dataDir: string,
  options: MigrateOptions,
  progress: ProgressTracker
): Promise<MigrateOutcome> {
  const started = Date.now()
  const paths = dataPaths(dataDir)
  faultAt('migration-start')
  if (!existsSync(dataDir)) {
    if (options.dryRun) return outcome('dry-run', started)
    throw new UserError(
      'NOT_FOUND',
      `The data folder ${dataDir} does not exist. Pass the folder that holds your Personal Agent data with --data-dir.`
    )
  }
  const detected = detectState(dataDir)
  if (detected.state === 'newer-schema') throw newerSchemaError(paths, detected)
  if (detected.state === 'migrated' && detected.stateFile?.incomplete.length)
    return retryIncomplete(paths, detected, options, progress, started)
  if (detected.state === 'migrated')
    return outcome('already-migrated', started, { backupId: detected.stateFile?.backupId ?? null })
  if (detected.state === 'fresh') {
    if (options.dryRun) return outcome('dry-run', started)
    const db = await openStore(paths.db)
    closeStore(db)
    writeState(paths, { state: 'migrated', runId: null, backupId: null, phase: null, incomplete: [] })
    return outcome('nothing-to-migrate', started)
  }

  const secrets = options.secrets ?? auditedSecrets(dataDir)
  if (options.dryRun) {
    const full = await salvageHinted(options, () =>
      preflight(dataDir, detected.legacyFiles, secrets, { exact: true, salvage: options.salvage })
    )
    const plan = {
      files: full.files,
      bytes: full.bytes,
      counts: full.counts,
      requiredBytes: full.requiredBytes,
      freeBytes: full.freeBytes,
      setAside: full.setAside
    }
    return outcome('dry-run', started, {
      plan,
      counts: { ...plan.counts, messages: plan.counts.messages ?? 0 },
      quarantined: full.setAside?.length ?? 0,
      salvaged: salvagedFiles(full.source),
      warnings: emptyFileWarnings(full.source)
    })
  }

  const lock = await acquireLock(paths.lock, {
    purpose: 'migrating',
    waitMs: options.lockWaitMs ?? 0,
    resource: `The data folder ${dataDir}`
  })
  let failure: AfterCommitFailure
  try {
    const again = detectState(dataDir)
    if (again.state === 'migrated')
      return outcome('already-migrated', started, { backupId: again.stateFile?.backupId ?? null })
    const phase = again.stateFile?.phase
    const resumable =
      again.state === 'interrupted' &&
      (phase === 'committing' || phase === 'indexing' || phase === 'retiring')
    if (resumable && again.stateFile?.backupId)
      return await finishCommitted(paths, again.stateFile, secrets, progress, started)
    return await runFull(paths, again, secrets, options, progress, started)
  } catch (error) {
    if (!(error instanceof AfterCommitFailure)) throw error
    failure = error
  } finally {
    lock.release()
  }
  // The rollback takes the lock itself.
  return rollBackAfter(dataDir, failure, secrets)
}

/** The files of a run, for the log: the three files by name, the conversation folders' files counted. */
function filesForLog(files: readonly LegacySourceFile[]): string {
  const named = files.filter((f) => !isConversationFolderFile(f))
  const inFolders = files.length - named.length
  return [...named, ...(inFolders > 0 ? [`${inFolders} conversation folder files`] : [])].join(', ')
}

function newerSchemaError(paths: DataPaths, detected: DetectedState): UserError {
  return new UserError(
    'NEWER_SCHEMA',
    `${paths.db} was written by a newer version of Personal Agent (schema v${detected.schemaVersion}). Update Personal Agent to open it, or restore an older backup; nothing was changed.`
  )
}

async function runFull(
  paths: DataPaths,
  detected: DetectedState,
  secrets: SecretStore,
  options: MigrateOptions,
  progress: ProgressTracker,
  started: number
): Promise<MigrateOutcome> {
  const runId = randomUUID()
  const startedAt = new Date(started).toISOString()
  const previousState = detected.stateFile
  // A run that died before its commit left only a staging database: start again from the legacy files.
  removeSqlite(paths.stagingDb)
  if (existsSync(paths.db) && detected.state !== 'interrupted') {
    throw new UserError(
      'WRONG_STATE',
      `${paths.db} already exists. Move it out of the data folder to migrate the legacy files into a new store.`
    )
  }
  progress.phase('preflight', 'Checking the legacy files, disk space and keychain')
  const plan = await salvageHinted(options, () =>
    preflight(paths.dataDir, detected.legacyFiles, secrets, {
      onScan: () => progress.tick(),
      salvage: options.salvage
    })
  )
  const damaged = new Set(plan.damaged)
  progress.setTotal(plan.counts.conversations + plan.counts.profiles + plan.counts.mcp_servers, plan.bytes)

  progress.phase('backup', 'Backing up the legacy files')
  writeState(paths, { state: 'migrating', runId, backupId: null, phase: 'preparing', incomplete: [] })
  let backup: Backup
  try {
    // Copy and read-back are two passes over the bytes: report them as one.
    backup = createBackup(paths, plan.files, APP_VERSION, (bytes) => progress.bytes(bytes / 2))
    faultAt('after-backup')
  } catch (error) {
    restoreState(paths, previousState)
    throw fsUserError(error, paths.dataDir, 'Your legacy files were not changed')
  }
  logger.info(`migration ${runId}: backup ${backup.id} verified (${filesForLog(plan.files)})`)
  writeState(paths, { state: 'migrating', runId, backupId: backup.id, phase: 'importing', incomplete: [] })

  const counts: MigrationCounts = { ...ZERO }
  const quarantined: QuarantineEntry[] = []
  const warnings: string[] = emptyFileWarnings(plan.source)
  const incomplete: string[] = []
  let folders: MigrationReport['conversationFolders'] = []
  let db: Db | null = null
  let searchTriggers: SearchTriggers = []
  try {
    db = await openStore(paths.stagingDb)
    searchTriggers = beginBulkLoad(db)
    const docs = (file: LegacyFileName) =>
      plan.files.includes(file)
        ? readLegacyDocument(backup.dir, file, () => progress.tick(), damaged.has(file))
        : null

    const conversationFiles = plan.files.filter(holdsConversations)
    let digests: Partial<Record<LegacySourceFile, DigestSource>> = {}
    if (conversationFiles.length > 0) {
      progress.phase('conversations', 'Moving conversations')
      const result = await importConversationFiles(db, backup.dir, conversationFiles, runId, {
        batchSize: options.batchSize ?? 200,
        sealer: new TextSealer(secrets),
        onProgress: (bytes, done) => progress.done(done, bytes),
        onScan: () => progress.tick(),
        damaged
      })
      digests = result.digests
      counts.conversations = result.conversations
      counts.messages = result.messages
      quarantined.push(...result.quarantined)
    }
    const profiles = docs(MODELS_FILE)
    if (profiles) {
      progress.phase('profiles', 'Moving profiles and their API keys')
      faultAt('profiles')
      const result = await importProfiles(db, profiles, secrets, runId)
      counts.profiles = result.records
      counts.secrets += result.secrets
      quarantined.push(...result.quarantined)
      warnings.push(...result.warnings)
      progress.advance(profiles.count)
    }
    const mcp = docs(MCP_FILE)
    if (mcp) {
      progress.phase('mcp_servers', 'Moving MCP servers')
      try {
        faultAt('mcp_servers')
        const result = await importMcpServers(db, mcp, secrets, runId)
        counts.mcp_servers = result.records
        counts.secrets += result.secrets
        quarantined.push(...result.quarantined)
      } catch (error) {
        // Conversations and profiles stand on their own: keep them, leave mcp_config.json in place, retry later.
        discardMcpServers(db)
        incomplete.push('mcp_servers')
        warnings.push(
          `${MCP_FILE}: the MCP servers could not be moved (${error instanceof Error ? error.message : String(error)}). The file stays in place; run "personal-agent migrate" again to retry.`
        )
        logger.error('migration: MCP step failed', error)
      }
      progress.advance(mcp.count)
    }

    progress.phase('verify', 'Verifying every record against the backup')
    faultAt('verify')
    const files = plan.files.filter((f) => !(f === MCP_FILE && incomplete.length))
    const verified = await verifyStore(db, secrets, backup.dir, files, {
      digests,
      // SQLite's own checks run over the finished file, index included, after the commit.
      sqliteChecks: false,
      onBytes: (bytes) => progress.bytes(bytes)
    })
    if (!verified.ok) {
      throw new UserError(
        'VERIFY_FAILED',
        `Verification found ${verified.discrepancies.length} differences (first: ${verified.discrepancies[0]}). Your legacy files were not changed; the details are in the log.`
      )
    }
    markRunVerified(db, { runId, startedAt, backupId: backup.id })
    folders = conversationFolderCounts(db, plan.files)
    faultAt('before-commit')
    progress.phase('commit', 'Saving the verified store')
    await endBulkLoad(db, paths.stagingDb)
    db = null
  } catch (error) {
    if (db) db.close()
    removeSqlite(paths.stagingDb)
    discardBackup(paths, backup.dir)
    restoreState(paths, previousState)
    throw fsUserError(error, paths.dataDir, 'Your legacy files were not changed')
  }

  // Commit: the verified staging database becomes the store in one rename.
  const pending = { state: 'migrating', runId, backupId: backup.id, incomplete } as const
  writeState(paths, { ...pending, phase: 'committing', searchTriggers: [...searchTriggers] })
  renameSync(paths.stagingDb, paths.db)
  fsyncDir(paths.dataDir)
  const usableMs = sinceProcessStart()
  logger.info(`migration ${runId}: the verified store is committed and usable`)
  faultAt('after-commit')
  writeState(paths, { ...pending, phase: 'indexing', searchTriggers: [...searchTriggers] })
  await indexAndCheck(paths.db, searchTriggers, progress, plan.bytes)
  const report: MigrationReport = {
    runId,
    backupId: backup.id,
    appVersion: APP_VERSION,
    startedAt,
    finishedAt: '',
    durationMs: 0,
    counts,
    quarantined,
    warnings,
    phases: [],
    incomplete,
    conversationFolders: folders,
    ...(damaged.size > 0 ? { salvaged: salvagedFiles(plan.source) } : {})
  }
  return finishRun(paths, backup, secrets, report, progress, started, usableMs)
}

/** Retire the legacy files (they live on in the backup), write the report, and mark the folder migrated. */
async function finishRun(
  paths: DataPaths,
  backup: Backup,
  secrets: SecretStore,
  report: MigrationReport,
  progress: ProgressTracker,
  started: number,
  usableMs: number | null,
  /** The backup a rollback restores: the first run's, which holds every legacy file (a retry backs up one). */
  rollbackBackupId: string = backup.id
): Promise<MigrateOutcome> {
  writeState(paths, {
    state: 'migrating',
    runId: report.runId,
    backupId: rollbackBackupId,
    phase: 'retiring',
    incomplete: report.incomplete
  })
  progress.phase('retire', 'Retiring the legacy files')
  faultAt('before-retire')
  const folders = new Set<string>([paths.dataDir])
  for (const file of backup.manifest.files) {
    if (report.incomplete.includes('mcp_servers') && file.name === MCP_FILE) continue
    const live = pathIn(paths.dataDir, file.name)
    // Gone (or already renamed by a run that died while retiring): nothing left to do for it.
    if (!existsSync(live)) continue
    const now = hashFile(live, () => progress.tick())
    if (now.sha256 !== file.sha256) {
      report.warnings.push(
        `${file.name} changed after the backup was taken (another program wrote it); it was left in place. Run "personal-agent migrate" again after closing the old app.`
      )
      continue
    }
    // A conversation folder's file stays, renamed, as a marker that it was migrated; the three files go.
    if (isConversationFolderFile(file.name)) renameSync(live, pathIn(paths.dataDir, retiredName(file.name)))
    else unlinkSync(live)
    folders.add(dirname(live))
    faultAt('mid-retire')
  }
  for (const folder of folders) fsyncDir(folder)
  progress.phase('report', 'Writing the report')
  report.finishedAt = new Date().toISOString()
  report.durationMs = Date.now() - started
  report.phases = progress.phaseDurations()
  writeReport(backup.dir, report)
  // The legacy files are retired: the backup is now the only copy of their keys, so it is encrypted in place.
  try {
    await sealFolder(migrationBackupRef(backup), secrets)
  } catch (error) {
    // The migration itself is done; an unsealed backup is sealed at the next start.
    logger.warn(`migration ${report.runId}: backup ${backup.id} not encrypted yet`, error)
  }
  faultAt('before-final-state')
  writeState(paths, {
    state: 'migrated',
    runId: report.runId,
    backupId: rollbackBackupId,
    phase: null,
    incomplete: report.incomplete
  })
  progress.phase('done', 'Migration complete')
  logger.info(`migration ${report.runId}: done`, report.counts)
  return outcome('migrated', started, {
    usableMs,
    backupId: backup.id,
    counts: report.counts,
    quarantined: report.quarantined.length,
    report,
    salvaged: report.salvaged ?? [],
    warnings: report.warnings
  })
}

/** A run died after its verified database was committed: finish retiring and reporting. */
async function finishCommitted(
  paths: DataPaths,
  state: StateFile,
  secrets: SecretStore,
  progress: ProgressTracker,
  started: number
): Promise<MigrateOutcome> {
  const backup = findBackup(paths, state.backupId ?? undefined)
  if (!existsSync(paths.db) && existsSync(paths.stagingDb)) {
    renameSync(paths.stagingDb, paths.db)
    fsyncDir(paths.dataDir)
  }
  const db = await openStore(paths.db)
  let report: MigrationReport
  let triggers: SearchTriggers | null
  try {
    const files = backup.manifest.files
      .map((f) => f.name)
      .filter((f) => !(f === MCP_FILE && state.incomplete.includes('mcp_servers')))
    progress.phase('verify', 'Verifying every record of the interrupted migration against the backup')
    const verified = await withPlainView(migrationBackupRef(backup), secrets, (dir) =>
      // SQLite's own checks run below, over the file with its index.
      verifyStore(db, secrets, dir, files, { sqliteChecks: false })
    )
    if (!verified.ok)
      throw new UserError(
        'VERIFY_FAILED',
        `The interrupted migration's database does not match the backup (${verified.discrepancies[0]}). Run "personal-agent rollback" to restore the backup.`
      )
    report = existingCountsReport(db, state, backup)
    report.conversationFolders = conversationFolderCounts(db, files)
    triggers = pendingSearchTriggers(db, state)
  } finally {
    db.close()
  }
  const usableMs = sinceProcessStart()
  // A run killed before its index and checks were through finishes them first; the legacy files go only after.
  writeState(paths, {
    state: 'migrating',
    runId: state.runId,
    backupId: backup.id,
    phase: 'indexing',
    incomplete: state.incomplete,
    ...(triggers ? { searchTriggers: [...triggers] } : {})
  })
  await indexAndCheck(paths.db, triggers, progress, manifestBytes(backup.manifest))
  return finishRun(paths, backup, secrets, report, progress, started, usableMs)
}

function existingCountsReport(db: Db, state: StateFile, backup: Backup): MigrationReport {
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
  const quarantined = db
    .prepare('SELECT file, json_path AS jsonPath, reason FROM quarantine ORDER BY id')
    .all() as QuarantineEntry[]
  return {
    runId: state.runId ?? 'unknown',
    backupId: backup.id,
    appVersion: APP_VERSION,
    startedAt: state.updatedAt,
    finishedAt: '',
    durationMs: 0,
    counts: {
      conversations: count('SELECT COUNT(*) AS n FROM conversations'),
      messages: count('SELECT COUNT(*) AS n FROM messages'),
      profiles: count('SELECT COUNT(*) AS n FROM profiles'),
      mcp_servers: count('SELECT COUNT(*) AS n FROM mcp_servers'),
      secrets: count('SELECT COUNT(*) AS n FROM secret_refs')
    },
    quarantined,
    warnings: [
      'This migration was interrupted after its database was verified; it was finished on the next run.'
    ],
    phases: [],
    incomplete: state.incomplete
  }
}

/** The MCP step failed last time: back up mcp_config.json again and import it into the live store. */
async function retryIncomplete(
  paths: DataPaths,
  detected: DetectedState,
  options: MigrateOptions,
  progress: ProgressTracker,
  started: number
): Promise<MigrateOutcome> {
  const state = detected.stateFile!
  if (options.dryRun) return outcome('dry-run', started)
  const secrets = options.secrets ?? auditedSecrets(paths.dataDir)
  const lock = await acquireLock(paths.lock, {
    purpose: 'migrating',
    waitMs: options.lockWaitMs ?? 0,
    resource: `The data folder ${paths.dataDir}`
  })
  try {
    if (!existsSync(join(paths.dataDir, MCP_FILE))) {
      writeState(paths, { ...state, incomplete: [] })
      return outcome('already-migrated', started, { backupId: state.backupId })
    }
    const plan = await preflight(paths.dataDir, [MCP_FILE], secrets)
    const backup = createBackup(paths, plan.files, APP_VERSION)
    const doc = readLegacyDocument(backup.dir, MCP_FILE)!
    const db = await openStore(paths.db)
    const runId = randomUUID()
    try {
      const result = await importMcpServers(db, doc, secrets, runId)
      const verified = await verifyStore(db, secrets, backup.dir, [MCP_FILE])
      if (!verified.ok)
        throw new UserError('VERIFY_FAILED', `MCP servers did not verify (${verified.discrepancies[0]}).`)
      const counts = { ...ZERO, mcp_servers: result.records, secrets: result.secrets }
      const report: MigrationReport = {
        runId,
        backupId: backup.id,
        appVersion: APP_VERSION,
        startedAt: new Date(started).toISOString(),
        finishedAt: '',
        durationMs: 0,
        counts,
        quarantined: result.quarantined,
        warnings: [],
        phases: [],
        incomplete: []
      }
      return finishRun(paths, backup, secrets, report, progress, started, null, state.backupId ?? backup.id)
    } finally {
      db.close()
    }
  } finally {
    lock.release()
  }
}

/**
 * A plain run refuses a damaged file, touching nothing: its message then names the salvage as the way forward.
 */
async function salvageHinted<T>(options: MigrateOptions, body: () => Promise<T>): Promise<T> {
  try {
    return await body()
  } catch (error) {
    if (options.salvage || !(error instanceof UserError) || !error.message.endsWith(REPAIR_FIX)) throw error
    throw new UserError(error.code, `${error.message.slice(0, -REPAIR_FIX.length)}${SALVAGE_FIX}`, {
      cause: error
    })
  }
}

function restoreState(paths: DataPaths, previous: StateFile | null): void {
  if (previous && previous.state !== 'migrating') writeStateFile(paths.state, previous)
  else rmSync(paths.state, { force: true })
}

export type { MigrationPhase }
