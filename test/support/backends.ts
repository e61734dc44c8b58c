// Stores on each backend for the shared store tests: a fresh data folder, optionally seeded with legacy files (and
// migrated for the SQLite backends), with its keychain entries removed after the file's tests.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll } from 'vitest'
import type { StorageBackend } from '../../src/shared/types'
import { migrate } from '../../src/main/migration/engine'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { openBackend } from '../../src/main/store/open-backend'
import type { Store } from '../../src/main/store/store'
import { tempDir } from './folders'

export interface BackendFixture {
  dataDir: string
  secrets: SecretStore
  store: Store
  reopen(): Promise<Store>
}

export const LEGACY_SEED = {
  'conversations.json': {
    conversations: [
      {
        id: 'c-old',
        title: 'Old chat',
        profile_id: 'p-1',
        messages: [
          { id: 'm1', role: 'user', content: 'hello there', created_at: '2025-01-01T10:00:00Z' },
          { id: 'm2', role: 'assistant', content: [{ type: 'text', text: 'hi' }], created_at: 1735725660000 }
        ],
        created_at: '2025-01-01T10:00:00Z',
        updated_at: '2025-01-01T10:01:00Z',
        pinned: true
      },
      {
        id: 'c-new',
        title: 'Newer chat',
        messages: [{ id: 'm3', role: 'user', content: null, created_at: '2025-02-01T10:00:00Z' }],
        created_at: '2025-02-01T10:00:00Z',
        updated_at: '2025-02-01T10:00:00Z'
      },
      // No id, and a repeated id: set aside by the migration, not shown by the json backend, kept by both.
      { title: 'without an id', messages: [] },
      { id: 'c-old', title: 'A second c-old', messages: [] }
    ]
  },
  // Kept one file per conversation, and one file per workspace, by older versions.
  'conversations/c-file.json': {
    id: 'c-file',
    title: 'From its own file',
    messages: [{ id: 'mf', role: 'user', content: 'one file each', created_at: '2025-03-01T09:00:00Z' }],
    created_at: '2025-03-01T09:00:00Z',
    updated_at: '2025-03-01T09:00:00Z'
  },
  'sessions/ws1.json': [
    {
      id: 'c-s1',
      title: 'From a workspace session',
      messages: [{ id: 'ms', role: 'user', content: 'per workspace', created_at: '2024-12-01T00:00:00Z' }],
      created_at: '2024-12-01T00:00:00Z',
      updated_at: '2024-12-01T00:00:00Z'
    }
  ],
  'models.json': {
    profiles: [
      { id: 'p-1', name: 'GPT', provider: 'openai', model: 'gpt-4', api_key: 'sk-seed-0123456789abcd' },
      { id: 'p-2', name: 'Local', provider: 'ollama', model: 'llama3', api_key: '', is_default: true },
      { name: 'No id', provider: 'openai', model: 'gpt-3.5', api_key: 'sk-noid-9876543210zyxw' }
    ]
  },
  'mcp_config.json': {
    servers: [
      {
        id: 's-1',
        name: 'git',
        command: 'mcp-git',
        args: ['--repo', '.'],
        env: { GITHUB_TOKEN: 'ghp_seed_token_123456', LOG: 'info' },
        enabled: true,
        transport: 'stdio'
      }
    ]
  }
}

/** Writes LEGACY_SEED's files (and the conversation folders) into `dir`. */
export function writeSeed(dir: string): void {
  for (const [file, content] of Object.entries(LEGACY_SEED)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), JSON.stringify(content, null, 2))
  }
}

/** Call once at the top of a test file. */
export function backendFixtures(): {
  open(
    backend: StorageBackend,
    options?: { seed?: boolean; mirrorDebounceMs?: number }
  ): Promise<BackendFixture>
} {
  const dirs: string[] = []
  const stores: Store[] = []
  const secretStores: SecretStore[] = []
  afterAll(async () => {
    for (const store of stores) await store.close().catch(() => {})
    for (const secrets of secretStores)
      for (const account of await secrets.listAccounts()) await secrets.delete(account)
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  return {
    async open(backend, options = {}) {
      const dataDir = tempDir(`pa-${backend}-`)
      dirs.push(dataDir)
      const secrets = new SecretStore(dataDir)
      secretStores.push(secrets)
      if (options.seed) {
        writeSeed(dataDir)
        if (backend !== 'json') await migrate(dataDir, { secrets })
      }
      const open = async (): Promise<Store> => {
        const store = await openBackend({
          dataDir,
          backend,
          secrets,
          mirrorDebounceMs: options.mirrorDebounceMs ?? 20
        })
        stores.push(store)
        return store
      }
      return { dataDir, secrets, store: await open(), reopen: open }
    }
  }
}
