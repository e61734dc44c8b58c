// One backup folder and its manifest.json (plaintext sizes and sha256): its files sealed in place (X becomes X.enc,
// crash-safe), read back, checked, restored and opened as a temporary plain view, whether encrypted or not.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UserError } from '../../shared/errors'
import { faultAt } from '../base/fault-injection'
import {
  copyFileDurable,
  fsyncDir,
  hashFile,
  removeDeadTempFiles,
  writeFileAtomic,
  type CopyResult
} from '../fs/atomic-write'
import { isProcessAlive } from '../fs/process-alive'
import type { SecretStore } from '../secrets/secret-store'
import {
  decryptToFile,
  encryptToFile,
  hashEncryptedFile,
  readPieces,
  type CipherLabel
} from './backup-cipher'
import { backupKey, backupKeyPath, ensureBackupKey, type BackupRef } from './backup-keys'

export const MANIFEST_FILE = 'manifest.json'
export const ENCRYPTED_SUFFIX = '.enc'
export const CIPHER_NAME = 'aes-256-gcm-chunked'
const PLAIN_VIEW_PREFIX = '.plain-'
/** `.<id>.staging-<pid>`: a backup being written; the seal sweep never touches it, and it is renamed into place whole. */
const STAGING_MARK = '.staging-'

export interface BackupFileEntry {
  /** The file's path relative to the backup folder, with '/'. */
  name: string
  /** Of the plaintext, whether the file is stored encrypted or not. */
  size: number
  sha256: string
}

export interface EncryptionMarker {
  cipher: typeof CIPHER_NAME
  version: 1
  /** The keychain account (service "personal-agent") of the backup's data key; never the key itself. */
  keyAccount: string
}

export interface FolderManifest {
  files: BackupFileEntry[]
  encryption?: EncryptionMarker
}

export function filePath(dir: string, name: string): string {
  return join(dir, ...name.split('/'))
}

/** Where a backup file is: the plain copy while it exists (an older backup, or a seal not finished), else X.enc. */
export function storedFile(dir: string, name: string): { path: string; encrypted: boolean } | null {
  const plain = filePath(dir, name)
  if (existsSync(plain)) return { path: plain, encrypted: false }
  if (existsSync(plain + ENCRYPTED_SUFFIX)) return { path: plain + ENCRYPTED_SUFFIX, encrypted: true }
  return null
}

export function readFolderManifest(dir: string): (FolderManifest & Record<string, unknown>) | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as FolderManifest &
      Record<string, unknown>
  } catch {
    return null
  }
}

export function writeFolderManifest(dir: string, manifest: FolderManifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 0o600)
}

/** True when any of the backup's files is stored encrypted. */
export function holdsEncryptedFiles(dir: string, manifest: FolderManifest): boolean {
  return manifest.files.some((f) => storedFile(dir, f.name)?.encrypted === true)
}

export function cipherLabel(ref: BackupRef, path: string): CipherLabel {
  return {
    file: path,
    wrongKey: `the key the keychain holds for ${ref.kind} backup ${ref.id} does not fit it (the key was replaced, or the file's header was changed)`
  }
}

/** The backup's key when it holds encrypted files, else null (an older, plain backup needs none). */
export async function folderKey(
  secrets: SecretStore,
  ref: BackupRef,
  manifest: FolderManifest
): Promise<Buffer | null> {
  return holdsEncryptedFiles(ref.dir, manifest) ? backupKey(secrets, ref) : null
}

/** Size and sha256 of one file's plaintext; a tampered chunk is a UserError naming the file and the chunk. */
export function hashStored(
  ref: BackupRef,
  name: string,
  key: Buffer | null,
  onBytes?: (bytes: number) => void
): CopyResult | null {
  const stored = storedFile(ref.dir, name)
  if (!stored) return null
  if (!stored.encrypted) return hashFile(stored.path, onBytes)
  if (!key) throw new UserError('INTERNAL', `No key was given to read ${stored.path}.`)
  return hashEncryptedFile(stored.path, key, cipherLabel(ref, stored.path), onBytes)
}

/** Problems found when the files are read back (decrypted) against the manifest; empty when the backup is intact. */
export function checkFolder(
  ref: BackupRef,
  manifest: FolderManifest,
  key: Buffer | null,
  onBytes: (bytes: number) => void = () => {}
): string[] {
  const problems: string[] = []
  let passed = 0
  for (const file of manifest.files) {
    let actual: CopyResult | null
    try {
      actual = hashStored(ref, file.name, key, (bytes) => onBytes(passed + bytes))
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      problems.push(error.message)
      continue
    }
    if (!actual) {
      problems.push(`${file.name} is missing`)
      continue
    }
    passed += actual.size
    if (actual.size !== file.size || actual.sha256 !== file.sha256)
      problems.push(`${file.name} does not match its checksum`)
  }
  return problems
}

/** Writes one file's plaintext to `target` (atomically, 0600) and returns what was written. */
export function restoreStored(ref: BackupRef, name: string, key: Buffer | null, target: string): CopyResult {
  const stored = storedFile(ref.dir, name)
  if (!stored)
    throw new UserError('BACKUP_MISMATCH', `${filePath(ref.dir, name)} is missing from the backup.`)
  if (!stored.encrypted) return copyFileDurable(stored.path, target, 0o600)
  if (!key) throw new UserError('INTERNAL', `No key was given to read ${stored.path}.`)
  return decryptToFile(stored.path, target, key, cipherLabel(ref, stored.path))
}

/**
 * Encrypts the backup's plain files in place, so that a kill at any moment loses nothing: each X is written as
 * X.enc (temp name, fsync, rename), decrypted and hashed against the manifest, then the manifest gains its
 * encryption marker (atomically), and only then are the plain files removed. Run again, it finishes a half-done seal.
 * `discover` lists the files when the folder has no manifest yet (one is written first, from the plain files).
 */
export async function sealFolder(
  ref: BackupRef,
  secrets: SecretStore,
  discover: () => string[] = () => []
): Promise<FolderManifest> {
  removeDeadPlainViews(ref.dir)
  let manifest = readFolderManifest(ref.dir)
  if (!manifest) {
    const files = discover().map((name) => ({ name, ...hashFile(filePath(ref.dir, name)) }))
    manifest = { files }
    writeFolderManifest(ref.dir, manifest)
  }
  const plain = manifest.files.filter((f) => existsSync(filePath(ref.dir, f.name)))
  if (plain.length === 0 && manifest.encryption) return manifest
  const key = await ensureBackupKey(secrets, ref)
  for (const file of plain) {
    const source = filePath(ref.dir, file.name)
    const target = source + ENCRYPTED_SUFFIX
    removeDeadTempFiles(target)
    const written = encryptToFile(readPieces(source), target, { key })
    const check = hashEncryptedFile(target, key, cipherLabel(ref, target))
    if (written.sha256 !== file.sha256 || check.sha256 !== file.sha256 || check.size !== file.size)
      throw new UserError(
        'BACKUP_MISMATCH',
        `${source} does not match the checksum in ${join(ref.dir, MANIFEST_FILE)}, so it was left as it is (not encrypted). Check the disk, then restart.`
      )
    faultAt('seal-encrypted')
  }
  manifest = {
    ...manifest,
    encryption: { cipher: CIPHER_NAME, version: 1, keyAccount: secrets.account(backupKeyPath(ref)) }
  }
  writeFolderManifest(ref.dir, manifest)
  faultAt('seal-manifest')
  const folders = new Set<string>()
  for (const file of plain) {
    rmSync(filePath(ref.dir, file.name), { force: true })
    folders.add(dirname(filePath(ref.dir, file.name)))
    faultAt('seal-delete')
  }
  for (const folder of folders) fsyncDir(folder)
  return manifest
}

/** Runs `read` on a folder holding the backup's plaintext: the backup itself when it is plain, else a temporary
 * decrypted copy (0700, inside the backup folder) removed afterwards, and by the next seal if this process dies. */
export async function withPlainView<T>(
  ref: BackupRef,
  secrets: SecretStore,
  read: (dir: string) => Promise<T>
): Promise<T> {
  const manifest = readFolderManifest(ref.dir)
  if (!manifest || !holdsEncryptedFiles(ref.dir, manifest)) return read(ref.dir)
  const key = await backupKey(secrets, ref)
  const view = join(ref.dir, `${PLAIN_VIEW_PREFIX}${process.pid}`)
  rmSync(view, { recursive: true, force: true })
  mkdirSync(view, { mode: 0o700 })
  try {
    for (const file of manifest.files) {
      const target = filePath(view, file.name)
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
      const written = restoreStored(ref, file.name, key, target)
      if (written.sha256 !== file.sha256)
        throw new UserError(
          'BACKUP_MISMATCH',
          `${file.name} in backup ${ref.id} does not match its checksum.`
        )
    }
    return await read(view)
  } finally {
    rmSync(view, { recursive: true, force: true })
  }
}

/**
 * A fresh folder in `root` where this process writes backup `id` (encrypted files and manifest), to be renamed to
 * `root/id` only once complete: its dot name is one the seal sweep never opens, so no other process can seal it (and
 * make a second key for it) while it is being written.
 */
export function stagingFolder(root: string, id: string): string {
  const dir = join(root, `.${id}${STAGING_MARK}${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}

/** True for a folder name the seal sweep must leave alone: a staging folder, a plain view, anything hidden. */
export function isHiddenFolder(name: string): boolean {
  return name.startsWith('.')
}

/** Removes the staging folders of processes that died before renaming them into place (they may hold plaintext). */
export function removeDeadStaging(root: string): void {
  if (!existsSync(root)) return
  for (const name of readdirSync(root)) {
    const mark = name.lastIndexOf(STAGING_MARK)
    const pid = name.startsWith('.') && mark > 0 ? Number(name.slice(mark + STAGING_MARK.length)) : NaN
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid))
      rmSync(join(root, name), { recursive: true, force: true })
  }
}

/** Removes plain views whose process died before it could (they hold plaintext). */
export function removeDeadPlainViews(dir: string): void {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    const pid = name.startsWith(PLAIN_VIEW_PREFIX) ? Number(name.slice(PLAIN_VIEW_PREFIX.length)) : NaN
    if (Number.isInteger(pid) && !isProcessAlive(pid))
      rmSync(join(dir, name), { recursive: true, force: true })
  }
}
