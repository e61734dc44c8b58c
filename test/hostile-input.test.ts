// Hostile and broken legacy input (the corpus in test/fixtures/bad/ plus links, folders and a 2 GB sparse file made
// here): a one-line message naming the file, the place and the fix, or the valid part migrated and the rest
// quarantined; never a stack trace, a hang, or a changed legacy file; export still gives the input back.
import {
  appendFileSync,
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  mkdirSync,
  writeFileSync
} from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { exportLegacyFiles } from '../src/main/store/sqlite/legacy-export'
import { openDatabase } from '../src/main/store/sqlite/database'
import { BIN, cli, type CliRun } from './support/cli'
import { legacyDifferences, snapshotTree, tempDir } from './support/folders'

const CORPUS = join(__dirname, 'fixtures', 'bad')

type Expectation = { exit: 1; message: string } | { exit: 0; quarantined: number; conversations?: number }

function expectNoStackTrace(run: CliRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at |Error: |node:internal/)
}

function expectOneLine(run: CliRun, pattern: RegExp): void {
  expect(run.code, run.stdout).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^personal-agent: /)
  expect(lines[0]).toMatch(pattern)
  expect(lines[0]).toMatch(/try again\.|instead|update/i)
  expectNoStackTrace(run)
}

async function exportEqualsInput(dir: string, original: string): Promise<void> {
  const out = tempDir('pa-hostile-export-')
  const db = openDatabase(join(dir, 'personal-agent.db'), { readonly: true })
  try {
    await exportLegacyFiles(db, new SecretStore(dir), out)
  } finally {
    db.close()
  }
  expect(legacyDifferences(original, out)).toEqual([])
}

describe('hostile input corpus', () => {
  const cases = readdirSync(CORPUS).sort()

  it('holds at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50)
  })

  for (const name of cases) {
    it(name, async () => {
      const expectation = JSON.parse(readFileSync(join(CORPUS, name, 'expect.json'), 'utf8')) as Expectation
      const dir = tempDir()
      cpSync(join(CORPUS, name), dir, { recursive: true })
      rmSync(join(dir, 'expect.json'))
      const original = tempDir('pa-hostile-orig-')
      cpSync(dir, original, { recursive: true })
      const before = snapshotTree(dir)
      const run = cli(['migrate', '--data-dir', dir])
      expect(run.signal, 'no hang').toBeNull()
      if (expectation.exit === 1) {
        expectOneLine(run, new RegExp(expectation.message))
        expect(snapshotTree(dir)).toEqual(before)
        return
      }
      expect(run.code, run.stderr).toBe(0)
      expectNoStackTrace(run)
      const report = JSON.parse(
        readFileSync(
          join(
            dir,
            'backup_before_migration',
            readdirSync(join(dir, 'backup_before_migration'))[0]!,
            'report.json'
          ),
          'utf8'
        )
      ) as { quarantined: unknown[]; counts: { conversations: number } }
      expect(report.quarantined).toHaveLength(expectation.quarantined)
      if (expectation.conversations !== undefined)
        expect(report.counts.conversations).toBe(expectation.conversations)
      await exportEqualsInput(dir, original)
    })
  }
})

describe('hostile files and links', () => {
  function sample(): string {
    const dir = tempDir()
    writeFileSync(join(dir, 'conversations.json'), '{"conversations": [{"id": "a", "messages": []}]}')
    return dir
  }

  it('a folder in place of models.json', () => {
    const dir = sample()
    mkdirSync(join(dir, 'models.json'))
    const before = snapshotTree(dir)
    expectOneLine(cli(['migrate', '--data-dir', dir]), /models\.json is not a regular file\. Move it out/)
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('a link to /etc/passwd is refused, not read', () => {
    const dir = sample()
    symlinkSync('/etc/passwd', join(dir, 'models.json'))
    expectOneLine(
      cli(['migrate', '--data-dir', dir]),
      /models\.json is a link to \/etc\/passwd, outside the data folder\. Copy the file/
    )
    expect(existsSync(join(dir, 'backup_before_migration'))).toBe(false)
  })

  it('a link out of the data folder is refused', () => {
    const outside = tempDir()
    writeFileSync(join(outside, 'models.json'), '{"profiles": []}')
    const dir = sample()
    symlinkSync(join(outside, 'models.json'), join(dir, 'models.json'))
    expectOneLine(cli(['migrate', '--data-dir', dir]), /is a link to .*, outside the data folder/)
  })

  it('a link that stays inside the data folder is followed', () => {
    const dir = sample()
    mkdirSync(join(dir, 'old'))
    writeFileSync(join(dir, 'old', 'models.json'), '{"profiles": [{"id": "p", "name": "P"}]}')
    symlinkSync(join(dir, 'old', 'models.json'), join(dir, 'models.json'))
    const run = cli(['migrate', '--json', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ counts: { profiles: 1 } })
    expect(readFileSync(join(dir, 'old', 'models.json'), 'utf8')).toContain('"id": "p"')
  })

  it('a 2 GB sparse file is refused at its first byte, without reading the rest', () => {
    const dir = sample()
    const big = join(dir, 'mcp_config.json')
    writeFileSync(big, '')
    truncateSync(big, 2 * 1024 ** 3)
    const started = Date.now()
    const run = cli(['migrate', '--data-dir', dir])
    expectOneLine(
      run,
      /mcp_config\.json is not valid JSON \(line 1, column 1: expected a JSON value, found byte 0x00\)/
    )
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it('a conversation longer than 512 MB is refused in preflight, naming where it starts, and nothing changes', () => {
    const dir = tempDir()
    const file = join(dir, 'conversations.json')
    const head = '{"conversations": [{"id": "a", "title": "'
    writeFileSync(file, head)
    truncateSync(file, head.length + 520 * 1024 * 1024)
    appendFileSync(file, '"}]}')
    const before = snapshotTree(dir)
    const run = cli(['migrate', '--data-dir', dir])
    expectOneLine(
      run,
      /conversations\.json holds a value at line 1, column 20 longer than 512 MB, more than this version can read in one piece/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('a file without read permission (checked as an unprivileged user, since root reads anything)', (context) => {
    if (process.getuid?.() !== 0) context.skip('needs root to switch to the nobody user')
    const probe = spawnSync('runuser', ['-u', 'nobody', '--', BIN, '--help'], {
      encoding: 'utf8',
      timeout: 60_000
    })
    if (probe.error || probe.status !== 0)
      context.skip('the nobody user cannot run this checkout (its folder is private)')
    const dir = sample()
    chmodSync(join(dir, 'conversations.json'), 0o000)
    chownSync(dir, 65534, 65534)
    const before = snapshotTree(dir)
    const run = spawnSync('runuser', ['-u', 'nobody', '--', BIN, 'migrate', '--data-dir', dir], {
      encoding: 'utf8',
      timeout: 60_000
    })
    if (run.error) context.skip(`runuser is not available: ${run.error.message}`)
    expectOneLine(
      { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr },
      /conversations\.json cannot be read \(EACCES\)\. Check the file's permissions, then try again\./
    )
    expect(snapshotTree(dir)).toEqual(before)
  })
})
