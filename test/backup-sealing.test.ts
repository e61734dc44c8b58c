// Plain backups of earlier versions are encrypted in place at the first start after the update, and a SIGKILL at any
// step of it loses nothing; a backup exported with a passphrase imports back, verified, and a wrong passphrase is
// one clear line.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { hashEncryptedFile } from '../src/main/backups/backup-cipher'
import { cipherLabel } from '../src/main/backups/backup-folder'
import { backupKey, type BackupRef } from '../src/main/backups/backup-keys'
import { hashFile } from '../src/main/fs/atomic-write'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliJson } from './support/cli'
import { sha256, tempDir } from './support/folders'

interface Expected {
  ref: BackupRef
  files: Record<string, string>
}

/** A data folder as an earlier version left it: a plain pre-migration backup, a plain import backup (no manifest). */
function earlierVersionFolder(): { dir: string; expected: Expected[] } {
  const dir = tempDir()
  const legacy = tempDir('pa-legacy-')
  writeSampleFolder(legacy, {
    seed: 41,
    conversations: 5,
    messagesPerConversation: 3,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const id = '2026-01-02T03-04-05-678Z'
  const backup = join(dir, 'backup_before_migration', id)
  mkdirSync(backup, { recursive: true })
  const files = LEGACY_FILES.map((name) => {
    cpSync(join(legacy, name), join(backup, name))
    return { name, ...hashFile(join(backup, name)) }
  })
  writeFileSync(
    join(backup, 'manifest.json'),
    JSON.stringify({ sequence: 1, appVersion: '1.9.0', createdAt: '2026-01-02T03:04:05.678Z', files })
  )
  const run = join(dir, 'import_backups', 'run-1')
  mkdirSync(run, { recursive: true })
  writeFileSync(join(run, 'personal-agent.db'), 'not really a database, but bytes to keep')
  writeFileSync(join(run, 'source-dump.json'), '{"apiKey":"sk-web-version-plain-text-key"}')
  const hourAgo = new Date(Date.now() - 3600_000)
  for (const name of readdirSync(run)) utimesSync(join(run, name), hourAgo, hourAgo)
  return {
    dir,
    expected: [
      {
        ref: { kind: 'migration', id, dir: backup },
        files: Object.fromEntries(files.map((f) => [f.name, f.sha256]))
      },
      {
        ref: { kind: 'import', id: 'run-1', dir: run },
        files: {
          'personal-agent.db': sha256(join(run, 'personal-agent.db')),
          'source-dump.json': sha256(join(run, 'source-dump.json'))
        }
      }
    ]
  }
}

/** Every file is still there: as its plain copy, or as an X.enc that decrypts (with the keychain's key) to it. */
async function nothingLost(
  dataDir: string,
  expected: Expected[]
): Promise<{ plain: number; sealed: number }> {
  const secrets = new SecretStore(dataDir)
  let plain = 0
  let sealed = 0
  for (const { ref, files } of expected)
    for (const [name, hash] of Object.entries(files)) {
      const path = join(ref.dir, name)
      if (existsSync(path)) {
        expect(sha256(path), path).toBe(hash)
        plain += 1
      } else {
        const key = await backupKey(secrets, ref)
        expect(hashEncryptedFile(`${path}.enc`, key, cipherLabel(ref, path)).sha256, path).toBe(hash)
        sealed += 1
      }
    }
  return { plain, sealed }
}

describe('encrypting the backups of an earlier version in place', () => {
  it('survives a SIGKILL at each step, then leaves only encrypted files that decrypt to the originals', async () => {
    const { dir, expected } = earlierVersionFolder()
    const hooks = { PERSONAL_AGENT_TEST_HOOKS: '1' }
    for (const point of ['seal-encrypted', 'seal-manifest', 'seal-delete', 'seal-encrypted']) {
      const run = cli(['backups', 'list', '--data-dir', dir], { ...hooks, PERSONAL_AGENT_KILL_AT: point })
      expect(run.signal, `${point}: ${run.stderr}`).toBe('SIGKILL')
      await nothingLost(dir, expected)
    }
    const done = cli(['backups', 'list', '--data-dir', dir])
    expect(done.code, done.stderr).toBe(0)
    expect(await nothingLost(dir, expected)).toEqual({ plain: 0, sealed: 5 })
    for (const { ref } of expected) {
      const manifest = JSON.parse(readFileSync(join(ref.dir, 'manifest.json'), 'utf8')) as {
        encryption?: object
      }
      expect(manifest.encryption).toMatchObject({ cipher: 'aes-256-gcm-chunked', version: 1 })
      expect(readdirSync(ref.dir).filter((n) => n.startsWith('.'))).toEqual([])
    }
    const secret = readFileSync(join(expected[1]!.ref.dir, 'source-dump.json.enc'))
    expect(secret.includes('sk-web-version-plain-text-key')).toBe(false)
    expect(cliJson(['backups', 'list', '--data-dir', dir]).json).toMatchObject([
      { id: expected[0]!.ref.id, encrypted: true, checksumsOk: true }
    ])
  })
})

describe('backups export and import', () => {
  it('round-trips a backup through a passphrase-protected file; a wrong passphrase or no passphrase is one line', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 42,
      conversations: 4,
      messagesPerConversation: 3,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const originals = Object.fromEntries(LEGACY_FILES.map((f) => [f, sha256(join(dir, f))]))
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const id = readdirSync(join(dir, 'backup_before_migration'))[0]!
    const secrets = tempDir('pa-pass-')
    const good = join(secrets, 'good.txt')
    const bad = join(secrets, 'bad.txt')
    writeFileSync(good, 'correct horse battery staple\n')
    writeFileSync(bad, 'correct horse battery stable\n')
    const out = join(tempDir('pa-export-'), 'backup.pabackup')

    const exported = cli([
      'backups',
      'export',
      id,
      '--out',
      out,
      '--passphrase-file',
      good,
      '--data-dir',
      dir
    ])
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^Backup .* exported to .*backup\.pabackup \(3 files, \d+ bytes\)/)
    const noPassphrase = cli(['backups', 'export', id, '--out', `${out}.2`, '--data-dir', dir])
    expect(noPassphrase.stderr).toBe(
      'personal-agent: backups export needs a passphrase: give --passphrase-file FILE, or run it in a terminal to type one.\n'
    )

    const other = tempDir()
    const wrong = cli(['backups', 'import', out, '--passphrase-file', bad, '--data-dir', other])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toBe(
      `personal-agent: ${out} cannot be opened: the passphrase is wrong (or the file was changed).\n`
    )
    const imported = cliJson<{ id: string; files: number }>([
      'backups',
      'import',
      out,
      '--passphrase-file',
      good,
      '--data-dir',
      other
    ])
    expect(imported.run.code, imported.run.stderr).toBe(0)
    expect(imported.json).toEqual({ id, files: 3 })
    expect(cliJson(['backups', 'list', '--data-dir', other]).json).toMatchObject([
      { id, encrypted: true, checksumsOk: true, files: [...LEGACY_FILES] }
    ])
    // The imported backup restores the exact originals (its own key, in this folder's keychain namespace).
    const ref: BackupRef = { kind: 'migration', id, dir: join(other, 'backup_before_migration', id) }
    const key = await backupKey(new SecretStore(other), ref)
    for (const file of LEGACY_FILES) {
      const path = join(ref.dir, `${file}.enc`)
      expect(hashEncryptedFile(path, key, cipherLabel(ref, path)).sha256).toBe(originals[file])
    }
    // A second import of the same file does not overwrite the first.
    expect(cliJson(['backups', 'import', out, '--passphrase-file', good, '--data-dir', other]).json).toEqual({
      id: `${id}-imported`,
      files: 3
    })
  })
})
