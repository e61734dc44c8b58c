// The app's launch sequence under Node: automatic migration in a worker with live progress, then the IPC table
// on the migrated store; no secret in any response; rollback and "Migrate now" through the same table.
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { startAppHost } from '../src/main/app/app-host'
import { runLaunchAction } from '../src/main/cli/launch-actions'
import type { MigrationProgress } from '../src/shared/types'
import { cliAsync, cliJson } from './support/cli'
import { tempDir } from './support/folders'

describe('app host', () => {
  it('migrates legacy data at launch off the main thread, then serves pages without secrets', async () => {
    const dir = tempDir()
    const { secrets } = writeSampleFolder(dir, {
      seed: 41,
      conversations: 600,
      messagesPerConversation: 10,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const progress: MigrationProgress[] = []
    let ticks = 0
    const timer = setInterval(() => (ticks += 1), 20)
    const host = await startAppHost({ dataDir: dir, onProgress: (p) => progress.push(p) })
    clearInterval(timer)
    try {
      // The main thread kept running while the worker migrated.
      expect(ticks).toBeGreaterThan(2)
      const phases = new Set(progress.map((p) => p.phase))
      for (const phase of [
        'preflight',
        'backup',
        'conversations',
        'profiles',
        'mcp_servers',
        'verify',
        'done'
      ] as const)
        expect(phases.has(phase), phase).toBe(true)
      expect(progress.at(-1)).toMatchObject({ phase: 'done' })
      expect(progress.some((p) => p.phase === 'conversations' && p.total > 0)).toBe(true)

      const status = await host.status()
      expect(status).toMatchObject({ state: 'migrated', storageBackend: 'sqlite' })
      expect(status.lastReport?.counts.conversations).toBeGreaterThan(500)

      const page = await host.handlers['conversations:list']({ limit: 100 })
      expect(page.items).toHaveLength(100)
      expect(page.nextCursor).not.toBeNull()
      const messages = await host.handlers['conversations:messages']({ id: page.items[0]!.id, limit: 5 })
      expect(messages.items.length).toBeGreaterThan(0)
      const profiles = await host.handlers['profiles:list']()
      expect(profiles.filter((p) => p.isDefault)).toHaveLength(1)
      expect(profiles.some((p) => p.maskedApiKey?.includes('…'))).toBe(true)
      const servers = await host.handlers['mcp:list']()
      const responses = JSON.stringify([
        status,
        page,
        messages,
        profiles,
        servers,
        await host.handlers['backups:list']()
      ])
      for (const secret of secrets) expect(responses.includes(secret), secret).toBe(false)

      expect(await host.handlers['migration:verify']()).toEqual({ ok: true, discrepancies: [] })
      const verify = await runLaunchAction('verify-migration', dir)
      expect(verify.exitCode).toBe(0)
      expect(JSON.parse(verify.output)).toMatchObject({ ok: true })

      // Settings → "Restore pre-migration data": the app keeps working, on the restored legacy files.
      expect(await host.handlers['migration:rollback']({})).toMatchObject({ keptNewRecords: false })
      expect(await host.status()).toMatchObject({ state: 'rolled-back', storageBackend: 'json' })
      const onJson = await host.handlers['conversations:list']({ limit: 100 })
      expect(onJson.items.map((c) => c.id)).toEqual(page.items.map((c) => c.id))
      const jsonResponses = JSON.stringify([
        onJson,
        await host.handlers['profiles:list'](),
        await host.handlers['mcp:list']()
      ])
      for (const secret of secrets) expect(jsonResponses.includes(secret), secret).toBe(false)
      // Then "Migrate now": back on SQLite, with the same data.
      const report = await host.handlers['migration:run']()
      expect(report.counts.conversations).toBe(status.lastReport?.counts.conversations)
      expect(await host.status()).toMatchObject({ state: 'migrated', storageBackend: 'sqlite' })
    } finally {
      await host.dispose()
    }
  })

  it('starts a fresh data folder with an empty store and no migration', async () => {
    const dir = tempDir()
    const host = await startAppHost({ dataDir: `${dir}/new`, onProgress: () => undefined })
    try {
      expect((await host.status()).state).toBe('migrated')
      expect(await host.handlers['conversations:list']({})).toEqual({ items: [], nextCursor: null })
    } finally {
      await host.dispose()
    }
  })

  it('started together with a CLI migrate: exactly one migrates; the other finds the work done or says the folder is busy', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 42,
      conversations: 400,
      messagesPerConversation: 6,
      nasty: true,
      mcpShape: 'map',
      conversationsShape: 'object'
    })
    const [hostResult, cliRun] = await Promise.all([
      startAppHost({ dataDir: dir, onProgress: () => undefined }).then(
        (host) => ({ ok: true as const, host }),
        (error: unknown) => ({
          ok: false as const,
          message: error instanceof Error ? error.message : String(error)
        })
      ),
      cliAsync(['migrate', '--json', '--data-dir', dir])
    ])
    const cliMigrated =
      cliRun.code === 0 && (JSON.parse(cliRun.stdout) as { status: string }).status === 'migrated'
    if (hostResult.ok) {
      const report = (await hostResult.host.status()).lastReport
      // One of the two ran the migration: the host has its own report only if it was the one.
      expect(cliMigrated || report !== null).toBe(true)
      if (!cliMigrated) expect(cliRun.stderr).toMatch(/being used by another Personal Agent process|^$/)
      expect((await hostResult.host.status()).state).toBe('migrated')
      await hostResult.host.dispose()
    } else {
      expect(hostResult.message).toMatch(/being used by another Personal Agent process/)
      expect(cliMigrated).toBe(true)
    }
    expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)
  })
})
