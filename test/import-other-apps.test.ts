// Imports from other apps: MCP servers found at the usual places of Claude Desktop, Cursor, Windsurf and VS Code in a
// fake home (macOS, Windows and Linux layouts), previewed with conflicts and imported by choice (secrets to the
// keychain, sources kept, re-runs adding nothing, a replaced server restored by a rollback); and ChatGPT and Claude
// chat exports (the current branch flattened with the others kept, parts and times kept, quarantine, re-runs, growth).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseJsonText } from '../src/main/base/json-text'
import { candidatePaths, discoverMcpConfigs } from '../src/main/imports/other-apps/mcp-discovery'
import { stripJsonc } from '../src/main/imports/other-apps/jsonc'
import { SecretStore } from '../src/main/secrets/secret-store'
import { SqliteMcpServers } from '../src/main/store/sqlite/sqlite-mcp-servers'
import { openDatabase } from '../src/main/store/sqlite/database'
import { cli, cliJson } from './support/cli'
import { sha256, snapshotTree, tempDir } from './support/folders'
import { rows } from './support/store-query'
import { storeFixtures } from './support/store-fixture'

const tracker = storeFixtures('pa-apps-')
const FIXTURES = resolve(__dirname, 'fixtures', 'other-apps')
const GITHUB_TOKEN = 'ghp_cursorSecret000111222'
const BRAVE_KEY = 'BSA-brave-key-42'
const BEARER = 'Bearer remote-token-777'

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

/** A Linux home with all four apps configured, VS Code's settings.json in JSONC with an input reference. */
function fakeHome(): string {
  const home = tempDir('pa-home-')
  write(
    join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    JSON.stringify({
      mcpServers: {
        filesystem: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/Desktop']
        },
        github: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_claudeDesktop999' }
        }
      },
      globalShortcut: 'Ctrl+Space'
    })
  )
  write(
    join(home, '.cursor', 'mcp.json'),
    JSON.stringify({
      mcpServers: {
        github: {
          command: 'docker',
          args: ['run', '-i', 'ghcr.io/github/github-mcp-server'],
          env: { GITHUB_TOKEN }
        }
      }
    })
  )
  write(
    join(home, '.codeium', 'windsurf', 'mcp_config.json'),
    JSON.stringify({
      mcpServers: {
        'brave-search': {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-brave-search'],
          env: { BRAVE_API_KEY: BRAVE_KEY },
          disabled: true
        }
      }
    })
  )
  write(
    join(home, '.config', 'Code', 'User', 'settings.json'),
    `{
  // Editor settings with comments and trailing commas, as VS Code allows
  "editor.fontSize": 14,
  "mcp": {
    "inputs": [{ "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true }],
    "servers": {
      "perplexity": { "type": "stdio", "command": "npx", "args": ["-y", "server-perplexity-ask"], "env": { "PERPLEXITY_API_KEY": "\${input:perplexity-key}" } },
      "remote-docs": { "type": "http", "url": "https://docs.example.com/mcp // not a comment", "headers": { "Authorization": "${BEARER}" } }, /* trailing */
    },
  },
}`
  )
  write(join(home, '.config', 'Code', 'User', 'mcp.json'), '{ "servers": { "broken": { "command": "x" } ')
  return home
}

interface McpJson {
  runId: string | null
  counts: Record<string, number>
  servers: { name: string; app: string; action: string; as: string | null }[]
  problems: string[]
  candidates: {
    key: string
    name: string
    app: string
    conflict: string | null
    secretEnvKeys: string[]
    alreadyImported: boolean
  }[]
}

describe('MCP servers from other apps', () => {
  it('finds each app’s config at its usual place on macOS, Windows and Linux', () => {
    const mac = candidatePaths({ home: '/Users/me', platform: 'darwin', env: {} }).map((c) => c.path)
    expect(mac).toContain('/Users/me/Library/Application Support/Claude/claude_desktop_config.json')
    expect(mac).toContain('/Users/me/Library/Application Support/Code/User/mcp.json')
    const win = candidatePaths({
      home: 'C:\\Users\\me',
      platform: 'win32',
      env: { APPDATA: '/appdata' }
    }).map((c) => c.path)
    expect(win).toContain(join('/appdata', 'Claude', 'claude_desktop_config.json'))
    expect(win).toContain(join('/appdata', 'Code', 'User', 'settings.json'))
    const linux = candidatePaths({ home: '/home/me', platform: 'linux', env: {} }).map((c) => c.path)
    expect(linux).toEqual([
      '/home/me/.config/Claude/claude_desktop_config.json',
      '/home/me/.cursor/mcp.json',
      '/home/me/.codeium/windsurf/mcp_config.json',
      '/home/me/.config/Code/User/mcp.json',
      '/home/me/.config/Code/User/settings.json'
    ])

    // The same files found in a macOS-shaped and a Windows-shaped fake home.
    for (const [platform, dir] of [
      ['darwin', ['Library', 'Application Support']],
      ['win32', ['AppData', 'Roaming']]
    ] as const) {
      const home = tempDir()
      write(
        join(home, ...dir, 'Claude', 'claude_desktop_config.json'),
        '{"mcpServers": {"notes": {"command": "notes-mcp"}}}'
      )
      const found = discoverMcpConfigs({ home, platform, env: {} })
      expect(found.map((c) => [c.app, c.servers.map((s) => s.name)])).toEqual([['claude-desktop', ['notes']]])
    }

    const found = discoverMcpConfigs({ home: fakeHome(), platform: 'linux', env: {} })
    expect(found.map((c) => [c.app, c.servers.map((s) => s.name)])).toEqual([
      ['claude-desktop', ['filesystem', 'github']],
      ['cursor', ['github']],
      ['windsurf', ['brave-search']],
      ['vscode', []],
      ['vscode', ['perplexity', 'remote-docs']]
    ])
    expect(found[3]!.problems[0]).toMatch(
      /mcp\.json: not valid JSON at line 1, column \d+; fix it in VS Code/
    )
    expect(found[4]!.inputs).toEqual([
      { type: 'promptString', id: 'perplexity-key', description: 'Perplexity API Key', password: true }
    ])
    expect(JSON.parse(stripJsonc('{"a": "x // y", /* c */ "b": [1, 2,], }'))).toEqual({
      a: 'x // y',
      b: [1, 2]
    })
  })

  it('previews conflicts, imports by choice with secrets in the keychain, and adds nothing the second time', async () => {
    const home = fakeHome()
    const before = snapshotTree(home)
    const dataDir = join(tempDir(), 'data')
    const secrets = tracker.track(new SecretStore(dataDir))
    const args = ['import', '--format', 'mcp', '--home', home, '--data-dir', dataDir]

    const dry = cliJson<McpJson>([...args, '--dry-run']).json
    expect(dry.runId).toBeNull()
    const conflicts = Object.fromEntries(dry.candidates.map((c) => [`${c.app}/${c.name}`, c.conflict]))
    expect(conflicts).toEqual({
      'Claude Desktop/filesystem': null,
      'Claude Desktop/github': 'Also found in Cursor',
      'Cursor/github': 'Also found in Claude Desktop',
      'Windsurf/brave-search': null,
      'VS Code/perplexity': null,
      'VS Code/remote-docs': null
    })
    expect(dry.candidates.find((c) => c.name === 'remote-docs')!.secretEnvKeys).toEqual([
      'header Authorization'
    ])
    expect(dry.candidates.find((c) => c.name === 'brave-search')!.secretEnvKeys).toEqual(['BRAVE_API_KEY'])
    expect(dry.candidates.find((c) => c.name === 'perplexity')!.secretEnvKeys).toEqual([])
    expect(dry.problems[0]).toMatch(/Code\/User\/mcp\.json: not valid JSON/)
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM mcp_servers')).toEqual([{ n: 0 }])

    const first = cliJson<McpJson>(args)
    expect(first.json.counts).toMatchObject({ created: 4, skipped: 2 })
    expect(first.run.stdout).not.toContain(GITHUB_TOKEN)
    const servers = rows(
      dataDir,
      'SELECT name, transport, url, enabled, source FROM mcp_servers ORDER BY position'
    )
    expect(servers).toEqual([
      {
        name: 'filesystem',
        transport: 'stdio',
        url: null,
        enabled: null,
        source: `claude-desktop:${join(home, '.config', 'Claude', 'claude_desktop_config.json')}`
      },
      {
        name: 'brave-search',
        transport: 'stdio',
        url: null,
        enabled: 0,
        source: `windsurf:${join(home, '.codeium', 'windsurf', 'mcp_config.json')}`
      },
      {
        name: 'perplexity',
        transport: 'stdio',
        url: null,
        enabled: null,
        source: `vscode:${join(home, '.config', 'Code', 'User', 'settings.json')}`
      },
      {
        name: 'remote-docs',
        transport: 'http',
        url: 'https://docs.example.com/mcp // not a comment',
        enabled: null,
        source: `vscode:${join(home, '.config', 'Code', 'User', 'settings.json')}`
      }
    ])
    const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true })
    try {
      const views = await new SqliteMcpServers(db, secrets).list()
      expect(views.find((v) => v.name === 'brave-search')!.secretEnvKeys).toEqual(['BRAVE_API_KEY'])
      expect(views.find((v) => v.name === 'brave-search')!.env['BRAVE_API_KEY']).not.toBe(BRAVE_KEY)
    } finally {
      db.close()
    }
    // The servers' secrets (the run's backup key is in the keychain too, under /backup/).
    const accounts = (await secrets.listAccounts()).filter((account) => !account.includes('/backup/'))
    const values = await Promise.all(accounts.map((a) => secrets.get(a)))
    expect(values.sort()).toEqual([BEARER, BRAVE_KEY].sort())
    // VS Code's input reference is not a secret: it stays with the server, to be typed when it starts.
    expect(rows(dataDir, "SELECT env FROM mcp_servers WHERE name = 'perplexity'")).toEqual([
      { env: JSON.stringify({ PERPLEXITY_API_KEY: '${input:perplexity-key}' }) }
    ])
    // …and so does the `inputs` entry that declares it.
    const [extra] = rows(dataDir, "SELECT extra FROM mcp_servers WHERE name = 'perplexity'") as {
      extra: string
    }[]
    expect((JSON.parse(extra!.extra) as { inputs: unknown }).inputs).toEqual([
      { type: 'promptString', id: 'perplexity-key', description: 'Perplexity API Key', password: true }
    ])
    const dbBytes = readFileSync(join(dataDir, 'personal-agent.db'))
    for (const secret of [BRAVE_KEY, BEARER, GITHUB_TOKEN]) expect(dbBytes.includes(secret)).toBe(false)

    const again = cliJson<McpJson>(args).json
    expect(again.counts).toMatchObject({ created: 0, 'already-imported': 4, skipped: 2 })
    expect(rows(dataDir, 'SELECT COUNT(*) AS n FROM mcp_servers')).toEqual([{ n: 4 }])

    // The two github servers, each under its own name.
    const renamed = cliJson<McpJson>([...args, '--on-conflict', 'rename']).json
    expect(renamed.servers.filter((s) => s.action === 'created').map((s) => s.as)).toEqual([
      'github (Claude Desktop)',
      'github (Cursor)'
    ])
    expect(snapshotTree(home)).toEqual(before)
  })

  it('replaces a server of the same name on request, and a rollback puts it back with its own key', async () => {
    const dataDir = join(tempDir(), 'data')
    const secrets = tracker.track(new SecretStore(dataDir))
    const mine = join(tempDir(), 'mine.json')
    writeFileSync(
      mine,
      JSON.stringify({
        mcpServers: { github: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'ghp_mine_original' } } }
      })
    )
    cliJson(['import', '--format', 'mcp', mine, '--data-dir', dataDir])
    const cursorHome = tempDir()
    write(
      join(cursorHome, '.cursor', 'mcp.json'),
      JSON.stringify({ mcpServers: { github: { command: 'docker', env: { GITHUB_TOKEN } } } })
    )
    const args = [
      'import',
      '--format',
      'mcp',
      '--from',
      'cursor',
      '--home',
      cursorHome,
      '--data-dir',
      dataDir
    ]
    const preview = cliJson<McpJson>([...args, '--dry-run']).json
    expect(preview.candidates[0]!.conflict).toBe('A server named “github” is already set up here')
    const replaced = cliJson<McpJson>([...args, '--on-conflict', 'replace']).json
    expect(replaced.counts).toMatchObject({ updated: 1 })
    const tokenOf = async (): Promise<string | undefined> => {
      const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true })
      try {
        const [server] = await new SqliteMcpServers(db, secrets).list()
        const ref = db.prepare("SELECT account FROM secret_refs WHERE owner_kind = 'mcp_server'").get() as {
          account: string
        }
        expect(server!.secretEnvKeys).toEqual(['GITHUB_TOKEN'])
        return (await secrets.get(ref.account)) ?? undefined
      } finally {
        db.close()
      }
    }
    expect(rows(dataDir, 'SELECT command FROM mcp_servers')).toEqual([{ command: 'docker' }])
    expect(await tokenOf()).toBe(GITHUB_TOKEN)
    cliJson(['rollback', '--run', replaced.runId!, '--data-dir', dataDir])
    expect(rows(dataDir, 'SELECT command FROM mcp_servers')).toEqual([{ command: 'gh-mcp' }])
    expect(await tokenOf()).toBe('ghp_mine_original')
    expect(
      (await Promise.all((await secrets.listAccounts()).map((a) => secrets.get(a)))).includes(GITHUB_TOKEN)
    ).toBe(false)
    expect(cli(['import', '--format', 'mcp', '--from', 'zed', '--data-dir', dataDir]).stderr).toMatch(
      /--from takes one of claude-desktop, cursor, windsurf, vscode/
    )
  })
})

interface ChatJson {
  runId: string
  app: string
  counts: Record<string, number>
  messages: number
  quarantined: { index: number; reason: string }[]
  warnings: string[]
}

function conversationsOf(dataDir: string): Record<string, unknown>[] {
  return rows(
    dataDir,
    'SELECT id, uid, title, created_at, updated_at, message_count, extra FROM conversations ORDER BY sort_ms'
  )
}

function messagesOf(dataDir: string, title: string): Record<string, unknown>[] {
  return rows(
    dataDir,
    `SELECT m.uid, m.role, m.content, m.created_ms, m.extra FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.title = '${title}' ORDER BY m.position`
  )
}

describe('chat exports from ChatGPT and Claude', () => {
  it('flattens ChatGPT’s current branch, keeps the other branches and every part, and quarantines what it cannot read', () => {
    const dir = tempDir()
    const file = join(dir, 'conversations.json')
    copyFileSync(join(FIXTURES, 'chatgpt-conversations.json'), file)
    const before = sha256(file)
    const dataDir = join(tempDir(), 'data')
    const report = cliJson<ChatJson>(['import', '--format', 'chatgpt', file, '--data-dir', dataDir]).json
    expect(report).toMatchObject({ app: 'chatgpt', counts: { created: 4, quarantined: 2 }, messages: 9 })
    expect(report.quarantined).toEqual([
      { index: 3, reason: 'conversation 3 has no "mapping" object' },
      { index: 4, reason: 'conversation 4 is string, not an object' }
    ])
    expect(sha256(file)).toBe(before)

    const kyoto = messagesOf(dataDir, 'Kyoto autumn trip')
    expect(kyoto.map((m) => [m['uid'], m['role']])).toEqual([
      ['msg-u1', 'user'],
      ['msg-a1', 'assistant'],
      ['msg-u2', 'user'],
      ['msg-a2', 'assistant'],
      ['msg-t1', 'tool']
    ])
    expect(kyoto[0]!['content']).toBe('Plan a 3-day trip to Kyoto in autumn 🍁')
    expect(kyoto[0]!['created_ms']).toBe(1696150000123)
    expect(kyoto[3]!['content']).toBe('Here is the plan with a tea ceremony in Gion.\n[image_asset_pointer]')
    expect(JSON.parse(String(kyoto[3]!['extra']))['chatgpt_content']['parts'][1]).toMatchObject({
      asset_pointer: 'file-service://file-abc'
    })
    expect(kyoto[4]!['content']).toBe("print('route')")
    const conversation = conversationsOf(dataDir).find((c) => c['title'] === 'Kyoto autumn trip')!
    const extra = JSON.parse(String(conversation['extra'])) as Record<string, unknown[]>
    expect(extra['chatgpt_other_branches']!.map((n) => (n as { id: string }).id)).toEqual(['a1b'])
    expect(extra['chatgpt_hidden_messages']).toHaveLength(1)
    expect(conversation['created_at']).toBe('"2023-10-01T08:46:40.000Z"')
    expect(messagesOf(dataDir, 'Untitled chat').map((m) => m['content'])).toEqual([
      'Why is my SQLite query slow? SELECT * FROM t WHERE lower(name) = ?',
      'An index on name cannot serve lower(name); create an index on the expression lower(name).'
    ])
    expect(messagesOf(dataDir, 'No current node').map((m) => m['content'])).toEqual(['ping', 'pong'])
    expect(conversationsOf(dataDir).find((c) => c['title'] === 'Empty chat')!['message_count']).toBe(0)
    const kept = rows(dataDir, "SELECT raw FROM import_items WHERE action = 'quarantined' ORDER BY id")
    expect(kept.map((k) => JSON.parse(String(k['raw'])))).toEqual([
      { title: 'Missing mapping', id: 'c-bad-004' },
      'not a conversation'
    ])
  })

  it('adds nothing the second time, appends what a conversation gained since, and rolls that back', () => {
    const file = join(tempDir(), 'conversations.json')
    copyFileSync(join(FIXTURES, 'chatgpt-conversations.json'), file)
    const dataDir = join(tempDir(), 'data')
    cliJson<ChatJson>(['import', '--format', 'chatgpt', file, '--data-dir', dataDir])
    const again = cliJson<ChatJson>(['import', '--format', 'chatgpt', file, '--data-dir', dataDir]).json
    expect(again.counts).toMatchObject({ created: 0, 'already-imported': 4 })

    // Read keeping each number's text (1696150000.0 stays as written), so only the added message is a change.
    const exported = parseJsonText(readFileSync(file, 'utf8')) as unknown as {
      id: string
      mapping: Record<string, unknown>
      current_node: string
    }[]
    const sql = exported.find((c) => c.id === 'c-sql-002')!
    sql.mapping['b2'] = { ...(sql.mapping['b2'] as object), children: ['b3'] }
    sql.mapping['b3'] = {
      id: 'b3',
      parent: 'b2',
      children: [],
      message: {
        id: 'msg-b3',
        author: { role: 'user' },
        create_time: 1700000400,
        content: { content_type: 'text', parts: ['Thanks, that fixed it.'] }
      }
    }
    sql.current_node = 'b3'
    writeFileSync(file, JSON.stringify(exported))
    const grown = cliJson<ChatJson>(['import', '--format', 'chatgpt', file, '--data-dir', dataDir]).json
    expect(grown.counts).toMatchObject({ updated: 1, 'already-imported': 3 })
    expect(messagesOf(dataDir, 'Untitled chat').map((m) => m['content'])).toHaveLength(3)
    cliJson(['rollback', '--run', grown.runId, '--data-dir', dataDir])
    expect(messagesOf(dataDir, 'Untitled chat').map((m) => m['uid'])).toEqual(['msg-b1', 'msg-b2'])
  })

  it('imports Claude’s export with roles, text from parts, and attachments kept; says when a file is the other app’s', () => {
    const dataDir = join(tempDir(), 'data')
    const report = cliJson<ChatJson>([
      'import',
      '--format',
      'claude',
      join(FIXTURES, 'claude-conversations.json'),
      '--data-dir',
      dataDir
    ]).json
    expect(report).toMatchObject({ app: 'claude', counts: { created: 2, quarantined: 1 }, messages: 3 })
    const hook = messagesOf(dataDir, 'Refactoring a React hook')
    expect(hook.map((m) => [m['uid'], m['role']])).toEqual([
      ['m-1', 'user'],
      ['m-2', 'assistant'],
      ['m-3', 'user']
    ])
    expect(hook[1]!['content']).toBe(
      'React StrictMode mounts components twice in development \n[tool_use]\nto surface missing cleanups.'
    )
    expect(JSON.parse(String(hook[1]!['extra']))['claude_content'][1]).toMatchObject({
      type: 'tool_use',
      name: 'artifacts'
    })
    expect(JSON.parse(String(hook[2]!['extra']))['attachments'][0]).toMatchObject({ file_name: 'hook.tsx' })
    expect(hook[0]!['created_ms']).toBe(Date.parse('2024-05-01T09:00:00Z'))

    const wrong = cliJson<ChatJson>([
      'import',
      '--format',
      'claude',
      join(FIXTURES, 'chatgpt-conversations.json'),
      '--data-dir',
      dataDir
    ]).json
    expect(wrong.app).toBe('chatgpt')
    expect(wrong.warnings).toContain(
      `${join(FIXTURES, 'chatgpt-conversations.json')} is a ChatGPT export, not a Claude one; it was imported as what it is`
    )

    const broken = join(tempDir(), 'conversations.json')
    writeFileSync(broken, '[{"uuid": "x", "chat_messages": []},\n {"uuid": "y", "chat_messages": [}]')
    const refused = cli(['import', '--format', 'claude', broken, '--data-dir', dataDir])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/conversations\.json is not valid JSON at line 2 .*nothing was imported/)
    expect(
      rows(
        dataDir,
        'SELECT COUNT(*) AS n FROM conversations WHERE title = \'Untitled chat\' AND extra LIKE \'%"claude_id":"x"%\''
      )
    ).toEqual([{ n: 0 }])
  })
})
