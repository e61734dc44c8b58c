// The one secret rule (shared/secret-policy): which env names, header names and record fields are secret, the same for
// the keychain, the stores, the importers, the migration, the log and the renderer; and a migrated MCP server whose
// env names only the old renderer rule called secret (`MY_AUTH`, `GITHUB_CREDENTIALS`) now has them in the keychain.
import keytar from 'keytar'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { liftSecrets } from '../src/main/secrets/secret-fields'
import { dataDirNamespace, KEYCHAIN_SERVICE, SecretStore } from '../src/main/secrets/secret-store'
import { redactValue } from '../src/main/logging/redact'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteMcpServers } from '../src/main/store/sqlite/sqlite-mcp-servers'
import {
  isSecretEnvName,
  isSecretHeaderName,
  isSecretName,
  maskSecret,
  WEB_AUTH_TOKEN_KEY,
  WEB_PROFILE_SECRET_FIELDS
} from '../src/shared/secret-policy'
import { cliJson } from './support/cli'
import { filesUnder, tempDir } from './support/folders'

describe('which names are secret', () => {
  it('env names: *_KEY, *_TOKEN, *_SECRET, *PASSWORD*, and the union with the old renderer rule', () => {
    for (const name of [
      'API_KEY',
      'OPENAI_API_KEY',
      'api_key',
      'apiKey',
      'APIKEY',
      'OPENAIAPIKEY',
      'KEY',
      'GITHUB_TOKEN',
      'GITHUB_PERSONAL_ACCESS_TOKEN',
      'accessToken',
      'CLIENT_SECRET',
      'clientSecret',
      'DB_PASSWORD',
      'PASSWORD_FILE',
      'MYSQL_PASSWD',
      'FOO_AUTH',
      'MY_AUTH',
      'GITHUB_CREDENTIALS',
      'GOOGLE_APPLICATION_CREDENTIAL',
      'API_KEY_2',
      'SESSION_COOKIE'
    ])
      expect(isSecretEnvName(name), name).toBe(true)
  })

  it('names that merely contain such a word are not secret', () => {
    for (const name of [
      'PATH',
      'DEBUG',
      'LOG_LEVEL',
      'HOME',
      'PWD',
      'max_tokens',
      'MAX_TOKENS',
      'KEYBOARD_LAYOUT',
      'AUTHOR',
      'OAUTH_REDIRECT_URL',
      'TOKENIZERS_PARALLELISM',
      'base_url',
      'model'
    ])
      expect(isSecretEnvName(name), name).toBe(false)
  })

  it('HTTP header names, whatever their case', () => {
    for (const name of [
      'Authorization',
      'authorization',
      'Proxy-Authorization',
      'X-Api-Key',
      'X-API-KEY',
      'Api-Key',
      'x-goog-api-key',
      'X-Auth-Token',
      'Cookie',
      'Set-Cookie'
    ])
      expect(isSecretHeaderName(name), name).toBe(true)
    for (const name of ['Accept', 'Content-Type', 'User-Agent', 'X-Request-Id', 'Keep-Alive'])
      expect(isSecretHeaderName(name), name).toBe(false)
  })

  it("record fields: a profile's api_key, the web version's apiKey, endpoint and auth_token", () => {
    expect(isSecretName('api_key')).toBe(true)
    expect(isSecretName('apiKey')).toBe(true)
    expect(isSecretName(WEB_AUTH_TOKEN_KEY)).toBe(true)
    expect(WEB_PROFILE_SECRET_FIELDS).toEqual(['endpoint'])
    const { stripped, secrets } = liftSecrets({
      name: 'remote',
      max_tokens: 4096,
      env: { PATH: '/usr/bin', MY_AUTH: 'auth-value-0001', 'A/B_CREDENTIALS': 'cred-value-0002' },
      headers: {
        Accept: 'application/json',
        'X-Api-Key': 'header-key-0003',
        Authorization: 'Bearer xyz-0004'
      }
    })
    expect(secrets).toEqual([
      { pointer: '/env/MY_AUTH', value: 'auth-value-0001' },
      { pointer: '/env/A~1B_CREDENTIALS', value: 'cred-value-0002' },
      { pointer: '/headers/X-Api-Key', value: 'header-key-0003' },
      { pointer: '/headers/Authorization', value: 'Bearer xyz-0004' }
    ])
    expect(stripped).toEqual({
      name: 'remote',
      max_tokens: 4096,
      env: { PATH: '/usr/bin' },
      headers: { Accept: 'application/json' }
    })
  })

  it('masks the same way everywhere: a recognisable prefix and the last four characters', () => {
    expect(maskSecret('sk-proj-1234567890abcdef')).toBe('sk-…cdef')
    expect(maskSecret('short')).toBe('••••')
  })

  it('the log redacts values under secret names in logged objects, and leaves the others', () => {
    const text = String(
      redactValue({
        MY_AUTH: 'plain-auth-value',
        headers: { Authorization: 'abc' },
        DEBUG: '1',
        PATH: '/bin'
      })
    )
    expect(text).not.toContain('plain-auth-value')
    expect(text).not.toContain('"abc"')
    expect(text).toContain('"DEBUG":"1"')
    expect(text).toContain('"PATH":"/bin"')
  })
})

describe('a migrated MCP server with env names only the old renderer rule called secret', () => {
  const dir = tempDir()
  const secrets = new SecretStore(dir)
  const MY_AUTH = 'my-auth-value-5f3a9c21'
  const CREDENTIALS = 'gh-credentials-77d0e4b8'
  const HEADER_KEY = 'header-api-key-0c1d2e3f'
  const { secrets: sampleSecrets } = writeSampleFolder(dir, {
    seed: 3,
    conversations: 2,
    messagesPerConversation: 2,
    nasty: false,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  writeFileSync(
    join(dir, 'mcp_config.json'),
    JSON.stringify({
      servers: [
        {
          id: 'auth-server',
          name: 'Auth server',
          command: 'npx',
          args: ['-y', 'some-server'],
          env: { MY_AUTH, GITHUB_CREDENTIALS: CREDENTIALS, PATH: '/usr/local/bin', DEBUG: '1' },
          headers: { 'X-Api-Key': HEADER_KEY, Accept: 'application/json' },
          enabled: true,
          transport: 'stdio'
        }
      ]
    })
  )
  const migrate = cliJson(['migrate', '--data-dir', dir])
  const planted = [MY_AUTH, CREDENTIALS, HEADER_KEY]

  afterAll(async () => {
    for (const account of await secrets.listAccounts()) await secrets.delete(account)
  })

  it('migrates, counting the new secrets with the profile keys', () => {
    expect(migrate.run.code, migrate.run.stderr).toBe(0)
    // The sample's own MCP servers were replaced; its profile keys (sk-…) remain.
    const profileKeys = sampleSecrets.filter((s) => s.startsWith('sk-'))
    expect((migrate.json['counts'] as Record<string, number>)['secrets']).toBe(
      profileKeys.length + planted.length
    )
  })

  it('puts MY_AUTH, GITHUB_CREDENTIALS and X-Api-Key in the keychain, not in the database bytes', async () => {
    const files = filesUnder(dir, ['backup_before_migration'])
    expect(files.some((f) => f.endsWith('personal-agent.db'))).toBe(true)
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const secret of planted) expect(bytes.includes(secret), `${secret} found in ${file}`).toBe(false)
    }
    const all = await keytar.findCredentials(KEYCHAIN_SERVICE)
    const mine = all.filter((c) => c.account.startsWith(`${dataDirNamespace(dir)}/`)).map((c) => c.password)
    for (const secret of planted) expect(mine).toContain(secret)
  })

  it('shows them masked, as secrets, to the renderer, and PATH and DEBUG as they are', async () => {
    const db = openDatabase(join(dir, 'personal-agent.db'), { readonly: true })
    try {
      const [server] = await new SqliteMcpServers(db, secrets).list()
      expect(server!.secretEnvKeys.sort()).toEqual(['GITHUB_CREDENTIALS', 'MY_AUTH'])
      expect(server!.env).toEqual({
        MY_AUTH: maskSecret(MY_AUTH),
        GITHUB_CREDENTIALS: maskSecret(CREDENTIALS),
        PATH: '/usr/local/bin',
        DEBUG: '1'
      })
      // The renderer's env editor asks the same rule for which fields to show as password fields.
      for (const key of Object.keys(server!.env))
        expect(isSecretEnvName(key), key).toBe(server!.secretEnvKeys.includes(key))
    } finally {
      db.close()
    }
  })
})
