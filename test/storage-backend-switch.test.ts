// Choosing and switching the storage backend: STORAGE_BACKEND before --storage-backend before the setting; sqlite
// ↔ hybrid (plain-text keys in the mirror only while hybrid), to json (the current store written out first) and
// back (a verified migration), each keeping every record; and the CLI's consistency check and counters.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startAppHost, type AppHost } from '../src/main/app/app-host'
import { SecretStore } from '../src/main/secrets/secret-store'
import { chooseBackend, writeBackendSetting } from '../src/main/store/backend-choice'
import { cli, cliJson } from './support/cli'
import { tempDir } from './support/folders'
import { LEGACY_SEED, writeSeed } from './support/backends'

const KEY = LEGACY_SEED['models.json'].profiles[0]!.api_key
const TOKEN = LEGACY_SEED['mcp_config.json'].servers[0]!.env.GITHUB_TOKEN

function seededFolder(): string {
  const dir = tempDir('pa-switch-')
  writeSeed(dir)
  return dir
}

async function withHost<T>(dataDir: string, run: (host: AppHost) => Promise<T>, flag?: string): Promise<T> {
  const host = await startAppHost({ dataDir, onProgress: () => undefined, storageBackend: flag ?? null })
  try {
    return await run(host)
  } finally {
    await host.dispose()
  }
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8')
}

describe('the backend choice', () => {
  it('takes STORAGE_BACKEND first, then the flag, then the setting, else sqlite; a wrong value is one clear line', () => {
    const dir = tempDir('pa-choice-')
    expect(chooseBackend(dir, null, {})).toEqual({ backend: 'sqlite', source: 'default' })
    writeBackendSetting(dir, 'hybrid')
    expect(chooseBackend(dir, null, {})).toEqual({ backend: 'hybrid', source: 'setting' })
    expect(chooseBackend(dir, 'json', {})).toEqual({ backend: 'json', source: 'flag' })
    expect(chooseBackend(dir, 'json', { STORAGE_BACKEND: 'sqlite' })).toEqual({
      backend: 'sqlite',
      source: 'environment'
    })
    expect(() => chooseBackend(dir, null, { STORAGE_BACKEND: 'mongo' })).toThrow(
      'STORAGE_BACKEND is "mongo", which is not a storage backend; use sqlite, json, hybrid.'
    )
    const run = cli(['serve', '--data-dir', dir, '--storage-backend', 'postgres'])
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain('--storage-backend is "postgres"')
  })
})

describe('switching backends in the app', () => {
  it('sqlite → hybrid writes the mirror with keys and warns; hybrid → sqlite takes the keys out of it', async () => {
    const dir = seededFolder()
    await withHost(dir, async (host) => {
      expect((await host.status()).storageBackend).toBe('sqlite')
      expect(existsSync(join(dir, 'models.json'))).toBe(false)
      const toHybrid = await host.handlers['storage:setBackend']({ backend: 'hybrid' })
      expect(toHybrid.status.storageBackend).toBe('hybrid')
      expect(toHybrid.warning).toContain('plain text')
      const created = await host.handlers['conversations:create']({ title: 'made in hybrid' })
      await host.handlers['storage:flush']()
      expect(read(dir, 'models.json')).toContain(KEY)
      expect(read(dir, 'mcp_config.json')).toContain(TOKEN)
      expect(read(dir, 'conversations.json')).toContain(created.id)
      const report = await host.handlers['storage:consistency']()
      expect(report.ok).toBe(true)
      expect((await host.status()).counters.consistency.checks).toBeGreaterThanOrEqual(1)

      const toSqlite = await host.handlers['storage:setBackend']({ backend: 'sqlite' })
      expect(toSqlite).toMatchObject({ warning: null, status: { storageBackend: 'sqlite' } })
      expect(read(dir, 'models.json')).not.toContain(KEY)
      expect(read(dir, 'mcp_config.json')).not.toContain(TOKEN)
      expect(read(dir, 'conversations.json')).toContain(created.id)
      // The keys are still in the keychain, and the app still has them.
      expect((await host.handlers['profiles:list']())[0]!.maskedApiKey).not.toBeNull()
    })
    // The choice is kept for the next launch.
    await withHost(dir, async (host) => expect((await host.status()).storageBackend).toBe('sqlite'))
  })

  it('sqlite → json writes the current store out first; json → sqlite migrates it back; nothing is lost', async () => {
    const dir = seededFolder()
    await withHost(dir, async (host) => {
      const added = await host.handlers['conversations:create']({ title: 'after the migration' })
      await host.handlers['conversations:append']({ id: added.id, role: 'user', content: 'keep me' })
      const toJson = await host.handlers['storage:setBackend']({ backend: 'json' })
      expect(toJson.status).toMatchObject({ storageBackend: 'json', state: 'rolled-back' })
      expect(read(dir, 'conversations.json')).toContain('keep me')
      expect(read(dir, 'models.json')).toContain(KEY)
      const onJson = await host.handlers['conversations:list']({})
      expect(onJson.items.map((c) => c.title)).toContain('after the migration')
      await host.handlers['conversations:rename']({ id: added.id, title: 'renamed on json' })

      const back = await host.handlers['storage:setBackend']({ backend: 'sqlite' })
      expect(back.status).toMatchObject({ storageBackend: 'sqlite', state: 'migrated' })
      expect((await host.handlers['conversations:get']({ id: added.id })).title).toBe('renamed on json')
      const messages = await host.handlers['conversations:messages']({ id: added.id })
      expect(messages.items.map((m) => m.text)).toEqual(['keep me'])
      expect((await host.handlers['profiles:list']()).map((p) => p.id)).toEqual(['p-1', 'p-2'])
      expect(existsSync(join(dir, 'models.json'))).toBe(false)
      // Settings → History: both switches, the rollback one made and the migration the other ran, in one chain.
      const { events, chain } = await host.handlers['history:list']({})
      expect(chain.ok).toBe(true)
      const switches = events.filter((e) => e.action === 'storage-backend-switch')
      expect(switches.map((e) => [e.detail, e.outcome])).toEqual([
        ['json → sqlite', 'ok'],
        ['sqlite → json', 'ok']
      ])
      const actions = events.map((e) => e.action)
      expect(actions.indexOf('migration')).toBeLessThan(actions.indexOf('migration-rollback'))
      expect(actions).toContain('keychain-delete')
    })
  })

  it('a folder that started on this version (no backup) switches to json the same way, keys included', async () => {
    const dir = join(tempDir('pa-switch-fresh-'), 'data')
    const key = 'sk-fresh-0123456789abcdef'
    await withHost(dir, async (host) => {
      expect(await host.status()).toMatchObject({ state: 'migrated', storageBackend: 'sqlite' })
      const chat = await host.handlers['conversations:create']({ title: 'born on sqlite' })
      await host.handlers['conversations:append']({ id: chat.id, role: 'user', content: 'kept' })
      await host.handlers['profiles:create']({ name: 'P', provider: 'openai', model: 'gpt', apiKey: key })
      expect(await new SecretStore(dir).listAccounts()).toHaveLength(1)

      const toJson = await host.handlers['storage:setBackend']({ backend: 'json' })
      expect(toJson.status).toMatchObject({ state: 'rolled-back', storageBackend: 'json' })
      expect(read(dir, 'conversations.json')).toContain('kept')
      expect(read(dir, 'models.json')).toContain(key)
      expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
      expect(readdirSync(join(dir, 'rolled_back_databases'))).toHaveLength(1)
      // Only the data key of the encrypted database set aside remains.
      expect((await new SecretStore(dir).listAccounts()).filter((a) => !a.includes('/backup/'))).toEqual([])
      const listed = await host.handlers['conversations:list']({})
      expect(listed.items.map((c) => c.title)).toEqual(['born on sqlite'])
    })
  })

  it('after a rollback from the CLI the app runs on the legacy files, whatever the setting said before', async () => {
    const dir = seededFolder()
    await withHost(dir, async (host) => {
      await host.handlers['storage:setBackend']({ backend: 'hybrid' })
      await host.handlers['storage:setBackend']({ backend: 'sqlite' })
    })
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    expect(cliJson(['status', '--data-dir', dir]).json).toMatchObject({
      storageBackend: 'json',
      requestedBackend: 'sqlite',
      storageBackendSource: 'setting'
    })
    await withHost(dir, async (host) => {
      expect(await host.status()).toMatchObject({ state: 'rolled-back', storageBackend: 'json' })
      const listed = await host.handlers['conversations:list']({})
      expect(listed.items.map((c) => c.id)).toEqual(['c-file', 'c-new', 'c-old', 'c-s1'])
    })
    // Asked for explicitly, a SQLite backend migrates the folder again at launch.
    await withHost(
      dir,
      async (host) => expect(await host.status()).toMatchObject({ state: 'migrated' }),
      'sqlite'
    )
  })

  it('refuses a switch that STORAGE_BACKEND or the flag would override, and starts on the flag', async () => {
    const dir = seededFolder()
    await withHost(
      dir,
      async (host) => {
        expect((await host.status()).storageBackend).toBe('hybrid')
        await expect(host.handlers['storage:setBackend']({ backend: 'sqlite' })).rejects.toThrow(
          /set to hybrid by --storage-backend/
        )
      },
      'hybrid'
    )
  })
})

describe('the CLI', () => {
  it('verify --consistency exits 0 when the files match the store, 1 with the differences, and status shows counters', async () => {
    const dir = seededFolder()
    await withHost(dir, async () => undefined, 'hybrid')
    const same = cliJson<{ ok: boolean }>(['verify', '--consistency', '--data-dir', dir])
    expect(same.run.code).toBe(0)
    expect(same.json.ok).toBe(true)

    const mirror = JSON.parse(read(dir, 'conversations.json')) as { conversations: { title: string }[] }
    mirror.conversations[0]!.title = 'changed by an old app version'
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify(mirror))
    const differs = cli(['verify', '--consistency', '--data-dir', dir])
    expect(differs.code).toBe(1)
    expect(differs.stdout).toContain(
      'conversations: SQLite 4, JSON 4; consistent 3, inconsistent 1 (first: c-old: title)'
    )
    expect(differs.stdout + differs.stderr).not.toContain(KEY)

    const status = cliJson<{
      storageBackend: string
      counters: { consistency: { checks: number; failures: number } }
    }>(['status', '--data-dir', dir], { STORAGE_BACKEND: 'hybrid' })
    expect(status.json.storageBackend).toBe('hybrid')
    expect(cli(['status', '--data-dir', dir], { STORAGE_BACKEND: 'hybrid' }).stdout).toMatch(
      /Warning: .*plain text/
    )
    expect(status.json.counters.consistency).toEqual({ checks: 2, failures: 1 })
  })
})
