// The audit trail through the real CLI: a migration (with its keychain writes), an import and its rollback, a backup
// prune and the migration's rollback (with its keychain deletes) are each recorded with counts and outcome; the trail
// survives the rollback, holds no secret value, and `history --verify` names a row edited behind its back.
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEventView, ChainCheck } from '../src/shared/history-types'
import { cli, cliJson } from './support/cli'
import { tempDir } from './support/folders'

const FIXTURES = join(__dirname, 'fixtures', 'other-apps')
const API_KEY = 'sk-history-audit-4f9c2e7a1b'
const TOKEN = 'ghp_historyAuditToken8d3b1c'

function legacyFolder(): string {
  const dir = tempDir('pa-history-cli-')
  const at = '2025-01-25T12:00:00Z'
  writeFileSync(
    join(dir, 'conversations.json'),
    JSON.stringify({
      conversations: [
        {
          id: 'c1',
          title: 'One',
          messages: [{ id: 'm1', role: 'user', content: 'hi', created_at: at }],
          created_at: at,
          updated_at: at
        },
        { id: 'c2', title: 'Two', messages: [], created_at: at, updated_at: at }
      ]
    })
  )
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [
        { id: 'p1', name: 'GPT', provider: 'openai', model: 'gpt-4', api_key: API_KEY, is_default: true }
      ]
    })
  )
  writeFileSync(
    join(dir, 'mcp_config.json'),
    JSON.stringify({
      servers: [
        {
          id: 's1',
          name: 'github',
          command: 'npx',
          args: [],
          env: { GITHUB_TOKEN: TOKEN },
          enabled: true,
          transport: 'stdio'
        }
      ]
    })
  )
  return dir
}

function history(dir: string): AuditEventView[] {
  const { run, json } = cliJson<{ events: AuditEventView[]; chain: ChainCheck }>([
    'history',
    '--data-dir',
    dir
  ])
  expect(run.code, run.stderr).toBe(0)
  expect(json.chain.ok).toBe(true)
  return [...json.events].reverse()
}

function ok(run: { code: number | null; stderr: string }): void {
  expect(run.code, run.stderr).toBe(0)
}

describe('personal-agent history', () => {
  it('records a migration, an import, its rollback, a prune and the rollback, without a secret value', () => {
    const dir = legacyFolder()
    ok(cli(['migrate', '--data-dir', dir]))
    let events = history(dir)
    // The two keys moved to the keychain, and the data key of the encrypted pre-migration backup.
    expect(events.map((e) => e.action)).toEqual([
      'keychain-write',
      'keychain-write',
      'keychain-write',
      'migration'
    ])
    expect(
      events
        .slice(0, 3)
        .map((e) => e.detail!.replace(/\/[^/]+$/, '/<id>'))
        .sort()
    ).toEqual(['backup/migration/<id>', 'mcp_server/s1/env/<id>', 'profile/p1/<id>'])
    expect(events[3]).toMatchObject({
      outcome: 'ok',
      counts: { records: { conversations: 2, messages: 1, profiles: 1, mcp_servers: 1, secrets: 2 } }
    })
    expect(events[3]!.ref).toMatch(/\S/)

    const exportFile = join(tempDir(), 'conversations.json')
    copyFileSync(join(FIXTURES, 'chatgpt-conversations.json'), exportFile)
    ok(cli(['import', '--format', 'chatgpt', exportFile, '--data-dir', dir]))
    const imported = history(dir).at(-1)!
    expect(imported).toMatchObject({
      action: 'import',
      outcome: 'ok',
      counts: { records: { conversation: 4 }, quarantined: { chatgpt: 2 } }
    })
    expect(imported.ref).toMatch(/^import-/)

    ok(cli(['rollback', '--run', imported.ref!, '--data-dir', dir]))
    expect(history(dir).at(-1)).toMatchObject({
      action: 'import-rollback',
      outcome: 'ok',
      ref: imported.ref,
      counts: { records: { conversation: 4 } }
    })
    // Undoing it twice fails, and the failure is recorded with its one-line reason.
    expect(cli(['rollback', '--run', imported.ref!, '--data-dir', dir]).code).toBe(1)
    expect(history(dir).at(-1)).toMatchObject({
      action: 'import-rollback',
      outcome: 'failed',
      reason: expect.stringMatching(/already rolled back/)
    })

    ok(cli(['backups', 'prune', '--keep', '5', '--data-dir', dir]))
    expect(history(dir).at(-1)).toMatchObject({
      action: 'backup-prune',
      outcome: 'ok',
      counts: { records: { backups_removed: 0 } }
    })

    // A passphrase-protected copy of the backup out, and back in: each recorded, the passphrase nowhere.
    const passphraseFile = join(tempDir(), 'passphrase')
    writeFileSync(passphraseFile, 'correct horse battery\n')
    const copy = join(tempDir(), 'backup.pabackup')
    const backupId = readdirSync(join(dir, 'backup_before_migration'))[0]!
    ok(
      cli([
        'backups',
        'export',
        backupId,
        '--out',
        copy,
        '--passphrase-file',
        passphraseFile,
        '--data-dir',
        dir
      ])
    )
    expect(history(dir).at(-1)).toMatchObject({ action: 'backup-export', outcome: 'ok', ref: backupId })
    ok(cli(['backups', 'import', copy, '--passphrase-file', passphraseFile, '--data-dir', dir]))
    expect(history(dir).at(-1)).toMatchObject({
      action: 'backup-import',
      outcome: 'ok',
      ref: `${backupId}-imported`
    })
    expect(readFileSync(join(dir, 'history.db')).includes('correct horse')).toBe(false)

    ok(cli(['rollback', '--yes', '--data-dir', dir]))
    events = history(dir)
    // The two keys leave the keychain; the database set aside is encrypted under a data key of its own.
    expect(events.slice(-4).map((e) => e.action)).toEqual([
      'keychain-delete',
      'keychain-delete',
      'keychain-write',
      'migration-rollback'
    ])
    expect(events.at(-2)!.detail).toMatch(/^backup\/rolled-back\//)
    expect(events.at(-1)).toMatchObject({
      outcome: 'ok',
      counts: { records: { keychain_entries_removed: 2 } }
    })
    // The database was set aside; the trail stayed where it was.
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
    expect(existsSync(join(dir, 'history.db'))).toBe(true)

    const verify = cli(['history', '--verify', '--data-dir', dir])
    ok(verify)
    expect(verify.stdout.trim()).toBe(`History verified: ${events.length} events, chain intact`)

    const stored = Buffer.concat(
      readdirSync(dir)
        .filter((name) => name.startsWith('history.db'))
        .map((name) => readFileSync(join(dir, name)))
    )
    for (const secret of [API_KEY, TOKEN]) expect(stored.includes(secret)).toBe(false)
  }, 120_000)

  it('records an existing store’s schema upgrade', () => {
    const dir = tempDir('pa-history-cli-')
    ok(cli(['schema', 'upgrade', '--target', '1', '--data-dir', dir]))
    expect(history(dir)).toEqual([])
    ok(cli(['schema', 'upgrade', '--data-dir', dir]))
    expect(history(dir)).toMatchObject([
      { action: 'schema-upgrade', outcome: 'ok', detail: expect.stringMatching(/^v1 → v\d+; backup /) }
    ])
  }, 60_000)

  it('--verify names the first broken row and exits 1; the table prints newest first', () => {
    const dir = tempDir('pa-history-cli-')
    for (const n of [1, 2, 3]) ok(cli(['backups', 'prune', '--keep', String(n), '--data-dir', dir]))
    const table = cli(['history', '--data-dir', dir])
    ok(table)
    expect(
      table.stdout
        .split('\n')
        .slice(1, 4)
        .map((l) => l.trim().split(/\s+/)[0])
    ).toEqual(['3', '2', '1'])
    const db = new Database(join(dir, 'history.db'))
    db.exec("DROP TRIGGER events_no_update; UPDATE events SET detail = 'kept the newest 9' WHERE id = 2")
    db.close()
    const verify = cli(['history', '--verify', '--data-dir', dir])
    expect(verify.code).toBe(1)
    expect(verify.stdout).toMatch(/^History check failed: event 2 \(\S+\) was edited after it was written\./)
    expect(cli(['history', '--limit', '0', '--data-dir', dir]).stderr).toMatch(
      /^personal-agent: --limit is "0"/
    )
  }, 60_000)
})
