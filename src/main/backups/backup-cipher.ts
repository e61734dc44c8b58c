// Chunked AES-256-GCM for backup files: a 64-byte header, then fixed-size chunks each sealed on its own (nonce from
// the file nonce and the chunk index; index, final flag and header in the AAD), read and written in bounded memory.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual
} from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import { writeFileAtomic, type CopyResult } from '../fs/atomic-write'

export const MAGIC = Buffer.from('PABK', 'ascii')
export const FORMAT_VERSION = 1
export const HEADER_BYTES = 64
export const TAG_BYTES = 16
export const DEFAULT_CHUNK_BYTES = 1 << 20
const KEY_CHECK_LABEL = 'personal-agent backup key check v1'

/** How the key was made: 0 a random data key (the keychain holds it), 1 scrypt of a passphrase with these values. */
export interface KeyDerivation {
  salt: Buffer
  logN: number
  r: number
  p: number
}

export interface CipherKey {
  key: Buffer
  derivation?: KeyDerivation
}

/** What the messages call the file and, when it cannot be opened, what to do about it. */
export interface CipherLabel {
  file: string
  /** Said when the key does not open the file (e.g. "wrong passphrase"). */
  wrongKey: string
}

interface Header {
  bytes: Buffer
  chunkBytes: number
  nonce: Buffer
  derivation: KeyDerivation | null
}

function buildHeader(key: CipherKey, chunkBytes: number): Header {
  const bytes = Buffer.alloc(HEADER_BYTES)
  MAGIC.copy(bytes, 0)
  bytes[4] = FORMAT_VERSION
  const d = key.derivation
  bytes[5] = d ? 1 : 0
  if (d) {
    bytes[6] = d.logN
    bytes[7] = d.r
    bytes[8] = d.p
    d.salt.copy(bytes, 28, 0, 16)
  }
  bytes.writeUInt32BE(chunkBytes, 12)
  const nonce = randomBytes(12)
  nonce.copy(bytes, 16)
  keyCheck(key.key, bytes).copy(bytes, 48)
  return { bytes, chunkBytes, nonce, derivation: d ?? null }
}

function keyCheck(key: Buffer, header: Buffer): Buffer {
  return createHmac('sha256', key)
    .update(KEY_CHECK_LABEL)
    .update(header.subarray(0, 48))
    .digest()
    .subarray(0, 16)
}

/** Reads and checks the header (no key needed): the format, and for an export, how its key is derived. */
export function readHeader(path: string): Header {
  const fd = openSync(path, 'r')
  try {
    const bytes = Buffer.alloc(HEADER_BYTES)
    const n = readSync(fd, bytes, 0, HEADER_BYTES, 0)
    return parseHeader(bytes.subarray(0, n), path)
  } finally {
    closeSync(fd)
  }
}

function parseHeader(bytes: Buffer, path: string): Header {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC))
    throw new UserError(
      'INVALID_INPUT',
      `${path} is not an encrypted Personal Agent backup file (its header is missing or damaged).`
    )
  if (bytes[4] !== FORMAT_VERSION)
    throw new UserError(
      'NEWER_SCHEMA',
      `${path} uses backup format version ${bytes[4]}; this version of Personal Agent reads version ${FORMAT_VERSION}. Update Personal Agent to open it.`
    )
  const chunkBytes = bytes.readUInt32BE(12)
  if (chunkBytes < 1024 || chunkBytes > 64 << 20)
    throw new UserError('BACKUP_MISMATCH', `${path} has a damaged header (chunk size ${chunkBytes}).`)
  const derivation =
    bytes[5] === 1
      ? { salt: Buffer.from(bytes.subarray(28, 44)), logN: bytes[6] ?? 0, r: bytes[7] ?? 0, p: bytes[8] ?? 0 }
      : null
  return { bytes: Buffer.from(bytes), chunkBytes, nonce: Buffer.from(bytes.subarray(16, 28)), derivation }
}

function chunkNonce(fileNonce: Buffer, index: number): Buffer {
  const nonce = Buffer.from(fileNonce)
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(index))
  for (let i = 0; i < 8; i++) nonce[4 + i] = (nonce[4 + i] ?? 0) ^ (counter[i] ?? 0)
  return nonce
}

function chunkAad(header: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9)
  tail.writeBigUInt64BE(BigInt(index))
  tail[8] = final ? 1 : 0
  return Buffer.concat([header, tail])
}

function sealChunk(key: Buffer, header: Header, index: number, plain: Buffer, final: boolean): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(header.nonce, index))
  cipher.setAAD(chunkAad(header.bytes, index, final))
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
}

/** Regroups any stream of buffers into pieces of exactly `size` bytes (the last one shorter; none empty). */
function* fixedPieces(source: Iterable<Buffer>, size: number): Generator<Buffer> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  for (const part of source) {
    let offset = 0
    while (offset < part.length) {
      const take = Math.min(size - pendingBytes, part.length - offset)
      pending.push(part.subarray(offset, offset + take))
      pendingBytes += take
      offset += take
      if (pendingBytes === size) {
        yield Buffer.concat(pending)
        pending = []
        pendingBytes = 0
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending)
}

/** The encrypted bytes of `plain` (header first), one chunk at a time; `onPlain` sees every plaintext piece. */
export function* encryptStream(
  plain: Iterable<Buffer>,
  key: CipherKey,
  onPlain: (piece: Buffer) => void = () => {},
  chunkBytes = DEFAULT_CHUNK_BYTES
): Generator<Buffer> {
  const header = buildHeader(key, chunkBytes)
  yield header.bytes
  let index = 0
  let held: Buffer | null = null
  // One piece of lookahead: a chunk is final only when nothing follows it.
  for (const piece of fixedPieces(plain, chunkBytes)) {
    if (held !== null) {
      onPlain(held)
      yield sealChunk(key.key, header, index++, held, false)
    }
    held = piece
  }
  const last = held ?? Buffer.alloc(0)
  onPlain(last)
  yield sealChunk(key.key, header, index, last, true)
}

/** The file's bytes, read in pieces of `size`. */
export function* readPieces(path: string, size = DEFAULT_CHUNK_BYTES): Generator<Buffer> {
  const fd = openSync(path, 'r')
  try {
    for (;;) {
      const buffer = Buffer.alloc(size)
      const n = readSync(fd, buffer, 0, size, null)
      if (n === 0) return
      yield n === size ? buffer : buffer.subarray(0, n)
    }
  } finally {
    closeSync(fd)
  }
}

function hashing(): { update: (piece: Buffer) => void; result: () => CopyResult } {
  const hash = createHash('sha256')
  let size = 0
  return {
    update: (piece) => {
      hash.update(piece)
      size += piece.length
    },
    result: () => ({ size, sha256: hash.digest('hex') })
  }
}

/** Encrypts a plaintext stream into `destination` (atomically); returns the plaintext's size and sha256. */
export function encryptToFile(
  plain: Iterable<Buffer>,
  destination: string,
  key: CipherKey,
  onBytes?: (bytes: number) => void
): CopyResult {
  const seen = hashing()
  let bytes = 0
  writeFileAtomic(
    destination,
    encryptStream(plain, key, (piece) => {
      seen.update(piece)
      bytes += piece.length
      onBytes?.(bytes)
    })
  )
  return seen.result()
}

/** The plaintext of an encrypted file, chunk by chunk, each authenticated before it is handed out. A changed,
 * missing, reordered or appended chunk, or a key that does not fit, is a UserError naming the file and chunk. */
export function* decryptStream(path: string, key: CipherKey | Buffer, label: CipherLabel): Generator<Buffer> {
  const raw = Buffer.isBuffer(key) ? key : key.key
  const fd = openSync(path, 'r')
  try {
    const total = fstatSync(fd).size
    const first = Buffer.alloc(HEADER_BYTES)
    const header = parseHeader(first.subarray(0, readSync(fd, first, 0, HEADER_BYTES, 0)), label.file)
    const expected = keyCheck(raw, header.bytes)
    if (!timingSafeEqual(expected, header.bytes.subarray(48, 64)))
      throw new UserError('BACKUP_MISMATCH', `${label.file} cannot be opened: ${label.wrongKey}.`)
    const sealed = header.chunkBytes + TAG_BYTES
    const body = total - HEADER_BYTES
    const chunks = Math.max(1, Math.ceil(body / sealed))
    const buffer = Buffer.alloc(sealed)
    for (let index = 0; index < chunks; index++) {
      const position = HEADER_BYTES + index * sealed
      const length = Math.min(sealed, total - position)
      const n = length > 0 ? readSync(fd, buffer, 0, length, position) : 0
      yield openChunk(raw, header, index, chunks, buffer.subarray(0, n), label.file)
    }
  } finally {
    closeSync(fd)
  }
}

function openChunk(
  key: Buffer,
  header: Header,
  index: number,
  chunks: number,
  sealed: Buffer,
  file: string
): Buffer {
  const damaged = (): UserError =>
    new UserError(
      'BACKUP_MISMATCH',
      `${file} is damaged or was changed: chunk ${index + 1} of ${chunks} does not authenticate. Use another backup or an exported copy.`
    )
  if (sealed.length < TAG_BYTES) throw damaged()
  const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(header.nonce, index))
  decipher.setAAD(chunkAad(header.bytes, index, index === chunks - 1))
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()])
  } catch {
    throw damaged()
  }
}

/** Size and sha256 of an encrypted file's plaintext (every chunk authenticated on the way). */
export function hashEncryptedFile(
  path: string,
  key: CipherKey | Buffer,
  label: CipherLabel,
  onBytes?: (bytes: number) => void
): CopyResult {
  const seen = hashing()
  let bytes = 0
  for (const piece of decryptStream(path, key, label)) {
    seen.update(piece)
    bytes += piece.length
    onBytes?.(bytes)
  }
  return seen.result()
}

/** Decrypts into `destination` (atomically, 0600); returns the plaintext's size and sha256. */
export function decryptToFile(
  path: string,
  destination: string,
  key: CipherKey | Buffer,
  label: CipherLabel,
  mode = 0o600
): CopyResult {
  const seen = hashing()
  function* pieces(): Generator<Buffer> {
    for (const piece of decryptStream(path, key, label)) {
      seen.update(piece)
      yield piece
    }
  }
  writeFileAtomic(destination, pieces(), mode)
  return seen.result()
}
