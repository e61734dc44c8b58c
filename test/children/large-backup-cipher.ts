// Encrypts and decrypts a file of the given size (made of a repeating 1 MiB pattern) and prints the plaintext
// hashes and the process's RSS before and at its peak, for the bounded-memory test.
import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { encryptToFile, hashEncryptedFile, readPieces } from '../../src/main/backups/backup-cipher'

const [dir, sizeText] = process.argv.slice(2)
const size = Number(sizeText)
const plain = join(dir!, 'large.bin')
const pattern = Buffer.alloc(1 << 20)
for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 31 + 7) & 0xff
const expected = createHash('sha256')
const fd = openSync(plain, 'w')
for (let written = 0; written < size; written += pattern.length) {
  const piece = pattern.subarray(0, Math.min(pattern.length, size - written))
  writeSync(fd, piece)
  expected.update(piece)
}
closeSync(fd)
global.gc?.()
const baseline = process.memoryUsage().rss
let peak = baseline
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().rss)
}
const key = { key: Buffer.alloc(32, 9) }
const encrypted = encryptToFile(readPieces(plain), `${plain}.enc`, key, sample)
const decrypted = hashEncryptedFile(`${plain}.enc`, key.key, { file: 'large', wrongKey: 'wrong key' }, sample)
process.stdout.write(
  `${JSON.stringify({ expected: expected.digest('hex'), encrypted, decrypted, baseline, peak })}\n`
)
