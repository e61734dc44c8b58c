// Rollback: byte-identical originals when nothing changed; post-migration records kept unless --discard-new-data.
import keytar from 'keytar'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { dataDirNamespace, KEYCHAIN_SERVICE, SecretStore } from '../src/main/secrets/secret-store'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { SqliteProfiles } from '../src/main/store/sqlite/sqlite-profiles'
import { openDatabase } from '../src/main/store/sqlite/database'
import { cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, sha256, tempDir } from './support/folders'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'

function migratedFolder(seed: number): { dir: string; original: string } {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed,
    conversations: 25,
    messagesPerConversation: 8,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const original = copyOf(dir)
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  for (const file of LEGACY_FILES) expect(existsSync(join(dir, file))).toBe(false)
  return { dir, original }
}

async function keychainAccounts(dir: string): Promise<string[]> {
  return (await keytar.findCredentials(KEYCHAIN_SERVICE))
    .map((c) => c.account)
    .filter((a) => a.startsWith(`${dataDirNamespace(dir)}/`))
}

describe('rollback', () => {
  it('restores byte-identical originals, removes the keychain entries, moves the database aside', async () => {
    const { dir, original } = migratedFolder(11)
    expect((await keychainAccounts(dir)).length).toBeGreaterThan(0)
    const { run, json } = cliJson(['rollback', '--yes', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(json['kept_new_records']).toBe(false)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file)), file).toBe(sha256(join(original, file)))
    // The records' keys are gone; the encrypted backups keep theirs (the pre-migration backup, the set-aside database).
    expect((await keychainAccounts(dir)).filter((a) => !a.includes('/backup/'))).toEqual([])
    expect((await keychainAccounts(dir)).map((a) => a.split('/').slice(1, 3).join('/')).sort()).toEqual([
      'backup/migration',
      'backup/rolled-back'
    ])
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
    expect(existsSync(String(json['database_moved_to']))).toBe(true)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('rolled-back')
    // The app does not migrate again by itself, but does on request, and loses nothing doing so.
    const again = cliJson(['migrate', '--data-dir', dir])
    expect(again.json['status']).toBe('migrated')
    const exported = tempDir()
    cli(['export', '--out', exported, '--data-dir', dir])
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('keeps conversations, messages and profiles created after the migration', async () => {
    const { dir, original } = migratedFolder(12)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const conversations = new SqliteConversations(db)
    const created = conversations.create({ title: 'Written after the upgrade' })
    conversations.appendMessage(created.id, { role: 'user', content: 'new message after migration' })
    const profiles = new SqliteProfiles(db, new SecretStore(dir))
    await profiles.create({
      name: 'New profile',
      provider: 'openai',
      model: 'gpt-4.1',
      apiKey: 'sk-created-after-migration-0001'
    })
    db.close()

    const { run, json } = cliJson(['rollback', '--yes', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(json['kept_new_records']).toBe(true)
    const restored = JSON.parse(readFileSync(join(dir, 'conversations.json'), 'utf8')) as {
      conversations: { id: string; title: string; messages: { content: string }[] }[]
    }
    const mine = restored.conversations.find((c) => c.id === created.id)
    expect(mine?.title).toBe('Written after the upgrade')
    expect(mine?.messages.map((m) => m.content)).toEqual(['new message after migration'])
    const models = readFileSync(join(dir, 'models.json'), 'utf8')
    expect(models).toContain('sk-created-after-migration-0001')
    // Everything that was there before is still there, unchanged.
    const originalIds = (
      JSON.parse(readFileSync(join(original, 'conversations.json'), 'utf8').replace(/^\ufeff/, '')) as {
        conversations: unknown[]
      }
    ).conversations
    expect(restored.conversations.length).toBe(originalIds.length + 1)
  })

  it('--discard-new-data gives the exact original files', async () => {
    const { dir, original } = migratedFolder(13)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    new SqliteConversations(db).create({ title: 'to be discarded' })
    db.close()
    const { run } = cliJson(['rollback', '--yes', '--discard-new-data', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file)), file).toBe(sha256(join(original, file)))
  })

  it('refuses a second rollback and a damaged backup with clear messages', () => {
    const { dir } = migratedFolder(14)
    const backups = cliJson(['backups', 'list', '--data-dir', dir]).json as unknown as { id: string }[]
    expect(backups).toHaveLength(1)
    const bad = cli(['rollback', '--yes', '--backup', 'no-such-backup', '--data-dir', dir])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/No backup "no-such-backup" found/)
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    const twice = cli(['rollback', '--yes', '--data-dir', dir])
    expect(twice.code).toBe(1)
    expect(twice.stderr.trim().split('\n')).toHaveLength(1)
    expect(twice.stderr).toMatch(/already rolled back/)
  })
})
