// The one secret rule (shared/secret-policy): which env names, header names and record fields are secret, the same for
// the keychain, the stores, the importers, the migration, the log and the renderer; and a migrated MCP server whose
// env names only the old renderer rule called secret (`MY_AUTH`, `GITHUB_CREDENTIALS`) now has them in the keychain.
import keytar from 'keytar'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { liftSecrets, placeSecret } from '../src/main/secrets/secret-fields'
import { dataDirNamespace, KEYCHAIN_SERVICE, SecretStore } from '../src/main/secrets/secret-store'
import { redact, redactValue } from '../src/main/logging/redact'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteMcpServers } from '../src/main/store/sqlite/sqlite-mcp-servers'
import {
  classifyValue,
  hasUrlCredentials,
  isSecretEnvName,
  isSecretHeaderName,
  isSecretName,
  isSecretNamedValue,
  isSecretReference,
  isSecretTemplate,
  maskSecret,
  redactUrlCredentials,
  redactUrlsInText,
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

describe('which values are secret: references, URLs with credentials', () => {
  it('`${input:…}` and `${env:…}` name where a secret comes from and are not secrets', () => {
    for (const value of ['${input:github_token}', '${env:GITHUB_TOKEN}', ' ${input:x} '])
      expect(isSecretReference(value), value).toBe(true)
    for (const value of ['${foo}', 'Bearer ${input:x}', '$GITHUB_TOKEN', ''])
      expect(isSecretReference(value), value).toBe(false)
    expect(isSecretNamedValue('Authorization', '${input:auth}')).toBe(false)
    expect(isSecretNamedValue('GITHUB_TOKEN', '${env:GITHUB_TOKEN}')).toBe(false)
    expect(isSecretNamedValue('GITHUB_TOKEN', 'ghp_value')).toBe(true)
    expect(isSecretNamedValue('GITHUB_TOKEN', '')).toBe(false)
    expect(isSecretNamedValue('PATH', '/bin')).toBe(false)
  })

  it('a reference after an auth scheme (`Bearer ${input:token}`) holds no secret and stays as written', () => {
    for (const value of ['Bearer ${input:token}', 'token ${env:GH_TOKEN}', '  Basic ${input:b} '])
      expect(isSecretTemplate(value), value).toBe(true)
    for (const value of [
      'Bearer abc${input:x}',
      'Bearer sk-live ${input:x}',
      '${input:a}:${input:b}',
      'Bearer x'
    ])
      expect(isSecretTemplate(value), value).toBe(false)
    expect(isSecretNamedValue('Authorization', 'Bearer ${input:github_token}')).toBe(false)
    expect(classifyValue('Authorization', 'Bearer ${input:github_token}')).toBe('plain')
    expect(isSecretNamedValue('Authorization', 'Bearer ghp_real')).toBe(true)
  })

  it('userinfo and secret query parameters are credentials; the rest of the URL stays byte for byte', () => {
    expect(redactUrlCredentials('https://user:pass@host.example/v1')).toBe('https://***@host.example/v1')
    expect(redactUrlCredentials('https://TOKEN@github.com/x.git')).toBe('https://***@github.com/x.git')
    expect(redactUrlCredentials('https://h/v1?key=AIza123&alt=json')).toBe('https://h/v1?key=***&alt=json')
    expect(redactUrlCredentials('https://h/?token=t&api_key=a&access_token=b&apiKey=c&x=1#frag')).toBe(
      'https://h/?token=***&api_key=***&access_token=***&apiKey=***&x=1#frag'
    )
    expect(redactUrlCredentials('wss://h/socket?sig=abc')).toBe('wss://h/socket?sig=***')
    for (const plain of [
      'https://api.openai.com/v1',
      'https://api.openai.com/v1?org=acme',
      'http://localhost:11434',
      'https://h/?max_tokens=5&key=',
      'https://***@h/v1?key=***',
      'not a url',
      'sk-not-a-url'
    ])
      expect(redactUrlCredentials(plain), plain).toBeNull()
    expect(hasUrlCredentials('https://a:b@h')).toBe(true)
    expect(hasUrlCredentials(42)).toBe(false)
  })

  it('classifies a stored value: by its name, else by URL credentials; references are always plain', () => {
    expect(classifyValue('api_key', 'sk-1')).toBe('secret')
    expect(classifyValue('base_url', 'https://u:p@h')).toBe('url')
    expect(classifyValue('endpoint', 'https://h/?api_key=x')).toBe('url')
    expect(classifyValue('base_url', 'https://h')).toBe('plain')
    expect(classifyValue('Authorization', '${input:auth}')).toBe('plain')
    expect(classifyValue('api_key', '')).toBe('plain')
  })

  it('redacts the credentials of URLs inside free text (log lines, reports)', () => {
    expect(redactUrlsInText('connect to https://u:secret@h/p?token=t failed; retry https://h/ok')).toBe(
      'connect to https://***@h/p?token=*** failed; retry https://h/ok'
    )
    expect(redact('GET https://h/v1?api_key=abc123 -> 401')).toBe('GET https://h/v1?api_key=*** -> 401')
  })

  it('lifts URL credentials (the record keeps the redacted URL) and keeps references where they are', () => {
    const { stripped, secrets } = liftSecrets({
      url: 'https://u:pw@h/sse?key=k1',
      args: ['--url', 'https://a:b@h'],
      headers: { Authorization: '${input:auth}', Cookie: 'c=1' },
      env: { TOKEN: '${env:TOKEN}' },
      list: [{ name: 'X-Api-Key', value: 'pair-secret' }]
    })
    expect(secrets).toEqual([
      { pointer: '/url', value: 'https://u:pw@h/sse?key=k1' },
      { pointer: '/args/1', value: 'https://a:b@h' },
      { pointer: '/headers/Cookie', value: 'c=1' },
      { pointer: '/list/0/value', value: 'pair-secret' }
    ])
    expect(stripped).toEqual({
      url: 'https://***@h/sse?key=***',
      args: ['--url', 'https://***@h'],
      headers: { Authorization: '${input:auth}' },
      env: { TOKEN: '${env:TOKEN}' },
      list: [{ name: 'X-Api-Key' }]
    })
    for (const secret of secrets) placeSecret(stripped, secret.pointer, secret.value)
    expect(stripped).toEqual({
      url: 'https://u:pw@h/sse?key=k1',
      args: ['--url', 'https://a:b@h'],
      headers: { Authorization: '${input:auth}', Cookie: 'c=1' },
      env: { TOKEN: '${env:TOKEN}' },
      list: [{ name: 'X-Api-Key', value: 'pair-secret' }]
    })
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
