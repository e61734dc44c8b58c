// The first start after the update (and every start after): every backup still holding plain files (an earlier
// version's, or one whose seal a crash interrupted) is encrypted in place, except the one a migration is using.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { readLockHolder } from '../fs/file-lock'
import {
  ENCRYPTED_SUFFIX,
  MANIFEST_FILE,
  filePath,
  isHiddenFolder,
  readFolderManifest,
  removeDeadPlainViews,
  removeDeadStaging,
  sealFolder
} from '../backups/backup-folder'
import type { BackupKind, BackupRef } from '../backups/backup-keys'
import { dataPaths, type DataPaths } from '../base/data-paths'
import { logger } from '../logging/logger'
import type { SecretStore } from '../secrets/secret-store'
import { readStateFile } from './state-file'

/** A folder without a manifest whose files changed this recently may still be being written by another process. */
const SETTLE_MS = 60_000

export interface SealSweepResult {
  sealed: string[]
  /** One line per backup that could not be sealed (it stays as it was, and is tried again at the next start). */
  problems: string[]
}

function backupRoots(paths: DataPaths): [BackupKind, string][] {
  return [
    ['migration', paths.backups],
    ['import', paths.importBackups],
    ['schema', paths.schemaBackups],
    ['rolled-back', paths.rolledBack]
  ]
}

/** The plain files of a folder that has no manifest yet (an import or rolled-back backup of an earlier version). */
function discoverFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name !== MANIFEST_FILE)
    .filter((e) => !e.name.endsWith(ENCRYPTED_SUFFIX))
    .map((e) => e.name)
}

/** What sealing the folder would do: null when there is nothing to do, or it must be left alone for now. */
function pendingSeal(ref: BackupRef, now: number): (() => string[]) | null {
  const manifest = readFolderManifest(ref.dir)
  if (manifest) {
    const plain = manifest.files.some((f) => existsSync(filePath(ref.dir, f.name)))
    return plain || !manifest.encryption ? () => [] : null
  }
  // Only imports and rolled-back databases were written without a manifest; anything else is not a backup.
  if (ref.kind !== 'import' && ref.kind !== 'rolled-back') return null
  const files = discoverFiles(ref.dir)
  if (files.length === 0) return null
  const newest = Math.max(...files.map((f) => statSync(join(ref.dir, f)).mtimeMs))
  return now - newest < SETTLE_MS ? null : () => files
}

export async function sealPlainBackups(dataDir: string, secrets: SecretStore): Promise<SealSweepResult> {
  const paths = dataPaths(dataDir)
  const result: SealSweepResult = { sealed: [], problems: [] }
  // A migration reads its backup while it runs (and a resumed one reads it again): that one is sealed by the run.
  const holder = readLockHolder(paths.lock)
  const migrating = holder !== null && !holder.stale
  const state = existsSync(paths.state) ? readStateFile(paths.state) : null
  const inUse = state?.state === 'migrating' ? state.backupId : null
  const now = Date.now()
  for (const [kind, root] of backupRoots(paths)) {
    if (!existsSync(root)) continue
    removeDeadStaging(root)
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      // A backup being written (a staging folder) belongs to its writer alone: it makes the key, seals, renames.
      if (!entry.isDirectory() || isHiddenFolder(entry.name)) continue
      const ref: BackupRef = { kind, id: entry.name, dir: join(root, entry.name) }
      if (kind === 'migration' && (migrating || entry.name === inUse)) continue
      removeDeadPlainViews(ref.dir)
      const discover = pendingSeal(ref, now)
      if (!discover) continue
      try {
        await sealFolder(ref, secrets, discover)
        result.sealed.push(`${kind}/${entry.name}`)
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        result.problems.push(error.message)
      }
    }
  }
  if (result.sealed.length) logger.info(`encrypted the backups ${result.sealed.join(', ')} in place`)
  for (const problem of result.problems) logger.warn(`a backup could not be encrypted yet: ${problem}`)
  return result
}

/** The sweep at a start: a failure (a keychain that is locked, a full disk) is logged and tried again next time. */
export async function sealBackupsQuietly(dataDir: string, secrets: SecretStore): Promise<void> {
  try {
    await sealPlainBackups(dataDir, secrets)
  } catch (error) {
    logger.warn('the backups could not be encrypted at this start; trying again at the next one', error)
  }
}
