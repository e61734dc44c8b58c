// Exports other software wrote (test/fixtures/real-world, each shape described in its README): every fixture is
// imported through the CLI, and the counts, the fields kept and the report are checked, so nothing is dropped silently.
import { cpSync, readFileSync, utimesSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cliJson } from './support/cli'
import { snapshotTree, tempDir } from './support/folders'
import { rows } from './support/store-query'
import { storeFixtures } from './support/store-fixture'

const tracker = storeFixtures('pa-real-')
const FIXTURES = resolve(__dirname, 'fixtures', 'real-world')

interface ChatJson {
  app: string
  counts: Record<string, number>
  messages: number
  quarantined: unknown[]
  warnings: string[]
}

interface McpJson {
  counts: Record<string, number>
  problems: string[]
  candidates: { name: string; app: string; transport: string; secretEnvKeys: string[] }[]
}

type Row = Record<string, unknown>

/** A copy of the fixture folder (the test never writes where the fixtures are). */
function copy(): string {
  const dir = join(tempDir('pa-real-src-'), 'real-world')
  cpSync(FIXTURES, dir, { recursive: true })
  return dir
}

function extraOf(row: Row | undefined): Record<string, unknown> {
  return JSON.parse(String(row!['extra'])) as Record<string, unknown>
}

/** The messages of the conversation with that title (or that row id). */
function messages(dataDir: string, title: string | number): Row[] {
  const where = typeof title === 'number' ? `c.id = ${title}` : `c.title = '${title}'`
  return rows(
    dataDir,
    `SELECT m.uid, m.role, m.content, m.extra FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE ${where} ORDER BY m.position`
  )
}

function chat(format: string, file: string, dataDir: string): ChatJson {
  return cliJson<ChatJson>(['import', '--format', format, file, '--data-dir', dataDir]).json
}

describe('chat exports other software wrote', () => {
  it('ChatGPT: branches, images, multimodal parts, code-interpreter output, attachments and reasoning', () => {
    const dir = copy()
    const before = snapshotTree(dir)
    const dataDir = join(tempDir(), 'data')
    const list = chat('chatgpt', join(dir, 'chatgpt', 'conversations.json'), dataDir)
    expect(list).toMatchObject({ app: 'chatgpt', counts: { created: 2, quarantined: 0 }, messages: 11 })
    expect(list.warnings).toEqual([])

    const bread = messages(dataDir, 'Bread proofing times')
    expect(bread.map((m) => m['uid'])).toEqual(['u1', 'a1b', 'u2', 'a2', 'a3'])
    expect(bread[0]!['content']).toBe('[image_asset_pointer]\nIs this dough proofed enough?')
    expect(extraOf(bread[0])['metadata']).toMatchObject({ attachments: [{ name: 'dough.jpg' }] })
    expect(extraOf(bread[3])['chatgpt_content']).toMatchObject({
      parts: [{ metadata: { dalle: { prompt: 'a rustic sourdough loaf' } } }]
    })
    const [conversation] = rows(
      dataDir,
      "SELECT extra FROM conversations WHERE title = 'Bread proofing times'"
    )
    const kept = extraOf(conversation)
    expect((kept['chatgpt_other_branches'] as { id: string }[]).map((n) => n.id)).toEqual(['a1'])
    expect(kept['chatgpt_hidden_messages']).toHaveLength(1)
    expect(kept['default_model_slug']).toBe('gpt-4o')

    const csv = messages(dataDir, 'CSV totals')
    expect(csv.map((m) => [m['uid'], m['role']])).toEqual([
      ['u1', 'user'],
      ['th', 'assistant'],
      ['rr', 'assistant'],
      ['code', 'assistant'],
      ['out', 'tool'],
      ['fin', 'assistant']
    ])
    // Reasoning is text: readable, searchable, and marked as reasoning.
    expect(csv[1]!['content']).toBe(
      'Reading the file\n\nThe user wants the total of the amount column; load it with pandas.'
    )
    expect(extraOf(csv[1])['reasoning']).toBe('thoughts')
    expect(csv[2]!['content']).toBe('Thought for 4 seconds')
    expect(extraOf(csv[2])['reasoning']).toBe('reasoning_recap')
    expect(csv[3]!['content']).toContain("pd.read_csv('/mnt/data/sales.csv')")
    expect(csv[4]!['content']).toBe('12345.67')
    expect(extraOf(csv[4])['metadata']).toMatchObject({ aggregate_result: { status: 'success' } })
    const found = rows(
      dataDir,
      "SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'pandas'"
    ) as {
      n: number
    }[]
    expect(found[0]!.n).toBeGreaterThan(0)

    // One conversation as browser exporters save it: an object, not a list.
    const single = chat('chatgpt', join(dir, 'chatgpt', 'single-conversation.json'), dataDir)
    expect(single).toMatchObject({ app: 'chatgpt', counts: { created: 1 }, messages: 3 })
    expect(messages(dataDir, 'Weather in Porto').map((m) => m['content'])).toEqual([
      "What's the weather in Porto tomorrow?",
      'Sunny, 24°C',
      'Sunny and 24 °C.'
    ])
    expect(chat('chatgpt', join(dir, 'chatgpt', 'single-conversation.json'), dataDir).counts).toMatchObject({
      created: 0,
      'already-imported': 1
    })
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('Claude: content parts, tool use, attachments, a repeated message id, one conversation, an API transcript', () => {
    const dir = copy()
    const dataDir = join(tempDir(), 'data')
    const report = chat('claude', join(dir, 'claude', 'conversations.json'), dataDir)
    expect(report).toMatchObject({ app: 'claude', counts: { created: 2, quarantined: 0 }, messages: 5 })
    expect(report.warnings).toEqual([
      'conversation 5f1c0000-0001-4000-8000-0000000000c1: message id m-2 is used by 2 messages; all 2 were kept'
    ])
    const parser = messages(dataDir, 'Refactor a parser')
    expect(parser.map((m) => [m['uid'], m['role']])).toEqual([
      ['m-1', 'user'],
      ['m-2', 'assistant'],
      ['m-2', 'user']
    ])
    expect(extraOf(parser[0])['attachments']).toMatchObject([{ file_name: 'parser.py' }])
    expect(extraOf(parser[0])['files']).toEqual([{ file_name: 'diagram.png' }])
    expect(parser[1]!['content']).toBe(
      'The split is fine; the caller re-parses in a loop.\nLet me run it first.\n[tool_use]\n[tool_result]\nCache the result outside the loop.'
    )
    expect(extraOf(parser[1])['claude_content']).toHaveLength(5)
    expect(messages(dataDir, 'Untitled chat').map((m) => m['content'])).toEqual([
      'Summarise this PDF',
      'It reports a 12% rise.'
    ])

    const one = chat('claude', join(dir, 'claude', 'single-conversation.json'), dataDir)
    expect(one).toMatchObject({ app: 'claude', counts: { created: 1 }, messages: 2 })

    const transcript = chat('claude', join(dir, 'claude', 'api-transcript.json'), dataDir)
    expect(transcript).toMatchObject({ app: 'claude', counts: { created: 1, quarantined: 0 }, messages: 4 })
    const api = rows(
      dataDir,
      "SELECT c.id, c.extra FROM conversations c WHERE c.extra LIKE '%claude-sonnet-4%'"
    )
    expect(extraOf(api[0])).toMatchObject({ system: 'You are terse.', model: 'claude-sonnet-4-20250514' })
    const said = messages(dataDir, Number(api[0]!['id']))
    expect(said.map((m) => [m['role'], m['content']])).toEqual([
      ['user', 'What is 2+2?'],
      ['assistant', '4'],
      ['user', 'And this image?\n[image]'],
      ['assistant', '[tool_use]']
    ])
    expect(extraOf(said[2])['claude_content']).toMatchObject([{}, { source: { media_type: 'image/png' } }])
    // Known by its content: a second import adds nothing.
    expect(chat('claude', join(dir, 'claude', 'api-transcript.json'), dataDir).counts).toMatchObject({
      'already-imported': 1
    })
  })
})

describe('MCP configs other software wrote', () => {
  it('VS Code (JSONC, inputs, http/sse/stdio, envFile), Cursor, Windsurf and Claude Desktop, each kept whole', async () => {
    const dir = copy()
    const before = snapshotTree(dir)
    const dataDir = join(tempDir(), 'data')
    const secrets = tracker.track(new SecretStore(dataDir))
    const imported = (from: string, file: string): McpJson =>
      cliJson<McpJson>([
        'import',
        '--format',
        'mcp',
        '--from',
        from,
        join(dir, 'mcp', file),
        '--data-dir',
        dataDir
      ]).json
    const vscode = imported('vscode', 'vscode-mcp.json')
    expect(vscode.counts).toMatchObject({ created: 3 })
    expect(vscode.problems).toEqual([])
    expect(vscode.candidates.map((c) => [c.name, c.app, c.transport, c.secretEnvKeys])).toEqual([
      ['github', 'VS Code', 'http', []],
      ['files', 'VS Code', 'stdio', []],
      ['legacy-sse', 'VS Code', 'sse', ['header X-Api-Key']]
    ])
    expect(imported('cursor', 'cursor-mcp.json').counts).toMatchObject({ created: 3 })
    expect(imported('windsurf', 'windsurf-mcp_config.json').counts).toMatchObject({ created: 2 })
    expect(imported('claude-desktop', 'claude_desktop_config.json').counts).toMatchObject({ created: 2 })

    const servers = rows(
      dataDir,
      'SELECT name, source, transport, env, extra FROM mcp_servers ORDER BY position'
    )
    expect(servers.map((s) => [s['name'], String(s['source']).split(':')[0]])).toEqual([
      ['github', 'vscode'],
      ['files', 'vscode'],
      ['legacy-sse', 'vscode'],
      ['postgres', 'cursor'],
      ['linear', 'cursor'],
      ['brave', 'cursor'],
      ['context7', 'windsurf'],
      ['memory', 'windsurf'],
      ['filesystem', 'claude-desktop'],
      ['slack', 'claude-desktop']
    ])
    const byName = (name: string): Record<string, unknown> => extraOf(servers.find((s) => s['name'] === name))
    // The header that only refers to an input stays as written, with the input that declares it.
    expect(byName('github')).toMatchObject({
      headers: { Authorization: 'Bearer ${input:github_token}', 'X-MCP-Toolsets': 'repos,issues' },
      inputs: [{ id: 'github_token', description: 'GitHub Personal Access Token', password: true }]
    })
    expect(byName('files')).toMatchObject({
      envFile: '${workspaceFolder}/.env',
      inputs: [{ id: 'workspace-root', default: '/home/me/projects' }]
    })
    expect(byName('legacy-sse')['inputs']).toBeUndefined()
    expect(byName('memory')).toMatchObject({ disabledTools: ['delete_entities'] })
    expect(rows(dataDir, "SELECT enabled FROM mcp_servers WHERE name = 'memory'")).toEqual([{ enabled: 0 }])
    expect(byName('context7')).toMatchObject({ serverUrl: 'https://mcp.context7.com/mcp' })

    const accounts = (await secrets.listAccounts()).filter((account) => !account.includes('/backup/'))
    const values = (await Promise.all(accounts.map((a) => secrets.get(a)))).sort()
    expect(values).toEqual(
      [
        'sk-live-vscode-fixture-0001',
        'postgresql://app:pg-fixture-pass@localhost:5432/shop',
        'Bearer lin_api_cursorFixture0002',
        'BSA-cursor-fixture-0003',
        'c7-windsurf-fixture-0004',
        'xoxb-desktop-fixture-0005'
      ].sort()
    )
    const stored = JSON.stringify(rows(dataDir, 'SELECT * FROM mcp_servers'))
    for (const secret of values) expect(stored).not.toContain(secret)
    expect(stored).not.toContain('pg-fixture-pass')
    expect(snapshotTree(dir)).toEqual(before)

    // Export writes each server back with the inputs it declares, and the header that refers to one as written.
    const out = join(tempDir(), 'exported')
    expect(cliJson(['export', '--out', out, '--data-dir', dataDir]).run.code).toBe(0)
    const exported = JSON.parse(readFileSync(join(out, 'mcp_config.json'), 'utf8')) as {
      servers: Record<string, unknown>[]
    }
    const github = exported.servers.find((s) => s['name'] === 'github')
    expect(github).toMatchObject({
      headers: { Authorization: 'Bearer ${input:github_token}' },
      inputs: [{ type: 'promptString', id: 'github_token', password: true }]
    })
  })
})

describe('an Obsidian vault', () => {
  it('takes each note’s own dates and keeps every front-matter field, empty lists included', () => {
    const dir = copy()
    const vault = join(dir, 'notes', 'obsidian')
    const mtime = new Date('2022-05-06T07:08:09.000Z')
    utimesSync(join(vault, 'Plain.md'), mtime, mtime)
    const dataDir = join(tempDir(), 'data')
    const report = cliJson<{ counts: Record<string, number>; warnings: string[] }>([
      'import',
      vault,
      '--data-dir',
      dataDir
    ]).json
    expect(report.counts).toMatchObject({ created: 3, quarantined: 0 })
    const notes = rows(
      dataDir,
      'SELECT title, type, tags, metadata, created_at, updated_at FROM knowledge_items'
    )
    const note = (title: string): Row => notes.find((n) => n['title'] === title)!
    const fields = (title: string): Record<string, unknown> =>
      (JSON.parse(String(note(title)['metadata'])) as { source_fields: Record<string, unknown> })
        .source_fields

    expect(note('Sourdough')).toMatchObject({ created_at: '2023-11-04T18:22:00', tags: '["baking","bread"]' })
    expect(fields('Sourdough')).toEqual({
      created: '2023-11-04T18:22:00',
      type: [],
      aliases: ['Levain bread'],
      cssclasses: null,
      publish: false
    })
    const daily = note('Daily 2024-02-10')
    expect(daily).toMatchObject({ created_at: '2024-02-10', updated_at: '2024-02-11T07:00:00', type: null })
    expect(fields('Daily 2024-02-10')).toMatchObject({
      type: ['journal', 'daily'],
      mood: 7,
      date: '2024-02-10'
    })
    expect(note('Plain')['created_at']).toBe(mtime.toISOString())
  })
})
