// A 1 GB backup file encrypts and decrypts in bounded memory: the chunked format never holds more than a few chunks.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './support/folders'

const REPO = join(__dirname, '..')
const GB = 1024 * 1024 * 1024

describe('a 1 GB backup', () => {
  it('encrypts and decrypts with RSS growing less than 150 MB over the baseline', () => {
    const dir = tempDir('pa-large-')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'test', 'children', 'large-backup-cipher.ts'), dir, String(GB)],
      { encoding: 'utf8', timeout: 300_000 }
    )
    rmSync(dir, { recursive: true, force: true })
    expect(run.status, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as {
      expected: string
      encrypted: { size: number; sha256: string }
      decrypted: { size: number; sha256: string }
      baseline: number
      peak: number
    }
    expect(result.encrypted).toEqual({ size: GB, sha256: result.expected })
    expect(result.decrypted).toEqual({ size: GB, sha256: result.expected })
    expect(result.peak - result.baseline).toBeLessThan(150 * 1024 * 1024)
  }, 300_000)
})
