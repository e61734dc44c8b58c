// Keys leave the data folder for the real keychain: none remains in plain text outside the backup.
import keytar from 'keytar'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { dataDirNamespace, KEYCHAIN_SERVICE } from '../src/main/secrets/secret-store'
import { cli, cliJson } from './support/cli'
import { filesUnder, tempDir } from './support/folders'

describe('API keys and secret env values after migration', () => {
  const dir = tempDir()
  const { secrets } = writeSampleFolder(dir, {
    seed: 7,
    conversations: 15,
    messagesPerConversation: 6,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const migrate = cliJson(['migrate', '--data-dir', dir])

  it('migrates and counts the keys it moved', () => {
    expect(migrate.run.code, migrate.run.stderr).toBe(0)
    expect((migrate.json['counts'] as Record<string, number>)['secrets']).toBe(secrets.length)
  })

  it('no plain-text key remains anywhere in the data folder, the encrypted backup included', () => {
    const files = filesUnder(dir)
    expect(files.some((f) => f.endsWith('personal-agent.db'))).toBe(true)
    expect(files.some((f) => /backup_before_migration.*models\.json\.enc$/.test(f))).toBe(true)
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const secret of secrets) expect(bytes.includes(secret), `${secret} found in ${file}`).toBe(false)
    }
  })

  it('every key is in the real keychain under service personal-agent, namespaced by data folder', async () => {
    const all = await keytar.findCredentials(KEYCHAIN_SERVICE)
    const mine = all.filter((c) => c.account.startsWith(`${dataDirNamespace(dir)}/`))
    // Beside them, the data key of the encrypted backup.
    const keys = mine.filter((c) => !c.account.includes('/backup/'))
    expect(keys.map((c) => c.password).sort()).toEqual([...secrets].sort())
    expect(mine.filter((c) => c.account.includes('/backup/migration/'))).toHaveLength(1)
  })

  it('reports, logs and JSON output never contain a key', () => {
    const status = cli(['status', '--json', '--data-dir', dir])
    const texts = [
      migrate.run.stdout,
      migrate.run.stderr,
      status.stdout,
      ...filesUnder(dir)
        .filter((f) => /report\.(json|txt)$|\.log$/.test(f))
        .map((f) => readFileSync(f, 'utf8'))
    ]
    for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false)
  })

  it('the backup is owner-only: folders 0700, files 0600; the database 0600', () => {
    const root = join(dir, 'backup_before_migration')
    expect(statSync(root).mode & 0o777).toBe(0o700)
    for (const id of readdirSync(root)) {
      expect(statSync(join(root, id)).mode & 0o777).toBe(0o700)
      for (const file of readdirSync(join(root, id)))
        expect(statSync(join(root, id, file)).mode & 0o777, file).toBe(0o600)
    }
    expect(statSync(join(dir, 'personal-agent.db')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600)
  })
})
