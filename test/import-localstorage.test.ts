// The web version's localStorage export through the real CLI and the real keychain: every kind of key lands where
// it belongs, each tenant in its own workspace with nothing crossing over, secrets only in the keychain, values that
// cannot be read kept verbatim, a second import adds nothing, a changed export updates only what may be updated, and
// one rollback removes the run, keychain entries included. The export file is never changed.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import {
  isSealedText,
  loadSealingKey,
  openSealedText,
  SET_ASIDE_KEY_PATH
} from '../src/main/secrets/sealed-text'
import { SqliteProfiles } from '../src/main/store/sqlite/sqlite-profiles'
import { openDatabase } from '../src/main/store/sqlite/database'
import { cli, cliJson } from './support/cli'
import { sha256, tempDir } from './support/folders'
import { rows } from './support/store-query'
import { placeSecrets } from '../src/main/secrets/secret-fields'
import type { JsonValue } from '../src/main/base/record-codec'
import { storeFixtures } from './support/store-fixture'

const DUMP = resolve(__dirname, 'fixtures', 'localstorage', 'web-export.json')
const SECRETS = [
  'sk-acme-live-7f3a9c2e11',
  'https://api.openai.com/v1?org=acme',
  'sk-globex-live-22b7d0aa93',
  'ghp_acmeSecretToken123456',
  'gx-search-key-998877',
  'eyJhbGciOiJIUzI1NiJ9.acme-session-token.sig'
]
const tracker = storeFixtures('pa-ls-')

interface Report {
  runId: string
  counts: Record<string, number>
  workspaces: Record<string, Record<string, number>>
  quarantined: { key: string; reason: string }[]
  warnings: string[]
}

function setup(): { dataDir: string; dump: string } {
  const dir = tempDir('pa-ls-')
  const dump = join(dir, 'web-export.json')
  copyFileSync(DUMP, dump)
  const dataDir = join(dir, 'data')
  tracker.track(new SecretStore(dataDir))
  return { dataDir, dump }
}

function importDump(dataDir: string, dump: string): { report: Report; stdout: string } {
  const { run, json } = cliJson<Report>(['import', '--format', 'localstorage', dump, '--data-dir', dataDir])
  expect(run.code).toBe(0)
  return { report: json, stdout: run.stdout }
}

/** The keychain entries of the records (the import backups' own keys, `…/backup/import/<run>`, stay with them). */
async function recordAccounts(secrets: SecretStore): Promise<string[]> {
  return (await secrets.listAccounts()).filter((account) => !account.includes('/backup/'))
}

describe('personal-agent import --format localstorage', () => {
  it('puts each tenant in its own workspace, links agents only within it, and keeps secrets in the keychain', async () => {
    const { dataDir, dump } = setup()
    const before = sha256(dump)
    const { report, stdout } = importDump(dataDir, dump)
    expect(report.counts).toMatchObject({ created: 21, quarantined: 7, 'already-imported': 0 })
    expect(report.workspaces).toEqual({
      acme: { profile: 2, mcp_server: 2, agent: 2, conversation: 2, preference: 2 },
      globex: { profile: 1, mcp_server: 2, agent: 1, conversation: 1, preference: 1 },
      umbrella: { agent: 1 },
      '(global)': { preference: 3, secret: 1 }
    })
    expect(sha256(dump)).toBe(before)

    // Tenant isolation: same names and ids in both tenants stay apart, and every link stays inside its workspace.
    const agents = rows(
      dataDir,
      `SELECT w.name AS workspace, a.name, a.system_prompt, p.name AS profile, pw.name AS profile_workspace
       FROM agents a JOIN workspaces w ON w.id = a.workspace_id
       LEFT JOIN profiles p ON p.id = a.profile_id LEFT JOIN workspaces pw ON pw.id = p.workspace_id ORDER BY w.name, a.name`
    )
    expect(agents).toEqual([
      {
        workspace: 'acme',
        name: 'Researcher',
        system_prompt: 'Dig deep.',
        profile: null,
        profile_workspace: null
      },
      {
        workspace: 'acme',
        name: 'Support bot',
        system_prompt: 'You answer Acme customers politely.',
        profile: 'Default GPT',
        profile_workspace: 'acme'
      },
      {
        workspace: 'globex',
        name: 'Support bot',
        system_prompt: 'You answer Globex customers tersely.',
        profile: 'Default GPT',
        profile_workspace: 'globex'
      },
      {
        workspace: 'umbrella',
        name: 'Fine agent',
        system_prompt: null,
        profile: null,
        profile_workspace: null
      }
    ])
    expect(
      rows(
        dataDir,
        `SELECT aw.name AS agent_ws, a.name AS agent, m.name AS server, mw.name AS server_ws FROM agent_mcp_servers x
         JOIN agents a ON a.id = x.agent_id JOIN workspaces aw ON aw.id = a.workspace_id
         JOIN mcp_servers m ON m.id = x.mcp_server_id JOIN workspaces mw ON mw.id = m.workspace_id ORDER BY 1, 2, 3`
      )
    ).toEqual([
      { agent_ws: 'acme', agent: 'Researcher', server: 'github', server_ws: 'acme' },
      { agent_ws: 'acme', agent: 'Support bot', server: 'files', server_ws: 'acme' },
      { agent_ws: 'acme', agent: 'Support bot', server: 'github', server_ws: 'acme' },
      { agent_ws: 'globex', agent: 'Support bot', server: 'search', server_ws: 'globex' }
    ])
    expect(report.warnings).toContain(
      'ai_agents_acme[1]: names a profile "llm-missing" that is not in its workspace; left unlinked'
    )
    expect(
      rows(
        dataDir,
        'SELECT w.name, p.model FROM profiles p JOIN workspaces w ON w.id = p.workspace_id ORDER BY 1, 2'
      )
    ).toEqual([
      { name: 'acme', model: 'gpt-4o' },
      { name: 'acme', model: 'llama3:8b' },
      { name: 'globex', model: 'gpt-4o-mini' }
    ])
    expect(rows(dataDir, "SELECT source, transport, url FROM mcp_servers WHERE name = 'search'")).toEqual([
      { source: 'localstorage:globex', transport: 'sse', url: 'https://mcp.globex.example/sse' }
    ])

    // Conversations: in their workspace, messages in order, roles mapped, times kept, parts flattened with the original.
    const chats = rows(
      dataDir,
      'SELECT w.name AS workspace, c.title, c.message_count, c.created_at FROM conversations c JOIN workspaces w ON w.id = c.workspace_id ORDER BY 1, 2'
    )
    expect(chats).toEqual([
      { workspace: 'acme', title: 'Chat acme_global', message_count: 1, created_at: '1700000000000' },
      { workspace: 'acme', title: 'Quarterly report help', message_count: 4, created_at: '1706781600000' },
      { workspace: 'globex', title: 'Globex onboarding', message_count: 2, created_at: '1710000000000' }
    ])
    const messages = rows(
      dataDir,
      "SELECT m.uid, m.role, m.content, m.created_ms, m.extra FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.title = 'Quarterly report help' ORDER BY m.position"
    )
    expect(messages.map((m) => [m['uid'], m['role'], m['content'], m['created_ms']])).toEqual([
      ['m1', 'user', 'Summarise the Q1 numbers for Acme.', 1706781600000],
      ['m2', 'assistant', 'Revenue grew 12% quarter over quarter.', 1706781660000],
      ['m3', 'user', 'And churn?', Date.parse('2024-02-01T10:02:00Z')],
      ['m4', 'assistant', 'Churn fell to 2.1%.', Date.parse('2024-02-01T10:03:00Z')]
    ])
    expect(JSON.parse(String(messages[3]!['extra']))).toEqual({
      original_content: [
        { type: 'text', text: 'Churn fell to ' },
        { type: 'text', text: '2.1%.' }
      ]
    })
    expect(
      rows(
        dataDir,
        'SELECT p.key, p.value, w.name AS ws FROM preferences p LEFT JOIN workspaces w ON w.id = p.workspace_id ORDER BY p.key'
      )
    ).toEqual([
      { key: 'current_tenant_id', value: '"acme"', ws: null },
      { key: 'editor_preferences', value: '{"vim":true}', ws: null },
      { key: 'notification_settings_acme', value: '{"email":false}', ws: 'acme' },
      { key: 'theme', value: '"dark"', ws: null },
      { key: 'ui_preferences_acme', value: '{"sidebar":"collapsed","fontSize":14}', ws: 'acme' },
      { key: 'ui_preferences_globex', value: '{"sidebar":"expanded"}', ws: 'globex' }
    ])

    // Quarantined values are kept exactly as the export had them.
    const broken = rows(
      dataDir,
      "SELECT raw, message FROM import_items WHERE source_path = 'chat_session_broken'"
    )[0]!
    expect(broken['raw']).toBe(
      (JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>)['chat_session_broken']
    )

    // Secrets: in the keychain, nowhere in the database, the output or the log.
    const secrets = new SecretStore(dataDir)
    const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true })
    try {
      const profiles = await new SqliteProfiles(db, secrets).list()
      const acme = profiles.find((p) => p.model === 'gpt-4o')!
      expect(acme.maskedApiKey).toMatch(/^sk-…/)
      expect(await new SqliteProfiles(db, secrets).apiKey(acme.id)).toBe('sk-acme-live-7f3a9c2e11')
    } finally {
      db.close()
    }
    const values = await Promise.all((await secrets.listAccounts()).map((account) => secrets.get(account)))
    for (const secret of SECRETS) expect(values).toContain(secret)
    const stored = Buffer.concat(
      readdirSync(dataDir)
        .filter((name) => name.startsWith('personal-agent.db') || name.startsWith('history.db'))
        .map((name) => readFileSync(join(dataDir, name)))
    )
    const logDir = join(dataDir, 'logs')
    const logs = existsSync(logDir)
      ? readdirSync(logDir)
          .map((name) => readFileSync(join(logDir, name), 'utf8'))
          .join('\n')
      : ''
    for (const secret of SECRETS) {
      expect(stored.includes(secret)).toBe(false)
      expect(stdout).not.toContain(secret)
      expect(logs).not.toContain(secret)
    }
  })

  it('adds nothing on a second import, updates only what may change, and rolls back one run with its keychain entries', async () => {
    const { dataDir, dump } = setup()
    const first = importDump(dataDir, dump).report
    const count = (): unknown =>
      rows(
        dataDir,
        'SELECT (SELECT COUNT(*) FROM profiles) p, (SELECT COUNT(*) FROM mcp_servers) m, (SELECT COUNT(*) FROM agents) a, (SELECT COUNT(*) FROM conversations) c, (SELECT COUNT(*) FROM messages) n, (SELECT COUNT(*) FROM preferences) f, (SELECT COUNT(*) FROM workspaces) w'
      )[0]
    const after = count()
    const secrets = new SecretStore(dataDir)
    const keys = (await recordAccounts(secrets)).length
    // `mystery_key` is a secret name, so its quarantined value is kept sealed under the folder's set-aside key.
    expect(keys).toBe(SECRETS.length + 1)
    const [mystery] = rows(dataDir, "SELECT raw FROM import_items WHERE source_path = 'mystery_key'") as {
      raw: string
    }[]
    expect(isSealedText(mystery!.raw)).toBe(true)
    await loadSealingKey(secrets)
    expect(openSealedText(mystery!.raw, 'mystery_key')).toBe('whatever this was')

    const second = importDump(dataDir, dump).report
    expect(second.counts).toMatchObject({ created: 0, updated: 0, 'already-imported': 21 })
    expect(count()).toEqual(after)
    expect((await recordAccounts(secrets)).length).toBe(keys)

    // The web version changed since: a new theme, a new profile, an edited one.
    const changed = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>
    changed['theme'] = 'light'
    const globex = JSON.parse(changed['user_llm_configs_globex']!) as Record<string, unknown>[]
    globex[0]!['model'] = 'gpt-5'
    globex.push({
      id: 'llm-9',
      name: 'Claude',
      provider: 'anthropic',
      model: 'claude-sonnet',
      apiKey: 'sk-ant-globex-0000'
    })
    changed['user_llm_configs_globex'] = JSON.stringify(globex)
    writeFileSync(dump, JSON.stringify(changed))
    const third = importDump(dataDir, dump).report
    expect(third.counts).toMatchObject({ created: 1, updated: 1, skipped: 1, 'already-imported': 19 })
    expect(third.warnings.join('\n')).toMatch(
      /user_llm_configs_globex\[0\]: changed since it was imported; the imported record was left as it is/
    )
    expect(rows(dataDir, "SELECT value FROM preferences WHERE key = 'theme'")).toEqual([{ value: '"light"' }])

    const undo = cliJson<{ removed: Record<string, number>; restored: number }>([
      'rollback',
      '--run',
      third.runId,
      '--data-dir',
      dataDir
    ]).json
    expect(undo).toMatchObject({ removed: { profile: 1 }, restored: 1 })
    expect(rows(dataDir, "SELECT value FROM preferences WHERE key = 'theme'")).toEqual([{ value: '"dark"' }])
    expect(await recordAccounts(secrets)).toHaveLength(keys)

    // The second run created nothing, so nothing builds on the first: undoing it removes everything it brought.
    const all = cliJson<{ removed: Record<string, number>; removed_keychain_entries: number }>([
      'rollback',
      '--run',
      first.runId,
      '--data-dir',
      dataDir
    ])
    expect(all.json.removed).toEqual({
      workspace: 3,
      profile: 3,
      mcp_server: 4,
      agent: 4,
      conversation: 3,
      preference: 6
    })
    expect(all.json.removed_keychain_entries).toBe(SECRETS.length)
    expect(count()).toEqual({ p: 0, m: 0, a: 0, c: 0, n: 0, f: 0, w: 0 })
    const nothing = cliJson<{ removed: Record<string, number> }>([
      'rollback',
      '--run',
      second.runId,
      '--data-dir',
      dataDir
    ])
    expect(nothing.json.removed).toEqual({})
    // The runs' records stay, with the sealed quarantined value: so does the key that opens it.
    expect(await recordAccounts(secrets)).toEqual([secrets.account(SET_ASIDE_KEY_PATH)])
  })

  it('refuses an export that is not one, in one line, and writes nothing', () => {
    const { dataDir } = setup()
    const dir = tempDir()
    const cases: [string, string, RegExp][] = [
      [
        'broken.json',
        '{"theme": "dark",\n "auth_token": }',
        /broken\.json is not valid JSON \(at line 2, column 16\)\. Export it again/
      ],
      [
        'list.json',
        '[{"theme": "dark"}]',
        /list\.json holds a list; a localStorage export is one object of key → value\./
      ],
      [
        'latin1.json',
        Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]).toString('binary'),
        /latin1\.json is not UTF-8 text/
      ]
    ]
    for (const [name, content, message] of cases) {
      const path = join(dir, name)
      writeFileSync(path, name === 'latin1.json' ? Buffer.from(content, 'binary') : content)
      const before = sha256(path)
      const run = cli(['import', '--format', 'localstorage', path, '--data-dir', dataDir])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(message)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(sha256(path)).toBe(before)
    }
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM import_runs')).toEqual([{ n: 0 }])
  })
})

describe('secrets inside agents and preferences', () => {
  const AGENT_KEY = 'sk-agent-own-key-0123456789'
  const NESTED = 'nested-agent-token-0123456789'
  const HOOK = 'https://bot:hook-pass-0123456789@hooks.example/in?x=1'
  const PREF_KEY = 'sk-pref-openai-0123456789'
  const PROXY = 'https://proxy.example/v1?token=pref-proxy-token-0123456789'
  const agent = {
    id: 'a-1',
    name: 'Keyed',
    systemPrompt: 'Hi.',
    apiKey: AGENT_KEY,
    llmConfig: { id: 'none', auth: { token: NESTED } },
    webhookUrl: HOOK,
    envRef: '${env:AGENT_TOKEN}'
  }
  const prefs = { theme: 'dark', openaiApiKey: PREF_KEY, proxy: PROXY, password: '${input:pw}' }

  /** Each record's value with its keychain entries put back at their pointers. */
  async function givenBack(dataDir: string, sql: string, owner: string): Promise<JsonValue[]> {
    const secrets = new SecretStore(dataDir)
    const out: JsonValue[] = []
    for (const row of rows(dataDir, sql) as { id: number; value: string }[]) {
      const refs = rows(
        dataDir,
        `SELECT account, json_pointer FROM secret_refs WHERE owner_kind = '${owner}' AND owner_id = ${row.id}`
      ) as { account: string; json_pointer: string }[]
      const placed = []
      for (const ref of refs)
        placed.push({ pointer: ref.json_pointer, value: (await secrets.get(ref.account))! })
      out.push(placeSecrets(JSON.parse(row.value) as JsonValue, placed))
    }
    return out
  }

  it('keeps them only in the keychain, gives them back exactly, and a rollback takes their entries', async () => {
    const dir = tempDir('pa-ls-agent-secrets-')
    const dump = join(dir, 'web-export.json')
    writeFileSync(
      dump,
      JSON.stringify({ ai_agents_acme: JSON.stringify([agent]), ui_preferences_acme: JSON.stringify(prefs) })
    )
    const dataDir = join(dir, 'data')
    const secrets = tracker.track(new SecretStore(dataDir))
    const first = importDump(dataDir, dump).report
    const db = readFileSync(join(dataDir, 'personal-agent.db'))
    for (const secret of [AGENT_KEY, NESTED, 'hook-pass-0123456789', PREF_KEY, 'pref-proxy-token-0123456789'])
      expect(db.includes(Buffer.from(secret)), secret).toBe(false)
    expect(JSON.parse(rows(dataDir, 'SELECT extra FROM agents')[0]!['extra'] as string)).toMatchObject({
      webhookUrl: 'https://***@hooks.example/in?x=1',
      envRef: '${env:AGENT_TOKEN}'
    })
    expect(JSON.parse(rows(dataDir, 'SELECT value FROM preferences')[0]!['value'] as string)).toEqual({
      theme: 'dark',
      proxy: 'https://proxy.example/v1?token=***',
      password: '${input:pw}'
    })
    expect(await givenBack(dataDir, 'SELECT id, extra AS value FROM agents', 'agent')).toEqual([agent])
    expect(await givenBack(dataDir, 'SELECT id, value FROM preferences', 'preference')).toEqual([prefs])
    expect(await recordAccounts(secrets)).toHaveLength(5)

    // A changed preference is updated with its new key; rolling that back puts the old one back and forgets the new.
    writeFileSync(
      dump,
      JSON.stringify({
        ai_agents_acme: JSON.stringify([agent]),
        ui_preferences_acme: JSON.stringify({ ...prefs, openaiApiKey: 'sk-pref-rotated-0123456789' })
      })
    )
    const second = importDump(dataDir, dump).report
    expect(second.counts).toMatchObject({ updated: 1 })
    expect(readFileSync(join(dataDir, 'personal-agent.db')).includes('sk-pref-rotated-0123456789')).toBe(
      false
    )
    const undo = cli(['rollback', '--run', second.runId, '--data-dir', dataDir])
    expect(undo.code, undo.stderr).toBe(0)
    expect(await givenBack(dataDir, 'SELECT id, value FROM preferences', 'preference')).toEqual([prefs])
    expect(await recordAccounts(secrets)).toHaveLength(5)
    const all = cli(['rollback', '--run', first.runId, '--data-dir', dataDir])
    expect(all.code, all.stderr).toBe(0)
    expect(await recordAccounts(secrets)).toEqual([])
  })
})
