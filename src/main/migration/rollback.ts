// Rollback: put the legacy files back (byte-identical from the backup, or, when the user added data since, the
// current store written in the legacy shape), remove the `.migrated` markers of the conversation folders' files,
// move the database aside, clear this folder's keychain entries, and mark the folder rolled-back so the app does
// not migrate again by itself.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { APP_VERSION } from '../base/app-version'
import { fsyncDir, writeFileAtomic } from '../fs/atomic-write'
import { checkFolder, folderKey, restoreStored, sealFolder } from '../backups/backup-folder'
import { acquireLock } from '../fs/file-lock'
import { pathIn, retiredName } from '../legacy/conversation-folders'
import { isConversationFolderFile } from '../legacy/legacy-files'
import { logger } from '../logging/logger'
import { auditedSecrets } from '../history/recorded'
import type { SecretStore } from '../secrets/secret-store'
import { openDatabase, type Db } from '../store/sqlite/database'
import { findBackup, migrationBackupRef, type ManifestFile } from './backup'
import { dataPaths, sqliteFiles, utcStamp, type DataPaths } from '../base/data-paths'
import { detectState } from './detect-state'
import { faultAt } from '../base/fault-injection'
import { exportLegacyFiles } from '../store/sqlite/legacy-export'
import { writeStateFile } from './state-file'

export interface RollbackOptions {
  backupId?: string
  /** Restore the exact original files even if the user created or changed records since the migration. */
  discardNewData?: boolean
  /** The keychain to use (the migration's own, when it rolls back by itself from its worker thread). */
  secrets?: SecretStore
}

export interface RollbackResult {
  restoredFrom: string
  /** True when records created or changed after the migration were written into the restored files. */
  keptNewRecords: boolean
  files: string[]
  removedKeychainEntries: number
  databaseMovedTo: string | null
  warnings: string[]
}

/** Removes the markers the migration left for the conversation folders' files (their files are back). */
function removeRetiredMarkers(dataDir: string, files: readonly ManifestFile[]): void {
  const folders = new Set<string>()
  for (const { name } of files) {
    if (!isConversationFolderFile(name)) continue
    const marker = pathIn(dataDir, retiredName(name))
    if (!existsSync(marker)) continue
    rmSync(marker)
    folders.add(dirname(marker))
  }
  for (const folder of folders) fsyncDir(folder)
}

function userChanges(db: Db): number {
  const mutations = db.prepare("SELECT value FROM meta WHERE key = 'mutations'").get() as
    { value: string } | undefined
  return Number(mutations?.value ?? 0)
}

/** The keychain accounts the store refers to: the entries a move back to the legacy files removes. */
export function storeAccounts(db: Db): string[] {
  return (db.prepare('SELECT account FROM secret_refs').all() as { account: string }[]).map((r) => r.account)
}

/**
 * Moves the database (and a staging one left by a run), with their WAL files, into
 * `rolled_back_databases/<stamp>/`; returns that folder, or null when there was no database.
 */
export function setDatabasesAside(paths: DataPaths, stamp: string): string | null {
  let movedTo: string | null = null
  for (const source of [paths.db, paths.stagingDb]) {
    if (!existsSync(source)) continue
    const target = join(paths.rolledBack, stamp)
    mkdirSync(target, { recursive: true, mode: 0o700 })
    for (const file of sqliteFiles(source))
      if (existsSync(file)) renameSync(file, join(target, file.slice(paths.dataDir.length + 1)))
    movedTo = target
  }
  fsyncDir(paths.dataDir)
  return movedTo
}

/** Encrypts the databases a rollback set aside (they hold the user's data) in their folder, in place. */
export async function sealSetAside(folder: string, secrets: SecretStore): Promise<void> {
  const id = folder.slice(folder.lastIndexOf('/') + 1)
  await sealFolder({ kind: 'rolled-back', id, dir: folder }, secrets, () =>
    readdirSync(folder).filter((name) => name.startsWith('personal-agent.db'))
  )
}

export async function rollback(dataDir: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const paths = dataPaths(dataDir)
  const detected = detectState(dataDir)
  if (detected.state === 'rolled-back')
    throw new UserError(
      'WRONG_STATE',
      `${dataDir} is already rolled back; its legacy files are live. Run "personal-agent migrate" to migrate again.`
    )
  if (detected.state === 'fresh' || detected.state === 'legacy')
    throw new UserError('WRONG_STATE', `${dataDir} has not been migrated, so there is nothing to roll back.`)
  if (detected.state === 'newer-schema')
    throw new UserError(
      'NEWER_SCHEMA',
      `${paths.db} was written by a newer version of Personal Agent; roll back with that version.`
    )

  const lock = await acquireLock(paths.lock, {
    purpose: 'rolling back',
    resource: `The data folder ${dataDir}`
  })
  try {
    const backup = findBackup(paths, options.backupId ?? detected.stateFile?.backupId ?? undefined)
    const secrets = options.secrets ?? auditedSecrets(dataDir)
    const ref = migrationBackupRef(backup)
    const key = await folderKey(secrets, ref, backup.manifest)
    const problems = checkFolder(ref, backup.manifest, key)
    if (problems.length)
      throw new UserError(
        'BACKUP_MISMATCH',
        `Backup ${backup.id} is damaged (${problems[0]}); nothing was changed. Choose another one with --backup (see "personal-agent backups list").`
      )

    let keptNewRecords = false
    let files: string[] = backup.manifest.files.map((f) => f.name)
    const db = existsSync(paths.db) ? openDatabase(paths.db) : null
    // The keychain entries to remove are the ones the store refers to (listing the keychain instead would race with
    // other programs changing it).
    const accounts = db ? storeAccounts(db) : []
    try {
      if (db && !options.discardNewData && userChanges(db) > 0) {
        files = await exportLegacyFiles(db, secrets, dataDir)
        keptNewRecords = true
      } else {
        for (const file of backup.manifest.files) {
          const target = pathIn(dataDir, file.name)
          mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
          const copied = restoreStored(ref, file.name, key, target)
          faultAt('rollback-restore')
          if (copied.sha256 !== file.sha256)
            throw new UserError(
              'BACKUP_MISMATCH',
              `${file.name} did not restore to its original checksum. Try again; the backup in ${backup.dir} is untouched.`
            )
        }
      }
      removeRetiredMarkers(dataDir, backup.manifest.files)
      faultAt('mid-rollback')
    } finally {
      if (db) {
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }
    }

    const stamp = utcStamp()
    const databaseMovedTo = setDatabasesAside(paths, stamp)
    writeStateFile(paths.state, {
      state: 'rolled-back',
      runId: detected.stateFile?.runId ?? null,
      backupId: backup.id,
      phase: null,
      incomplete: [],
      appVersion: APP_VERSION
    })

    // In legacy mode keys live in the legacy files again; this folder's keychain entries are removed. The files
    // are already back, so a keychain that fails now only leaves entries behind: say so, don't fail the rollback.
    faultAt('rollback-keychain')
    let removed = 0
    const warnings: string[] = []
    try {
      for (const account of accounts) if (await secrets.delete(account)) removed += 1
    } catch (error) {
      warnings.push(
        `Some keychain entries of this data folder could not be removed (${error instanceof Error ? error.message : String(error)}); remove them in your keychain manager (service "personal-agent") if you wish.`
      )
    }
    if (databaseMovedTo) {
      try {
        await sealSetAside(databaseMovedTo, secrets)
      } catch (error) {
        warnings.push(
          `The database set aside in ${databaseMovedTo} could not be encrypted yet (${error instanceof Error ? error.message : String(error)}); Personal Agent encrypts it at its next start.`
        )
      }
    }

    const result: RollbackResult = {
      restoredFrom: backup.id,
      keptNewRecords,
      files,
      removedKeychainEntries: removed,
      databaseMovedTo,
      warnings
    }
    writeFileAtomic(
      join(backup.dir, `rollback-${stamp}.json`),
      `${JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2)}\n`
    )
    logger.info(
      `rollback from backup ${backup.id}: kept new records: ${keptNewRecords}; removed ${removed} keychain entries`
    )
    return result
  } finally {
    lock.release()
  }
}
