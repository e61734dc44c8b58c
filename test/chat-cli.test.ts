// `personal-agent chat`, run as a user runs it, on a migrated folder whose profile points at a fake provider on
// 127.0.0.1: a migrated conversation continued under its original id, --json, --list-profiles, failures that exit
// non-zero with one line after storing the user's message, a real SIGKILL mid-stream that leaves the partial reply
// stored and marked interrupted (and verify still passing), and the key never in the database, output or log.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import type { ChatMessage } from '../src/main/store/store'
import { BIN, cli, cliAsync, cliJson, type CliRun } from './support/cli'
import { closedPort, useFakeProvider } from './support/fake-providers'
import { filesUnder, tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-chat-cli-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-cli-')
let downPort = 0
beforeAll(async () => {
  downPort = await closedPort()
})

/** A legacy folder (a conversation, two profiles with keys, one of them unreachable), migrated by the CLI. */
function migratedFolder(): string {
  const dir = tempDir('pa-chat-cli-')
  keychains.track(new SecretStore(dir))
  writeFileSync(
    join(dir, 'conversations.json'),
    JSON.stringify({
      conversations: [
        {
          id: 'conv-legacy-1',
          title: 'Trains',
          profile_id: 'prof-main',
          pinned: true,
          messages: [
            {
              id: 'm1',
              role: 'user',
              content: 'When is the night train?',
              created_at: '2025-01-25T12:00:00Z'
            },
            { id: 'm2', role: 'assistant', content: 'At 23:10.', created_at: '2025-01-25T12:00:05Z' }
          ],
          created_at: '2025-01-25T12:00:00Z',
          updated_at: '2025-01-25T12:00:05Z'
        }
      ]
    })
  )
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [
        {
          id: 'prof-main',
          name: 'Local GPT',
          provider: 'openai',
          model: 'gpt-cli',
          api_key: KEY,
          base_url: provider.url,
          temperature: 0.3,
          system_prompt: 'Be brief.',
          is_default: true
        },
        {
          id: 'prof-down',
          name: 'Down',
          provider: 'openai',
          model: 'gpt-cli',
          api_key: KEY,
          base_url: `http://127.0.0.1:${downPort}/v1`
        }
      ]
    })
  )
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: [] }))
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  return dir
}

function transcript(dir: string, conversationId: string): ChatMessage[] {
  const db = openDatabase(join(dir, 'personal-agent.db'))
  try {
    return new SqliteConversations(db).transcript(conversationId)
  } finally {
    db.close()
  }
}

function expectNoKey(dir: string, ...runs: CliRun[]): void {
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(KEY)
  const stored = ['personal-agent.db', 'personal-agent.db-wal', 'personal-agent.db-shm']
    .map((name) => join(dir, name))
    .filter(existsSync)
  for (const file of [...stored, ...filesUnder(join(dir, 'logs'))])
    expect(readFileSync(file).includes(Buffer.from(KEY)), file).toBe(false)
}

function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^personal-agent: /)
  expect(lines[0]).toMatch(pattern)
}

describe('personal-agent chat', () => {
  it('continues a migrated conversation under its original id, streaming the reply to stdout', async () => {
    const dir = migratedFolder()
    provider.requests.length = 0
    const run = await cliAsync([
      'chat',
      '--data-dir',
      dir,
      '--conversation',
      'conv-legacy-1',
      'And the next one?'
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('Hello, world!\n')
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(provider.requests[0]!.body).toMatchObject({
      model: 'gpt-cli',
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'When is the night train?' },
        { role: 'assistant', content: 'At 23:10.' },
        { role: 'user', content: 'And the next one?' }
      ]
    })
    expect(transcript(dir, 'conv-legacy-1').map((m) => [m.id, m.role, m.text, m.status])).toEqual([
      ['m1', 'user', 'When is the night train?', null],
      ['m2', 'assistant', 'At 23:10.', null],
      [expect.any(String), 'user', 'And the next one?', null],
      [expect.any(String), 'assistant', 'Hello, world!', 'complete']
    ])
    const verify = cliJson(['verify', '--data-dir', dir])
    expect(verify.json['ok'], verify.run.stdout).toBe(true)
    // Export keeps the legacy records as they were; the new messages carry only the legacy fields.
    const exported = tempDir('pa-chat-export-')
    expect(cli(['export', '--out', exported, '--data-dir', dir]).code).toBe(0)
    const [conversation] = (
      JSON.parse(readFileSync(join(exported, 'conversations.json'), 'utf8')) as {
        conversations: { pinned: boolean; messages: Record<string, unknown>[] }[]
      }
    ).conversations
    expect(conversation!.pinned).toBe(true)
    expect(conversation!.messages.slice(0, 2)).toEqual([
      { id: 'm1', role: 'user', content: 'When is the night train?', created_at: '2025-01-25T12:00:00Z' },
      { id: 'm2', role: 'assistant', content: 'At 23:10.', created_at: '2025-01-25T12:00:05Z' }
    ])
    expect(conversation!.messages.slice(2).map((m) => [Object.keys(m).sort(), m.content])).toEqual([
      [['content', 'created_at', 'id', 'role'], 'And the next one?'],
      [['content', 'created_at', 'id', 'role'], 'Hello, world!']
    ])
    expectNoKey(dir, run, verify.run)
  })

  it('on the hybrid backend the legacy mirror gets the reply; the json backend refuses chat in one line', async () => {
    const dir = migratedFolder()
    const hybrid = await cliAsync(
      ['chat', '--data-dir', dir, '--conversation', 'conv-legacy-1', 'Mirror me'],
      {
        STORAGE_BACKEND: 'hybrid'
      }
    )
    expect(hybrid.code, hybrid.stderr).toBe(0)
    const mirrored = readFileSync(join(dir, 'conversations.json'), 'utf8')
    expect(mirrored).toContain('Mirror me')
    expect(mirrored).toContain('Hello, world!')
    const json = await cliAsync(['chat', '--data-dir', dir, 'x'], { STORAGE_BACKEND: 'json' })
    expectOneLineFailure(json, /runs on the json storage backend .* chat needs the SQLite store/)
    expectNoKey(dir, hybrid, json)
  })

  it('--json prints the stored messages; without --conversation a new one uses the default profile', async () => {
    const dir = migratedFolder()
    const run = await cliAsync(['chat', '--data-dir', dir, '--new', 'Hi there', '--json'])
    const json: unknown = JSON.parse(run.stdout)
    expect(run.code, run.stderr).toBe(0)
    const result = json as { conversationId: string; profileId: string; messages: ChatMessage[] }
    expect(result.profileId).toBe('prof-main')
    expect(result.messages).toMatchObject([
      { role: 'user', text: 'Hi there', status: null },
      { role: 'assistant', text: 'Hello, world!', status: 'complete', model: 'gpt-cli', finishReason: 'stop' }
    ])
    expect(transcript(dir, result.conversationId)).toHaveLength(2)
    const listed = await cliAsync(['chat', '--data-dir', dir, '--list-profiles'])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain('* prof-main  Local GPT (openai, gpt-cli)')
    expect(listed.stdout).toContain('  prof-down  Down (openai, gpt-cli)')
    expectNoKey(dir, run, listed)
  })

  it('a refused key or an unreachable endpoint exits 1 with one line, after storing the message', async () => {
    const dir = migratedFolder()
    provider.script({ kind: 'status', status: 401, body: { error: { message: `bad key ${KEY}` } } })
    const refused = await cliAsync([
      'chat',
      '--data-dir',
      dir,
      '--conversation',
      'conv-legacy-1',
      'Refuse me'
    ])
    expectOneLineFailure(
      refused,
      /Profile "Local GPT": OpenAI refused the API key \(HTTP 401\).*Re-enter the key/
    )
    expect(transcript(dir, 'conv-legacy-1').slice(-2)).toMatchObject([
      { role: 'user', text: 'Refuse me' },
      { role: 'assistant', text: '', status: 'error' }
    ])
    const down = await cliAsync([
      'chat',
      '--data-dir',
      dir,
      '--profile',
      'prof-down',
      '--new',
      'Anyone there?'
    ])
    expectOneLineFailure(
      down,
      /Profile "Down": 127\.0\.0\.1:\d+ refused the connection\. Check the base URL in Profiles/
    )
    const unknown = await cliAsync(['chat', '--data-dir', dir, '--profile', 'nope', 'x'])
    expectOneLineFailure(unknown, /Profile nope was not found/)
    expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)
    expectNoKey(dir, refused, down, unknown)
  })

  it('a SIGKILL mid-stream leaves the partial reply stored, marked interrupted when next read; verify and rollback hold', async () => {
    const dir = migratedFolder()
    provider.script({ kind: 'stream', deltas: ['Partial ', 'reply ', 'so far'], hold: true })
    const child = spawn(BIN, ['chat', '--data-dir', dir, '--conversation', 'conv-legacy-1', 'Tell me slowly'])
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('close', (_code, signal) => resolve(signal))
    )
    // The reply is on screen and (within a second) in the store, still streaming.
    await waitFor(() => stdout === 'Partial reply so far' && storedText(dir) === 'Partial reply so far')
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    provider.release()
    // Verification passes with the reply still marked streaming, and after it is marked interrupted.
    const before = cliJson(['verify', '--data-dir', dir])
    expect(before.json['ok'], before.run.stdout).toBe(true)
    // Search finds a reply once it has ended: the interrupted one too.
    expect(fullTextMatches(dir, 'partial')).toBe(0)
    const last = transcript(dir, 'conv-legacy-1').at(-1)
    expect(last).toMatchObject({ role: 'assistant', text: 'Partial reply so far', status: 'interrupted' })
    expect(fullTextMatches(dir, 'partial')).toBe(1)
    const verify = cliJson(['verify', '--data-dir', dir])
    expect(verify.json['ok'], verify.run.stdout).toBe(true)
    // The conversation goes on after the crash.
    const next = await cliAsync(['chat', '--data-dir', dir, '--conversation', 'conv-legacy-1', 'Go on'])
    expect(next.code, next.stderr).toBe(0)
    expectNoKey(dir, next)
    // Rollback writes the chat made after the migration, the interrupted reply included, into the restored file.
    const rollback = cliJson<{ kept_new_records: boolean }>(['rollback', '--yes', '--data-dir', dir])
    expect(rollback.json.kept_new_records, rollback.run.stderr).toBe(true)
    const restored = JSON.parse(readFileSync(join(dir, 'conversations.json'), 'utf8')) as {
      conversations: { id: string; messages: { role: string; content: string }[] }[]
    }
    const conversation = restored.conversations.find((c) => c.id === 'conv-legacy-1')
    expect(conversation?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'When is the night train?'],
      ['assistant', 'At 23:10.'],
      ['user', 'Tell me slowly'],
      ['assistant', 'Partial reply so far'],
      ['user', 'Go on'],
      ['assistant', 'Hello, world!']
    ])
  })

  it('Ctrl-C stops the reply: the partial reply is kept, marked stopped, and the command exits 130', async () => {
    const dir = migratedFolder()
    provider.script({ kind: 'stream', deltas: ['Stop ', 'here'], hold: true })
    const child = spawn(BIN, ['chat', '--data-dir', dir, '--new', '--json', 'Long story'])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    await waitFor(() => storedText(dir) === 'Stop here')
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    provider.release()
    expect(stderr).toBe('personal-agent: stopped; the partial reply is saved.\n')
    const printed = JSON.parse(stdout) as { messages: ChatMessage[] }
    expect(printed.messages[1]).toMatchObject({ text: 'Stop here', status: 'stopped' })
  })

  it('refuses a folder that is not migrated yet, naming the command that fixes it', async () => {
    const dir = tempDir('pa-chat-cli-')
    writeFileSync(join(dir, 'conversations.json'), '{"conversations":[]}')
    expectOneLineFailure(
      await cliAsync(['chat', '--data-dir', dir, 'x']),
      /Run "personal-agent migrate" first, then chat\./
    )
  })
})

/** How many messages the full-text index finds for `word`. */
function fullTextMatches(dir: string, word: string): number {
  const db = new Database(join(dir, 'personal-agent.db'), { readonly: true, fileMustExist: true })
  try {
    return (
      db.prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get(word) as {
        n: number
      }
    ).n
  } finally {
    db.close()
  }
}

/** The newest message's text as the database holds it, read beside the writer. */
function storedText(dir: string): string | null {
  const path = join(dir, 'personal-agent.db')
  if (!existsSync(path)) return null
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const row = db.prepare('SELECT content FROM messages ORDER BY id DESC LIMIT 1').get() as
      { content: string | null } | undefined
    return row?.content ?? null
  } finally {
    db.close()
  }
}

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
