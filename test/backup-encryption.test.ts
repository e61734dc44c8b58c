// Encrypted backups: the chunked format detects any changed, cut, reordered or appended byte and names the file and
// the chunk; a lost keychain key is one clear line; rollback from an encrypted backup is byte-identical.
import keytar from 'keytar'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import {
  decryptToFile,
  encryptStream,
  hashEncryptedFile,
  readPieces,
  HEADER_BYTES,
  TAG_BYTES
} from '../src/main/backups/backup-cipher'
import { hashFile } from '../src/main/fs/atomic-write'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { dataDirNamespace, KEYCHAIN_SERVICE } from '../src/main/secrets/secret-store'
import { cli, cliJson } from './support/cli'
import { copyOf, sha256, tempDir } from './support/folders'

const LABEL = { file: 'the test file', wrongKey: 'wrong key' }
const CHUNK = 64 * 1024

function plainFile(bytes: number): { key: Buffer; plain: string } {
  const plain = join(tempDir('pa-cipher-'), 'plain.bin')
  writeFileSync(plain, randomBytes(bytes))
  return { key: randomBytes(32), plain }
}

/** Small chunks (the format takes any size from 1 KiB) so a few hundred KiB make several chunks. */
function encrypted(plain: string, key: Buffer, chunk = CHUNK): string {
  const out = join(tempDir('pa-cipher-'), 'plain.bin.enc')
  writeFileSync(out, Buffer.concat([...encryptStream(readPieces(plain), { key }, () => {}, chunk)]))
  return out
}

describe('the backup cipher', () => {
  it('round-trips empty, one-chunk, exact-multiple and multi-chunk files, hashing the plaintext', () => {
    for (const size of [0, 1, CHUNK, 3 * CHUNK, 3 * CHUNK + 17]) {
      const { key, plain } = plainFile(size)
      const enc = encrypted(plain, key)
      const out = join(tempDir('pa-cipher-'), 'out.bin')
      expect(decryptToFile(enc, out, key, LABEL)).toEqual(hashFile(plain))
      expect(sha256(out)).toBe(sha256(plain))
      if (size > 64) expect(readFileSync(enc).includes(readFileSync(plain).subarray(0, 64))).toBe(false)
    }
  })

  it('names the file and the chunk when one byte is changed, a chunk cut off, moved or appended', () => {
    const { key, plain } = plainFile(3 * CHUNK + 100)
    const enc = encrypted(plain, key)
    const bytes = readFileSync(enc)
    const sealedChunk = CHUNK + TAG_BYTES
    const tamper = (mutate: (b: Buffer) => Buffer): string => {
      const path = join(tempDir('pa-cipher-'), 'tampered.enc')
      writeFileSync(path, mutate(Buffer.from(bytes)))
      try {
        hashEncryptedFile(path, key, { file: path, wrongKey: 'wrong key' })
      } catch (error) {
        expect((error as Error).name).toBe('UserError')
        return (error as Error).message.replace(path, 'FILE')
      }
      throw new Error('tampering went unnoticed')
    }
    const flip = (at: number) => (b: Buffer) => {
      b[at] = (b[at] ?? 0) ^ 1
      return b
    }
    expect(tamper(flip(HEADER_BYTES + sealedChunk + 5))).toBe(
      'FILE is damaged or was changed: chunk 2 of 4 does not authenticate. Use another backup or an exported copy.'
    )
    expect(tamper(flip(bytes.length - 1))).toMatch(/chunk 4 of 4 does not authenticate/)
    // The header is bound to the key check: a changed header reads as a key that does not fit.
    expect(tamper(flip(20))).toBe('FILE cannot be opened: wrong key.')
    // Cut at a chunk boundary: the new last chunk was not sealed as final.
    expect(tamper((b) => b.subarray(0, HEADER_BYTES + 2 * sealedChunk))).toMatch(/chunk 2 of 2 does not/)
    // Two chunks swapped.
    expect(
      tamper((b) => {
        const one = Buffer.from(b.subarray(HEADER_BYTES, HEADER_BYTES + sealedChunk))
        b.copy(b, HEADER_BYTES, HEADER_BYTES + sealedChunk, HEADER_BYTES + 2 * sealedChunk)
        one.copy(b, HEADER_BYTES + sealedChunk)
        return b
      })
    ).toMatch(/chunk 1 of 4 does not/)
    // Bytes appended after the final chunk.
    expect(tamper((b) => Buffer.concat([b, Buffer.alloc(40)]))).toMatch(/does not authenticate/)
    expect(() => hashEncryptedFile(enc, randomBytes(32), LABEL)).toThrow(
      'the test file cannot be opened: wrong key.'
    )
  })
})

function migratedFolder(seed: number): { dir: string; original: string } {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed,
    conversations: 6,
    messagesPerConversation: 4,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const original = copyOf(dir)
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  return { dir, original }
}

function backupDir(dir: string): string {
  const root = join(dir, 'backup_before_migration')
  return join(root, readdirSync(root)[0]!)
}

describe('the pre-migration backup', () => {
  it('is encrypted once the migration is done, and a rollback from it is byte-identical', async () => {
    const { dir, original } = migratedFolder(31)
    const backup = backupDir(dir)
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as {
      files: { name: string; sha256: string }[]
      encryption?: { keyAccount: string }
    }
    expect(manifest.encryption?.keyAccount).toMatch(/\/backup\/migration\//)
    for (const file of manifest.files) {
      expect(existsSync(join(backup, file.name))).toBe(false)
      expect(existsSync(join(backup, `${file.name}.enc`))).toBe(true)
      expect(file.sha256).toBe(sha256(join(original, file.name)))
    }
    const apiKey = /"api_key":\s*"([^"]+)"/.exec(readFileSync(join(original, 'models.json'), 'utf8'))?.[1]
    expect(apiKey).toBeTruthy()
    expect(readFileSync(join(backup, 'models.json.enc')).includes(apiKey!)).toBe(false)
    const list = cliJson<{ encrypted: boolean; checksumsOk: boolean }[]>([
      'backups',
      'list',
      '--data-dir',
      dir
    ])
    expect(list.json).toMatchObject([{ encrypted: true, checksumsOk: true }])
    expect(cli(['backups', 'list', '--data-dir', dir]).stdout).toMatch(/encrypted {2}checksums ok/)
    expect(cliJson(['verify', '--data-dir', dir]).json).toMatchObject({ ok: true })

    const run = cli(['rollback', '--yes', '--discard-new-data', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file)), file).toBe(sha256(join(original, file)))
    // The database the rollback set aside is encrypted too.
    const aside = join(dir, 'rolled_back_databases')
    const stamp = join(aside, readdirSync(aside)[0]!)
    expect(readdirSync(stamp).sort()).toEqual(['manifest.json', 'personal-agent.db.enc'])
  })

  it('names the backup and the file when a byte is changed, and says how to keep backups safe when the key is lost', async () => {
    const { dir } = migratedFolder(32)
    const backup = backupDir(dir)
    const id = backup.slice(backup.lastIndexOf('/') + 1)
    const target = join(backup, 'models.json.enc')
    const bytes = readFileSync(target)
    bytes[HEADER_BYTES + 3] = (bytes[HEADER_BYTES + 3] ?? 0) ^ 0x40
    writeFileSync(target, bytes)
    const damaged = cli(['rollback', '--yes', '--data-dir', dir])
    expect(damaged.code).toBe(1)
    expect(damaged.stderr).toBe(
      `personal-agent: Backup ${id} is damaged (${target} is damaged or was changed: chunk 1 of 1 does not authenticate. Use another backup or an exported copy.); nothing was changed. Choose another one with --backup (see "personal-agent backups list").\n`
    )
    bytes[HEADER_BYTES + 3] = (bytes[HEADER_BYTES + 3] ?? 0) ^ 0x40
    writeFileSync(target, bytes)

    await keytar.deletePassword(KEYCHAIN_SERVICE, `${dataDirNamespace(dir)}/backup/migration/${id}`)
    const lost = cli(['rollback', '--yes', '--data-dir', dir])
    expect(lost.code).toBe(1)
    expect(lost.stderr).toBe(
      `personal-agent: The keychain no longer holds the key of migration backup ${id}, so its encrypted files cannot be read; keep backups safe with a passphrase-protected export ("personal-agent backups export ID --out FILE").\n`
    )
    expect(cli(['backups', 'list', '--data-dir', dir]).stdout).toContain(
      'DAMAGED: The keychain no longer holds the key'
    )
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(true)
  })
})
