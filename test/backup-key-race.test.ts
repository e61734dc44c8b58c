// An import's backup and another process's start-up seal sweep cannot both make its key: the import writes the
// backup in a staging folder the sweep never opens, held there (fault point import-backup-staged) while a sweep runs
// in this process and another CLI command runs its own; the backup lands whole, readable with the one key it names.
import keytar from 'keytar'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { checkFolder, readFolderManifest } from '../src/main/backups/backup-folder'
import { backupKey, type BackupRef } from '../src/main/backups/backup-keys'
import { importBackupsDir } from '../src/main/imports/import-backup'
import { sealPlainBackups } from '../src/main/migration/seal-backups'
import { dataDirNamespace, KEYCHAIN_SERVICE, SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliAsync } from './support/cli'
import { tempDir } from './support/folders'

const WEB_EXPORT = resolve(__dirname, 'fixtures', 'localstorage', 'web-export.json')

/** The staging folder of the held import, once its manifest is written (the moment a sweep would seal it). */
async function heldStaging(root: string): Promise<string> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const staged = existsSync(root)
      ? readdirSync(root).find(
          (name) => name.startsWith('.') && existsSync(join(root, name, 'manifest.json'))
        )
      : undefined
    if (staged) return join(root, staged)
    await new Promise((done) => setTimeout(done, 50))
  }
  throw new Error('the import never reached its staged backup')
}

describe('an import backup and a start-up seal sweep at the same moment', () => {
  it('leave one key, made by the import, and a backup that reads back whole', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 71,
      conversations: 4,
      messagesPerConversation: 3,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const root = importBackupsDir(dir)
    const importing = cliAsync(['import', '--format', 'localstorage', WEB_EXPORT, '--data-dir', dir], {
      PERSONAL_AGENT_TEST_HOOKS: '1',
      PERSONAL_AGENT_DELAY_AT: 'import-backup-staged:6000'
    })
    const staging = await heldStaging(root)
    // The state an old-layout sweep would seal: a manifest and the database snapshot still in plain text.
    expect(readdirSync(staging)).toContain('personal-agent.db')

    const secrets = new SecretStore(dir)
    const sweep = await sealPlainBackups(dir, secrets)
    expect(sweep).toEqual({ sealed: [], problems: [] })
    const other = cli(['backups', 'list', '--data-dir', dir])
    expect(other.code, other.stderr).toBe(0)
    expect(existsSync(join(staging, 'personal-agent.db')), 'the sweep left the staged backup alone').toBe(
      true
    )

    const run = await importing
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(staging)).toBe(false)
    const [runId, ...more] = readdirSync(root)
    expect(more).toEqual([])
    const ref: BackupRef = { kind: 'import', id: runId!, dir: join(root, runId!) }
    const manifest = readFolderManifest(ref.dir)!
    expect(manifest.encryption?.keyAccount).toBe(secrets.account(`backup/import/${runId}`))
    expect(readdirSync(ref.dir).sort()).toEqual(
      ['manifest.json', ...manifest.files.map((f) => `${f.name}.enc`)].sort()
    )
    expect(checkFolder(ref, manifest, await backupKey(secrets, ref))).toEqual([])
    // One import key in the keychain: none for a staging name.
    const accounts = (await keytar.findCredentials(KEYCHAIN_SERVICE))
      .map((c) => c.account)
      .filter((account) => account.startsWith(`${dataDirNamespace(dir)}/backup/import/`))
    expect(accounts).toEqual([secrets.account(`backup/import/${runId}`)])
    expect(readFileSync(join(dir, 'logs', 'main.log'), 'utf8')).not.toMatch(/could not be encrypted/)
  })
})
