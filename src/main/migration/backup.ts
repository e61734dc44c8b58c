// The pre-migration backup: byte copies of the legacy files in backup_before_migration/<UTC timestamp>/ (0700/0600),
// the conversation folders' files at their relative paths (`conversations/<id>.json`), with a manifest of sizes and
// sha256 checksums, read back and checked before anything else happens. Once the run is done the files are sealed
// (encrypted in place, see backups/backup-folder); readers decrypt them transparently.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  rmSync,
  statSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../shared/errors'
import type { BackupInfo } from '../../shared/types'
import { copyFileDurable, fsyncDir, writeFileAtomic } from '../fs/atomic-write'
import {
  MANIFEST_FILE,
  checkFolder,
  folderKey,
  holdsEncryptedFiles,
  type EncryptionMarker
} from '../backups/backup-folder'
import { forgetBackupKey, type BackupRef } from '../backups/backup-keys'
import type { SecretStore } from '../secrets/secret-store'
import { pathIn } from '../legacy/conversation-folders'
import type { LegacySourceFile } from '../legacy/legacy-files'
import { utcStamp, type DataPaths } from '../base/data-paths'
import { faultAt } from '../base/fault-injection'
import { logger } from '../logging/logger'

export interface ManifestFile {
  /** The file's path relative to the data folder (and to the backup), with '/'. */
  name: LegacySourceFile
  size: number
  sha256: string
}

export interface BackupManifest {
  /** 1, 2, 3…: the order backups were made in, whatever the clock said (it can go backwards). */
  sequence: number
  appVersion: string
  createdAt: string
  files: ManifestFile[]
  /** Present once the files are sealed (stored as <name>.enc); sizes and checksums stay those of the plaintext. */
  encryption?: EncryptionMarker
}

export interface Backup {
  id: string
  dir: string
  manifest: BackupManifest
}

export { MANIFEST_FILE }

export function migrationBackupRef(backup: Pick<Backup, 'id' | 'dir'>): BackupRef {
  return { kind: 'migration', id: backup.id, dir: backup.dir }
}

/** `onBytes` hears how far the copy and its read-back have got, in bytes (both passes count). */
export function createBackup(
  paths: DataPaths,
  files: readonly LegacySourceFile[],
  appVersion: string,
  onBytes: (bytes: number) => void = () => {}
): Backup {
  mkdirSync(paths.backups, { recursive: true, mode: 0o700 })
  chmodSync(paths.backups, 0o700)
  const stamp = utcStamp()
  let id = stamp
  for (let n = 2; existsSync(join(paths.backups, id)); n++) id = `${stamp}-${n}`
  const dir = join(paths.backups, id)
  mkdirSync(dir, { mode: 0o700 })
  chmodSync(dir, 0o700)
  const sequence = nextSequence(paths)
  const manifest: BackupManifest = { sequence, appVersion, createdAt: new Date().toISOString(), files: [] }
  try {
    copyInto(paths, dir, files, manifest, onBytes)
  } catch (error) {
    discardBackup(paths, dir)
    throw error
  }
  return { id, dir, manifest }
}

function copyInto(
  paths: DataPaths,
  dir: string,
  files: readonly LegacySourceFile[],
  manifest: BackupManifest,
  onBytes: (bytes: number) => void
): void {
  let passed = 0
  const counting = (bytes: number): void => onBytes(passed + bytes)
  for (const name of files) {
    const target = pathIn(dir, name)
    ensureSubfolder(dir, dirname(target))
    const copied = copyFileDurable(pathIn(paths.dataDir, name), target, 0o600, counting)
    passed += copied.size
    manifest.files.push({ name, ...copied })
    faultAt('backup-copy')
  }
  faultAt('manifest-write')
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 0o600)
  fsyncDir(paths.backups)
  const problems = checkFolder({ kind: 'migration', id: dir, dir }, manifest, null, (bytes) =>
    onBytes(passed + bytes)
  )
  if (problems.length > 0) {
    throw new UserError(
      'BACKUP_MISMATCH',
      `The backup in ${dir} does not match the files it copied (${problems[0]}). Nothing was changed; check the disk, then try again.`
    )
  }
}

/** Creates a subfolder of the backup (0700) the first time a file goes into it, durably. */
function ensureSubfolder(dir: string, folder: string): void {
  if (folder === dir || existsSync(folder)) return
  mkdirSync(folder, { mode: 0o700 })
  chmodSync(folder, 0o700)
  fsyncDir(dir)
}

/** Removes a backup of a run that was abandoned before its commit (the legacy files it copied are still live, and
 * the copy holds keys in plain text), and the backups folder if that leaves it empty. */
export function discardBackup(paths: DataPaths, dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  try {
    if (readdirSync(paths.backups).length === 0) rmdirSync(paths.backups)
  } catch {
    // Already gone.
  }
}

/** One more than the highest sequence among the existing backups (manifests only; nothing is hashed). */
function nextSequence(paths: DataPaths): number {
  let highest = 0
  for (const entry of readdirSync(paths.backups, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    try {
      const manifest = JSON.parse(
        readFileSync(join(paths.backups, entry.name, MANIFEST_FILE), 'utf8')
      ) as Partial<BackupManifest>
      highest = Math.max(highest, typeof manifest.sequence === 'number' ? manifest.sequence : 1)
    } catch {
      // Not a backup (or a damaged one): it does not take part in the order.
    }
  }
  return highest + 1
}

/** The bytes of the legacy files a backup holds, as they were before the migration. */
export function manifestBytes(manifest: BackupManifest): number {
  return manifest.files.reduce((sum, f) => sum + f.size, 0)
}

export function readManifest(dir: string): BackupManifest {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest
  } catch (error) {
    throw new UserError(
      'BACKUP_MISMATCH',
      `${join(dir, MANIFEST_FILE)} is missing or unreadable. Choose another backup ("personal-agent backups list").`,
      { cause: error }
    )
  }
}

/** Problems found when the backup's files are read back (decrypted when sealed) against the manifest; empty when it
 * is intact. A lost key is a UserError naming the backup. */
export async function checkBackup(
  backup: Backup,
  secrets: SecretStore,
  onBytes: (bytes: number) => void = () => {}
): Promise<string[]> {
  const ref = migrationBackupRef(backup)
  return checkFolder(ref, backup.manifest, await folderKey(secrets, ref, backup.manifest), onBytes)
}

interface BackupEntry {
  id: string
  dir: string
  manifest: BackupManifest | null
}

/** The backup folders (those with a manifest file), unchecked. */
function backupEntries(paths: DataPaths): BackupEntry[] {
  if (!existsSync(paths.backups)) return []
  return readdirSync(paths.backups, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(paths.backups, d.name, MANIFEST_FILE)))
    .map((d) => {
      const dir = join(paths.backups, d.name)
      let manifest: BackupManifest | null = null
      try {
        manifest = readManifest(dir)
      } catch {
        manifest = null
      }
      return { id: d.name, dir, manifest }
    })
    .sort((a, b) => (b.manifest?.sequence ?? 0) - (a.manifest?.sequence ?? 0) || b.id.localeCompare(a.id))
}

/** How many backups there are, without reading them. */
export function countBackups(paths: DataPaths): number {
  return backupEntries(paths).length
}

/** The backups, newest first by the order they were made in (the name, a UTC time, only breaks ties), each read
 * back against its manifest. */
export async function listBackups(
  paths: DataPaths,
  secrets: SecretStore
): Promise<(BackupInfo & { sequence: number })[]> {
  const infos: (BackupInfo & { sequence: number })[] = []
  for (const { id, dir, manifest } of backupEntries(paths)) {
    let problem: string | undefined = manifest ? undefined : `${join(dir, MANIFEST_FILE)} is unreadable`
    if (manifest) {
      try {
        problem = (await checkBackup({ id, dir, manifest }, secrets))[0]
      } catch (error) {
        if (!(error instanceof UserError)) throw error
        problem = error.message
      }
    }
    infos.push({
      id,
      sequence: typeof manifest?.sequence === 'number' ? manifest.sequence : 0,
      createdAt: manifest?.createdAt ?? statSync(dir).mtime.toISOString(),
      sizeBytes: manifest ? manifestBytes(manifest) : 0,
      files: manifest?.files.map((f) => f.name) ?? [],
      encrypted: manifest !== null && holdsEncryptedFiles(dir, manifest),
      checksumsOk: problem === undefined,
      ...(problem === undefined ? {} : { problem })
    })
  }
  return infos
}

/** The backup with this id, or the newest one. */
export function findBackup(paths: DataPaths, id?: string): Backup {
  const ids = backupEntries(paths).map((b) => b.id)
  const chosen = id ?? ids[0]
  if (!chosen || !ids.includes(chosen)) {
    const known = ids.length
      ? `Known backups: ${ids.join(', ')}.`
      : 'There are no backups in this data folder.'
    throw new UserError('NOT_FOUND', `No backup ${id ? `"${id}" ` : ''}found in ${paths.backups}. ${known}`)
  }
  const dir = join(paths.backups, chosen)
  return { id: chosen, dir, manifest: readManifest(dir) }
}

/** Deletes all but the newest `keep` backups, and their keys in the keychain. */
export async function pruneBackups(paths: DataPaths, keep: number, secrets: SecretStore): Promise<string[]> {
  const removed = backupEntries(paths).slice(Math.max(0, keep))
  for (const { id, dir } of removed) {
    rmSync(dir, { recursive: true, force: true })
    try {
      await forgetBackupKey(secrets, { kind: 'migration', id })
    } catch (error) {
      // The backup is gone; a key left in the keychain opens nothing.
      logger.warn(`prune: could not remove the keychain key of backup ${id}`, error)
    }
  }
  return removed.map((b) => b.id)
}
