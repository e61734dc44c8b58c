// The CLI contract around migration: dry runs write nothing, a second migrate refuses cleanly, bad input gets a
// one-line message naming the file and the fix, and legacy files are never modified.
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { cli, cliAsync, cliJson } from './support/cli'
import { copyOf, legacyDifferences, snapshotTree, tempDir } from './support/folders'

function sample(seed: number, conversations = 20): string {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed,
    conversations,
    messagesPerConversation: 6,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  return dir
}

function expectOneLineError(run: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(run.code).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^personal-agent: /)
  expect(lines[0]).toMatch(pattern)
}

describe('migrate --dry-run', () => {
  it('prints the plan and counts and writes nothing', () => {
    const dir = sample(31)
    const before = snapshotTree(dir)
    const { run, json } = cliJson(['migrate', '--dry-run', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(json['status']).toBe('dry-run')
    // What the run will move (27 conversations, 6 profiles and 4 servers are in the files; the rest is set aside).
    expect(json['counts']).toMatchObject({ conversations: 23, profiles: 4, mcp_servers: 3 })
    expect(json['quarantined']).toBe((json['plan'] as { set_aside: unknown[] }).set_aside.length)
    expect((json['plan'] as { files: string[] }).files).toEqual([
      'conversations.json',
      'models.json',
      'mcp_config.json'
    ])
    expect(snapshotTree(dir)).toEqual(before)
  })
})

describe('two migrations at once', () => {
  it('a second concurrent migrate refuses cleanly or finds the work done; the data is migrated once', async () => {
    const dir = sample(32, 400)
    const original = copyOf(dir)
    const [a, b] = await Promise.all([
      cliAsync(['migrate', '--json', '--data-dir', dir]),
      cliAsync(['migrate', '--json', '--data-dir', dir])
    ])
    const outcomes = [a, b].map((r) =>
      r.code === 0 ? (JSON.parse(r.stdout) as { status: string }).status : r.stderr.trim()
    )
    expect(outcomes.filter((o) => o === 'migrated')).toHaveLength(1)
    const other = outcomes.find((o) => o !== 'migrated')!
    expect(
      other === 'already-migrated' || /being used by another Personal Agent process/.test(other),
      other
    ).toBe(true)
    expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)
    const exported = tempDir()
    cli(['export', '--out', exported, '--data-dir', dir])
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('refuses while another live process holds the lock, naming it, and changes nothing', async () => {
    const dir = sample(33)
    const holder = spawn('sleep', ['30'])
    try {
      writeFileSync(
        join(dir, '.migration.lock'),
        JSON.stringify({
          pid: holder.pid,
          hostname: hostname(),
          purpose: 'migrating',
          acquiredAt: new Date().toISOString()
        })
      )
      const before = snapshotTree(dir)
      const run = cli(['migrate', '--data-dir', dir])
      expectOneLineError(run, new RegExp(`another Personal Agent process \\(pid ${holder.pid}, migrating\\)`))
      expect(snapshotTree(dir)).toEqual(before)
    } finally {
      holder.kill()
    }
  })
})

describe('bad input', () => {
  it('a data folder that does not exist', () => {
    expectOneLineError(
      cli(['migrate', '--data-dir', join(tempDir(), 'nope')]),
      /does not exist\. Pass the folder/
    )
  })

  it('a folder in place of conversations.json', () => {
    const dir = sample(34)
    rmSync(join(dir, 'conversations.json'))
    mkdirSync(join(dir, 'conversations.json'))
    const before = snapshotTree(dir)
    expectOneLineError(
      cli(['migrate', '--data-dir', dir]),
      /conversations\.json is not a regular file\. Move it out/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('a dangling symlink as models.json is named, and nothing changes', () => {
    const dir = sample(35)
    rmSync(join(dir, 'models.json'))
    symlinkSync(join(dir, 'gone.json'), join(dir, 'models.json'))
    const before = snapshotTree(dir)
    expectOneLineError(
      cli(['migrate', '--data-dir', dir]),
      /models\.json is a link to a file that does not exist\. Restore the file/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('truncated JSON names the file, line and column, and changes nothing', () => {
    const dir = sample(36)
    writeFileSync(join(dir, 'models.json'), '{\n  "profiles": [\n    {"id": "a", "name": ')
    const before = snapshotTree(dir)
    expectOneLineError(
      cli(['migrate', '--data-dir', dir]),
      /models\.json is not valid JSON \(line 3, column \d+: .*\)\. Repair the file/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('invalid UTF-8 is refused rather than silently replaced', () => {
    const dir = sample(37)
    writeFileSync(
      join(dir, 'conversations.json'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])
    )
    expectOneLineError(cli(['migrate', '--data-dir', dir]), /conversations\.json is not valid UTF-8/)
  })

  it('unknown commands and flags are usage errors (exit 2) with one line', () => {
    const run = cli(['migrate', '--frobnicate'])
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli(['teleport']).code).toBe(2)
  })

  it('status --json prints a JSON object for a folder that does not exist yet', () => {
    const { run, json } = cliJson(['status', '--data-dir', join(tempDir(), 'new')])
    expect(run.code).toBe(0)
    expect(json).toMatchObject({ state: 'fresh', schemaVersion: 0 })
  })
})

describe('a database written by a newer Personal Agent', () => {
  it('is reported as newer-schema and never touched', async () => {
    const dir = sample(38)
    const { openDatabase } = await import('../src/main/store/sqlite/database')
    const db = openDatabase(join(dir, 'personal-agent.db'))
    db.pragma('user_version = 99')
    db.close()
    const before = snapshotTree(dir)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('newer-schema')
    expectOneLineError(
      cli(['migrate', '--data-dir', dir]),
      /written by a newer version of Personal Agent \(schema v99\)\. Update Personal Agent/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })
})

describe('verify after the user changed things', () => {
  it('counts deletions and edits made in the app as intended, not as losses', async () => {
    const dir = sample(39)
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const { openDatabase } = await import('../src/main/store/sqlite/database')
    const { SqliteConversations } = await import('../src/main/store/sqlite/sqlite-conversations')
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const service = new SqliteConversations(db)
    const [first, second] = service.list({ limit: 2 }).items
    await service.delete(first!.id)
    service.rename(second!.id, 'Renamed in the app')
    service.create({ title: 'Brand new' })
    db.close()
    const { run, json } = cliJson(['verify', '--data-dir', dir])
    expect(run.code, run.stdout).toBe(0)
    expect(json['ok']).toBe(true)

    // …but a record that vanished without the user deleting it is a loss.
    const raw = openDatabase(join(dir, 'personal-agent.db'))
    raw
      .prepare(
        "DELETE FROM conversations WHERE origin = 'legacy' AND changed = 0 AND id = (SELECT MIN(id) FROM conversations WHERE origin = 'legacy' AND changed = 0)"
      )
      .run()
    raw.close()
    const lost = cliJson(['verify', '--data-dir', dir])
    expect(lost.run.code).toBe(1)
    expect(lost.json['ok']).toBe(false)
    expect((lost.json['discrepancies'] as string[])[0]).toMatch(
      /conversations\.json \$\.conversations\[\d+\]: missing from the store/
    )
  })
})
