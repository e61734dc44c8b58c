// A backup as one portable file: its manifest and files in one stream (u32 length + bundle JSON, then each file's
// plaintext in order), encrypted in the backup format with a key from scrypt(passphrase, random salt).
import { randomBytes, scryptSync } from 'node:crypto'
import { UserError } from '../../shared/errors'
import { BACKUP_PASSPHRASE_MIN } from '../../shared/types'
import type { CopyResult } from '../fs/atomic-write'
import {
  decryptStream,
  encryptToFile,
  readHeader,
  readPieces,
  type CipherKey,
  type KeyDerivation
} from './backup-cipher'
import { cipherLabel, storedFile, type BackupFileEntry, type FolderManifest } from './backup-folder'
import type { BackupRef } from './backup-keys'

export const EXPORT_FORMAT = 'personal-agent-backup-export'
/** scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about half a second): a guessed passphrase costs as much. */
const SCRYPT = { logN: 17, r: 8, p: 1 }
export const MIN_PASSPHRASE = BACKUP_PASSPHRASE_MIN

export interface ExportBundle {
  format: typeof EXPORT_FORMAT
  version: 1
  kind: BackupRef['kind']
  id: string
  /** The backup's manifest as it was (without its encryption marker: the export has its own key). */
  manifest: Record<string, unknown> & FolderManifest
}

export function passphraseKey(passphrase: string, derivation: KeyDerivation): CipherKey {
  if (derivation.logN < 10 || derivation.logN > 22 || derivation.r < 1 || derivation.p < 1)
    throw new UserError(
      'INVALID_INPUT',
      'The export file asks for scrypt values out of range; it is damaged.'
    )
  const N = 2 ** derivation.logN
  const key = scryptSync(passphrase.normalize('NFC'), derivation.salt, 32, {
    N,
    r: derivation.r,
    p: derivation.p,
    maxmem: 256 * N * derivation.r
  })
  return { key, derivation }
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE)
    throw new UserError(
      'INVALID_INPUT',
      `The passphrase is too short: use at least ${MIN_PASSPHRASE} characters (a few words is best).`
    )
}

function* bundleStream(
  ref: BackupRef,
  manifest: Record<string, unknown> & FolderManifest,
  dataKey: Buffer | null
): Generator<Buffer> {
  const plainManifest = { ...manifest }
  delete plainManifest.encryption
  const bundle: ExportBundle = {
    format: EXPORT_FORMAT,
    version: 1,
    kind: ref.kind,
    id: ref.id,
    manifest: plainManifest
  }
  const json = Buffer.from(JSON.stringify(bundle), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)
  yield length
  yield json
  for (const file of manifest.files) {
    const stored = storedFile(ref.dir, file.name)
    if (!stored)
      throw new UserError(
        'BACKUP_MISMATCH',
        `${file.name} is missing from backup ${ref.id}; nothing was exported.`
      )
    if (!stored.encrypted) yield* readPieces(stored.path)
    else if (dataKey) yield* decryptStream(stored.path, dataKey, cipherLabel(ref, stored.path))
    else throw new UserError('INTERNAL', `No key was given to read ${stored.path}.`)
  }
}

/** Writes the export file (atomically, 0600); the files' plaintext is checked against the manifest on the way. */
export function exportBackup(
  ref: BackupRef,
  manifest: Record<string, unknown> & FolderManifest,
  dataKey: Buffer | null,
  passphrase: string,
  out: string
): CopyResult {
  checkPassphrase(passphrase)
  const key = passphraseKey(passphrase, { salt: randomBytes(16), ...SCRYPT })
  return encryptToFile(bundleStream(ref, manifest, dataKey), out, key)
}

/** Reads an export back in order: the bundle first, then each file's plaintext in pieces. */
export class ExportReader {
  private readonly source: Iterator<Buffer>
  private held: Buffer = Buffer.alloc(0)
  readonly bundle: ExportBundle

  constructor(file: string, passphrase: string) {
    const header = readHeader(file)
    if (!header.derivation)
      throw new UserError(
        'INVALID_INPUT',
        `${file} is an encrypted backup file of a data folder, not an export ("personal-agent backups export ID --out FILE" makes one).`
      )
    const key = passphraseKey(passphrase, header.derivation)
    this.source = decryptStream(file, key, {
      file,
      wrongKey: 'the passphrase is wrong (or the file was changed)'
    })[Symbol.iterator]()
    const length = this.take(4, file).readUInt32BE(0)
    let bundle: ExportBundle
    try {
      bundle = JSON.parse(this.take(length, file).toString('utf8')) as ExportBundle
    } catch {
      throw new UserError(
        'INVALID_INPUT',
        `${file} does not hold a backup export (its contents list is unreadable).`
      )
    }
    if (bundle.format !== EXPORT_FORMAT || !Array.isArray(bundle.manifest?.files))
      throw new UserError('INVALID_INPUT', `${file} does not hold a Personal Agent backup export.`)
    this.bundle = bundle
  }

  private fill(file: string): void {
    const next = this.source.next()
    if (next.done)
      throw new UserError('BACKUP_MISMATCH', `${file} ends before the backup it lists is complete.`)
    this.held = this.held.length ? Buffer.concat([this.held, next.value]) : next.value
  }

  private take(bytes: number, file: string): Buffer {
    while (this.held.length < bytes) this.fill(file)
    const out = this.held.subarray(0, bytes)
    this.held = this.held.subarray(bytes)
    return out
  }

  /** The next file's plaintext, exactly `entry.size` bytes, in pieces. */
  *file(entry: BackupFileEntry, file: string): Generator<Buffer> {
    let left = entry.size
    while (left > 0) {
      if (this.held.length === 0) this.fill(file)
      const piece = this.held.subarray(0, Math.min(left, this.held.length))
      this.held = this.held.subarray(piece.length)
      left -= piece.length
      yield piece
    }
  }

  /** Reads to the end, so every chunk (the final one too) is authenticated. */
  finish(file: string): void {
    for (let next = this.source.next(); !next.done; next = this.source.next())
      this.held = Buffer.concat([this.held, next.value])
    if (this.held.length > 0)
      throw new UserError('BACKUP_MISMATCH', `${file} holds more than the backup it lists; it was changed.`)
  }
}
