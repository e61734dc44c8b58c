// Environment faults: a full disk during the backup or the import, a disk too small from the start, and a keychain
// that is missing or fails halfway. Each ends cleanly: originals untouched, no key lost, a message saying what to do.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { BIN, cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, snapshotTree, tempDir } from './support/folders'

function sample(seed: number): string {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed,
    conversations: 30,
    messagesPerConversation: 5,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  return dir
}

function expectCleanAbort(
  dir: string,
  before: Record<string, string>,
  run: { code: number | null; stderr: string },
  message: RegExp
): void {
  expect(run.code).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(message)
  expect(snapshotTree(dir)).toEqual(before)
  expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('legacy')
}

const HOOKS = { PERSONAL_AGENT_TEST_HOOKS: '1' }

describe('disk full', () => {
  for (const point of ['backup-copy', 'mid-conversations']) {
    it(`during ${point === 'backup-copy' ? 'the backup' : 'the import'}: a clean abort with the originals untouched`, () => {
      const dir = sample(81)
      const before = snapshotTree(dir)
      const run = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_FAULT: `enospc@${point}` })
      expectCleanAbort(
        dir,
        before,
        run,
        /The disk holding .* is full\. Your legacy files were not changed; free some space, then try again\./
      )
      // …and once there is room again, the migration goes through.
      const original = copyOf(dir)
      expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
      const out = tempDir()
      cli(['export', '--out', out, '--data-dir', dir])
      expect(legacyDifferences(original, out)).toEqual([])
    })
  }

  it('a data folder on a disk too small for backup and database is refused before anything is written', (context) => {
    const mount = tempDir('pa-tmpfs-')
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount], { stdio: 'ignore' })
    } catch {
      context.skip(
        'mounting a small tmpfs is not allowed here; the injected ENOSPC tests above cover the abort'
      )
    }
    try {
      const dir = join(mount, 'data')
      mkdirSync(dir)
      writeFileSync(
        join(dir, 'conversations.json'),
        JSON.stringify({
          conversations: [{ id: 'a', messages: [{ role: 'user', content: 'x'.repeat(900_000) }] }]
        })
      )
      const before = snapshotTree(dir)
      const run = cli(['migrate', '--data-dir', dir])
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toMatch(
        /^personal-agent: Not enough free disk space in .*: the migration needs about \d+ MB and \d+ MB are free\. Free some space, then try again\.$/
      )
      expect(snapshotTree(dir)).toEqual(before)
    } finally {
      execFileSync('umount', [mount], { stdio: 'ignore' })
    }
  })
})

describe('keychain faults', () => {
  it('no keychain reachable: stops in preflight, before any key moves, and says how to fix it', () => {
    const dir = sample(82)
    const before = snapshotTree(dir)
    const run = cli(['migrate', '--data-dir', dir], {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
    })
    expectCleanAbort(
      dir,
      before,
      run,
      /The system keychain could not store a key: .*Make sure a Secret Service keychain is running and unlocked/
    )
  })

  it('a locked keychain (gnome-keyring running, its collection not unlocked): stops cleanly, without hanging on a prompt', () => {
    const dir = sample(84)
    const before = snapshotTree(dir)
    const script = `gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec ${JSON.stringify(BIN)} migrate --data-dir ${JSON.stringify(dir)}`
    const run = spawnSync('dbus-run-session', ['--', 'bash', '-c', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: tempDir() }
    })
    expect(run.signal, 'no hang').toBeNull()
    const line = run.stderr.split('\n').find((l) => l.startsWith('personal-agent: '))
    expect(line).toMatch(/The system keychain could not store a key: .*unlocked/)
    expect(run.status).toBe(1)
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('no keychain and no keys to move: the migration does not need one', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'conversations.json'), '{"conversations": [{"id": "a", "messages": []}]}')
    writeFileSync(
      join(dir, 'models.json'),
      '{"profiles": [{"id": "local", "provider": "ollama", "api_key": ""}]}'
    )
    const run = cliJson(['migrate', '--data-dir', dir], {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'
    })
    expect(run.run.code, run.run.stderr).toBe(0)
    expect(run.json).toMatchObject({ status: 'migrated', counts: { secrets: 0 } })
  })

  it('failing halfway through writing the keys: nothing is committed, the legacy files keep every key', () => {
    const dir = sample(83)
    const original = copyOf(dir)
    const before = snapshotTree(dir)
    const run = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_FAULT: 'keychain-writes' })
    expect(run.code).toBe(1)
    expect(snapshotTree(dir)).toEqual(before)
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
    expect(legacyDifferences(original, dir)).toEqual([])
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
  })
})

describe('where the data folder cannot be written', () => {
  it('a data folder on a read-only disk: one line saying so, nothing on the terminal besides', (context) => {
    const mount = tempDir('pa-ro-')
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount], { stdio: 'ignore' })
    } catch {
      context.skip('mounting a tmpfs is not allowed here')
    }
    try {
      const dir = join(mount, 'data')
      writeSampleFolder(dir, {
        seed: 85,
        conversations: 5,
        messagesPerConversation: 2,
        nasty: false,
        mcpShape: 'list',
        conversationsShape: 'object'
      })
      const before = snapshotTree(dir)
      execFileSync('mount', ['-o', 'remount,ro', mount], { stdio: 'ignore' })
      const run = cli(['migrate', '--data-dir', dir])
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toBe(
        `personal-agent: ${dir} is on a read-only disk. Move the data folder to a writable disk (and pass it with --data-dir), then try again.`
      )
      expect(snapshotTree(dir)).toEqual(before)
    } finally {
      execFileSync('umount', [mount], { stdio: 'ignore' })
    }
  })
})

describe('a database busy in another process', () => {
  it('says so in one line instead of failing obscurely', async () => {
    const dir = sample(86)
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const { openDatabase } = await import('../src/main/store/sqlite/database')
    const holder = openDatabase(join(dir, 'personal-agent.db'))
    holder.exec('BEGIN EXCLUSIVE')
    try {
      const run = cli(['schema', 'downgrade', '--target', '1', '--data-dir', dir])
      expect(run.code).toBe(1)
      expect(run.stderr.trim()).toMatch(
        /^personal-agent: The database in .* is in use by another program \(another Personal Agent window or command\?\)\. Close it, then try again\.$/
      )
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect(cli(['verify', '--data-dir', dir]).code).toBe(0)
  })
})
