// Imports live alongside the launch migration's guarantees: verification still passes (imported records count as
// records made after the migration, not as legacy ones), and a rollback of the migration writes the imported
// conversations, profiles and MCP servers into the restored files with their keys, so an import is never lost to it.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliJson } from './support/cli'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const tracker = storeFixtures('pa-import-mig-')
const FIXTURES = resolve(__dirname, 'fixtures')

describe('imports and the migration', () => {
  it('verify passes after imports, and a migration rollback keeps what was imported, keys included', () => {
    const dataDir = join(tempDir(), 'data')
    writeSampleFolder(dataDir, {
      seed: 7,
      conversations: 12,
      messagesPerConversation: 4,
      nasty: false,
      mcpShape: 'map',
      conversationsShape: 'object'
    })
    tracker.track(new SecretStore(dataDir))
    expect(cli(['migrate', '--data-dir', dataDir]).code).toBe(0)
    cliJson([
      'import',
      '--format',
      'localstorage',
      join(FIXTURES, 'localstorage', 'web-export.json'),
      '--data-dir',
      dataDir
    ])
    cliJson([
      'import',
      '--format',
      'chatgpt',
      join(FIXTURES, 'other-apps', 'chatgpt-conversations.json'),
      '--data-dir',
      dataDir
    ])
    const verified = cliJson<{ ok: boolean; discrepancies: string[] }>(['verify', '--data-dir', dataDir])
    expect(verified.json).toMatchObject({ ok: true, discrepancies: [] })

    const rollback = cliJson<{ kept_new_records: boolean }>(['rollback', '--yes', '--data-dir', dataDir]).json
    expect(rollback.kept_new_records).toBe(true)
    const models = readFileSync(join(dataDir, 'models.json'), 'utf8')
    expect(models).toContain('sk-acme-live-7f3a9c2e11')
    expect(models).toContain('sk-globex-live-22b7d0aa93')
    expect(readFileSync(join(dataDir, 'mcp_config.json'), 'utf8')).toContain('ghp_acmeSecretToken123456')
    const conversations = readFileSync(join(dataDir, 'conversations.json'), 'utf8')
    for (const title of ['Kyoto autumn trip', 'Quarterly report help', 'Globex onboarding'])
      expect(conversations).toContain(title)
  })

  it('a notes import leaves the migration rollback byte-identical (notes have no place in the legacy files)', () => {
    const dataDir = join(tempDir(), 'data')
    writeSampleFolder(dataDir, {
      seed: 8,
      conversations: 5,
      messagesPerConversation: 3,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    tracker.track(new SecretStore(dataDir))
    expect(cli(['migrate', '--data-dir', dataDir]).code).toBe(0)
    cliJson(['import', join(FIXTURES, 'notes'), '--data-dir', dataDir])
    const rollback = cliJson<{ kept_new_records: boolean }>(['rollback', '--yes', '--data-dir', dataDir]).json
    expect(rollback.kept_new_records).toBe(false)
  })
})
