// The CLI's schema and backups commands, run as a user would.
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { LATEST_SCHEMA_VERSION } from '../src/main/store/sqlite/schema'
import { cli, cliJson } from './support/cli'
import { copyOf, sha256, snapshotTree, tempDir } from './support/folders'

describe('personal-agent schema', () => {
  it('status, a dry run that writes nothing, upgrade, downgrade and upgrade again', () => {
    const dir = tempDir()
    const status = cliJson(['schema', 'status', '--data-dir', dir]).json as {
      exists: boolean
      currentVersion: number
      pending: unknown[]
    }
    expect(status).toMatchObject({ exists: false, currentVersion: 0 })
    expect(status.pending).toHaveLength(LATEST_SCHEMA_VERSION)

    const dry = cli(['schema', 'upgrade', '--dry-run', '--data-dir', dir])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(
      /-- 0001_initial[\s\S]*CREATE TABLE conversations[\s\S]*-- 0002_message_search/
    )
    expect(readdirSync(dir)).toEqual([])

    expect(cliJson(['schema', 'upgrade', '--target', '1', '--data-dir', dir]).json).toMatchObject({
      fromVersion: 0,
      toVersion: 1
    })
    expect(cliJson(['schema', 'upgrade', '--data-dir', dir]).json).toMatchObject({
      fromVersion: 1,
      toVersion: LATEST_SCHEMA_VERSION
    })
    const down = cliJson(['schema', 'downgrade', '--target', '0', '--data-dir', dir]).json as {
      toVersion: number
      backup?: string
    }
    expect(down.toVersion).toBe(0)
    expect(down.backup && existsSync(join(down.backup, 'manifest.json'))).toBe(true)
    expect(cliJson(['schema', 'upgrade', '--data-dir', dir]).json).toMatchObject({
      fromVersion: 0,
      toVersion: LATEST_SCHEMA_VERSION
    })
  })

  it('downgrade without --target is a usage error', () => {
    const run = cli(['schema', 'downgrade', '--data-dir', tempDir()])
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe(
      'personal-agent: schema downgrade needs --target N (the version to go back to).'
    )
  })
})

describe('personal-agent backups', () => {
  it('lists backups with checksums, restores one by id, and prunes', () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 61,
      conversations: 8,
      messagesPerConversation: 3,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const original = copyOf(dir)
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const [backup] = cliJson(['backups', 'list', '--data-dir', dir]).json as unknown as {
      id: string
      checksumsOk: boolean
      files: string[]
    }[]
    expect(backup).toMatchObject({ checksumsOk: true, files: [...LEGACY_FILES] })

    const restored = cliJson(['backups', 'restore', backup!.id, '--yes', '--data-dir', dir])
    expect(restored.run.code, restored.run.stderr).toBe(0)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file))).toBe(sha256(join(original, file)))

    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    expect(cliJson(['backups', 'list', '--data-dir', dir]).json).toHaveLength(2)
    const pruned = cliJson(['backups', 'prune', '--keep', '1', '--data-dir', dir]).json as {
      removed: string[]
    }
    expect(pruned.removed).toEqual([backup!.id])
    expect(cliJson(['backups', 'list', '--data-dir', dir]).json).toHaveLength(1)
  })

  it('prune needs --keep N, and a damaged backup shows as such', () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 62,
      conversations: 4,
      messagesPerConversation: 2,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    expect(cli(['backups', 'prune', '--data-dir', dir]).code).toBe(2)
    const [backup] = cliJson(['backups', 'list', '--data-dir', dir]).json as unknown as { id: string }[]
    writeFileSync(join(dir, 'backup_before_migration', backup!.id, 'models.json'), '{"tampered": true}')
    expect(cliJson(['backups', 'list', '--data-dir', dir]).json).toMatchObject([{ checksumsOk: false }])
    const before = snapshotTree(dir)
    const run = cli(['rollback', '--yes', '--data-dir', dir])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/is damaged \(models\.json does not match its checksum\); nothing was changed/)
    expect(snapshotTree(dir)).toEqual(before)
    // The audit trail (left out of the snapshot) records the refused rollback.
    const { events } = cliJson<{ events: unknown[] }>(['history', '--data-dir', dir]).json
    expect(events[0]).toMatchObject({
      action: 'migration-rollback',
      outcome: 'failed',
      reason: expect.stringMatching(/is damaged/)
    })
  })
})

describe('a clock that went backwards between two runs', () => {
  it('keeps backups in the order they were made: the newest is listed first and survives a prune', () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 63,
      conversations: 4,
      messagesPerConversation: 2,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const original = copyOf(dir)
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    const yesterday = { PERSONAL_AGENT_TEST_HOOKS: '1', PERSONAL_AGENT_CLOCK_SHIFT_MS: String(-86_400_000) }
    const second = cliJson(['migrate', '--data-dir', dir], yesterday).json['backup_id'] as string
    const listed = cliJson(['backups', 'list', '--data-dir', dir]).json as unknown as { id: string }[]
    expect(listed[0]!.id).toBe(second)
    expect(listed[1]!.id > second).toBe(true)
    cliJson(['backups', 'prune', '--keep', '1', '--data-dir', dir])
    expect(
      (cliJson(['backups', 'list', '--data-dir', dir]).json as unknown as { id: string }[]).map((b) => b.id)
    ).toEqual([second])
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file))).toBe(sha256(join(original, file)))
  })
})
