// `personal-agent chat --approve-tools ask|all|none`, run as a user runs it, with a real MCP server
// (server-everything) and the fault server: `all` runs the call (one stderr line per call, the tool messages in
// --json), `none` denies it and tells the model so, the default `ask` asks y/n on a terminal (a pseudo-terminal from
// `script`) and refuses in one line without one (the user's message kept); tool messages survive verify, rollback
// and a second migration; and a SIGKILL mid-call leaves no MCP server process once the supervisor next starts.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { DENIED_BY_FLAG } from '../src/main/cli/commands/chat-tool-approval'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { BIN, cli, cliAsync, cliJson, type CliRun } from './support/cli'
import { useFakeProvider, type Answer } from './support/fake-providers'
import { tempDir } from './support/folders'
import {
  everythingServer,
  faultPids,
  faultServer,
  hangStarted,
  isRunning,
  killOwner
} from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const keychains = storeFixtures('pa-chat-cli-tools-')
const provider = useFakeProvider()
const LONG = 180_000

/** A legacy folder with a profile on the fake provider and the two MCP servers, migrated by the CLI. */
function folder(): string {
  const dir = tempDir('pa-chat-cli-tools-')
  keychains.track(new SecretStore(dir))
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [
        {
          id: 'p1',
          name: 'Fake',
          provider: 'openai',
          model: 'gpt-test',
          base_url: provider.url,
          api_key: 'sk-cli-tools-0123456789',
          is_default: true
        }
      ]
    })
  )
  writeFileSync(
    join(dir, 'mcp_config.json'),
    JSON.stringify({ servers: [everythingServer('everything'), faultServer(dir, 'fault')] })
  )
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  return dir
}

const echoCall: Answer = {
  kind: 'stream',
  deltas: ['Checking. '],
  toolCalls: [{ id: 'call_1', name: 'everything__echo', args: { message: 'from the CLI' } }]
}

interface ChatJson {
  conversationId: string
  messages: { role: string; text: string; tool?: { status: string; tool: string; error: string | null } }[]
}

/** The CLI with --json, run without blocking (the fake provider answers from this process). */
async function chatJson(args: string[]): Promise<{ run: CliRun; json: ChatJson }> {
  const run = await cliAsync([...args, '--json'])
  expect(run.code, run.stderr).toBe(0)
  return { run, json: JSON.parse(run.stdout) as ChatJson }
}

describe('chat --approve-tools', () => {
  let dir = ''
  beforeAll(() => {
    dir = folder()
  }, LONG)

  it(
    'all: the call runs, one stderr line says so, and --json holds the stored tool message',
    async () => {
      provider.script(echoCall, { kind: 'stream', deltas: ['Done.'] })
      const { run, json } = await chatJson(['chat', '--approve-tools', 'all', '--data-dir', dir, 'Echo it'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/^personal-agent: tool everything → echo: done \(\d+ ms\)$/m)
      expect(json.messages.map((m) => [m.role, m.text])).toEqual([
        ['user', 'Echo it'],
        ['assistant', 'Checking. '],
        ['tool', 'Echo: from the CLI'],
        ['assistant', 'Done.']
      ])
      expect(json.messages[2]!.tool).toMatchObject({ status: 'done', tool: 'echo' })
    },
    LONG
  )

  it(
    'streams the reply to stdout and the tool line to stderr',
    async () => {
      provider.script(echoCall, { kind: 'stream', deltas: ['Streamed.'] })
      const run = await cliAsync(['chat', '--approve-tools', 'all', '--data-dir', dir, 'Echo again'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toBe('Checking. Streamed.\n')
      expect(run.stderr).toContain('personal-agent: tool everything → echo: done')
    },
    LONG
  )

  it(
    'none: the call is denied and the model is told why',
    async () => {
      provider.requests.length = 0
      provider.script(echoCall, { kind: 'stream', deltas: ['I may not run tools.'] })
      const { run, json } = await chatJson(['chat', '--approve-tools', 'none', '--data-dir', dir, 'Try'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain(`personal-agent: tool everything → echo: denied: ${DENIED_BY_FLAG}`)
      expect(json.messages[2]!.tool).toMatchObject({ status: 'denied', error: DENIED_BY_FLAG })
      const sent = provider.requests[1]!.body.messages as { role: string; content: string }[]
      expect(sent.at(-1)).toMatchObject({
        role: 'tool',
        content: `The user denied this tool call. Their reason: ${DENIED_BY_FLAG}`
      })
    },
    LONG
  )

  it(
    'ask (the default) without a terminal refuses in one line, exits non-zero, and keeps the user’s message',
    async () => {
      provider.script(echoCall, { kind: 'stream', deltas: ['never'] })
      const run = await cliAsync(['chat', '--data-dir', dir, '--new', 'Ask me first'])
      expect(run.code).toBe(1)
      const lines = run.stderr.trim().split('\n')
      expect(lines, run.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^personal-agent: The model asked to run everything → echo, and there is no terminal to ask you\. Run again with --approve-tools all or none/
      )
      const db = new Database(join(dir, 'personal-agent.db'), { readonly: true })
      const rows = db
        .prepare(
          `SELECT role, content, tool_status FROM messages WHERE conversation_id = (SELECT MAX(id) FROM conversations)
           ORDER BY position`
        )
        .all()
      db.close()
      expect(rows).toEqual([
        { role: 'user', content: 'Ask me first', tool_status: null },
        { role: 'assistant', content: 'Checking. ', tool_status: null },
        { role: 'tool', content: '', tool_status: 'cancelled' }
      ])
    },
    LONG
  )

  it(
    'ask on a terminal asks y/n for each call: yes runs it, no denies it',
    async () => {
      const quote = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`
      const onTerminal = async (
        text: string,
        answer: string
      ): Promise<{ code: number | null; output: string }> => {
        // `script` gives the command a pseudo-terminal, as a user's shell would.
        const command = [BIN, 'chat', '--data-dir', dir, '--new', text].map(quote).join(' ')
        const child = spawn('script', ['-qfec', command, '/dev/null'], { env: process.env })
        let output = ''
        let answered = false
        child.stdout.on('data', (d: Buffer) => {
          output += d.toString()
          if (!answered && output.includes('[y/N]')) {
            answered = true
            child.stdin.write(`${answer}\r`)
          }
        })
        const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
        return { code, output }
      }
      provider.script(echoCall, { kind: 'stream', deltas: ['Ran it.'] })
      const yes = await onTerminal('Ask me on the terminal', 'y')
      expect(yes.code, yes.output).toBe(0)
      expect(yes.output).toContain('Run everything → echo {"message":"from the CLI"}? [y/N]')
      expect(yes.output).toContain('personal-agent: tool everything → echo: done')
      expect(yes.output).toContain('Ran it.')

      provider.script(echoCall, { kind: 'stream', deltas: ['Did not run it.'] })
      const no = await onTerminal('Ask me again', 'n')
      expect(no.code, no.output).toBe(0)
      expect(no.output).toContain('personal-agent: tool everything → echo: denied: The user answered no.')
      expect(no.output).toContain('Did not run it.')
    },
    LONG
  )

  it(
    'on the hybrid backend the legacy mirror gets the tool messages',
    async () => {
      const own = folder()
      provider.script(echoCall, { kind: 'stream', deltas: ['Mirrored.'] })
      const run = await cliAsync(['chat', '--approve-tools', 'all', '--data-dir', own, 'Mirror the tool'], {
        STORAGE_BACKEND: 'hybrid'
      })
      expect(run.code, run.stderr).toBe(0)
      const mirrored = JSON.parse(readFileSync(join(own, 'conversations.json'), 'utf8')) as {
        conversations: { messages: Record<string, unknown>[] }[]
      }
      expect(mirrored.conversations.at(-1)!.messages.map((m) => [m.role, m.content, m.tool_call_id])).toEqual(
        [
          ['user', 'Mirror the tool', undefined],
          ['assistant', 'Checking. ', undefined],
          ['tool', 'Echo: from the CLI', 'call_1'],
          ['assistant', 'Mirrored.', undefined]
        ]
      )
    },
    LONG
  )

  it(
    'rejects an unknown policy in one line',
    () => {
      const run = cli(['chat', '--approve-tools', 'maybe', '--data-dir', dir, 'x'])
      expect(run.code).not.toBe(0)
      expect(run.stderr.trim()).toBe('personal-agent: --approve-tools takes ask, all or none, not "maybe".')
    },
    LONG
  )

  it(
    'tool messages pass verify, are written to the legacy file by rollback, and come back unchanged after migrating again',
    async () => {
      const own = folder()
      provider.script(echoCall, { kind: 'stream', deltas: ['Kept.'] })
      const { json } = await chatJson(['chat', '--approve-tools', 'all', '--data-dir', own, 'Keep this'])
      const verify = cliJson(['verify', '--data-dir', own])
      expect(verify.json['ok'], verify.run.stdout).toBe(true)
      const rollback = cliJson<{ kept_new_records: boolean }>(['rollback', '--yes', '--data-dir', own])
      expect(rollback.json.kept_new_records, rollback.run.stderr).toBe(true)
      const restoredText = readFileSync(join(own, 'conversations.json'), 'utf8')
      const restored = JSON.parse(restoredText) as {
        conversations: { id: string; messages: Record<string, unknown>[] }[]
      }
      const messages = restored.conversations.find((c) => c.id === json.conversationId)!.messages
      expect(messages.map((m) => [m.role, m.content])).toEqual([
        ['user', 'Keep this'],
        ['assistant', 'Checking. '],
        ['tool', 'Echo: from the CLI'],
        ['assistant', 'Kept.']
      ])
      expect(messages[1]!.tool_calls).toEqual([
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'everything__echo', arguments: '{"message":"from the CLI"}' }
        }
      ])
      expect(messages[2]).toMatchObject({ tool_call_id: 'call_1', name: 'everything__echo' })

      // Migrated again, the file (tool messages included) exports as it was.
      const again = cli(['migrate', '--data-dir', own])
      expect(again.code, again.stderr).toBe(0)
      const verified = cliJson(['verify', '--data-dir', own])
      expect(verified.json['ok'], verified.run.stdout).toBe(true)
      const out = tempDir('pa-chat-cli-tools-export-')
      const exported = cli(['export', '--out', out, '--data-dir', own])
      expect(exported.code, exported.stderr).toBe(0)
      expect(JSON.parse(readFileSync(join(out, 'conversations.json'), 'utf8'))).toEqual(
        JSON.parse(restoredText)
      )
    },
    LONG
  )

  it(
    'a SIGKILL mid-call leaves no MCP server process once the supervisor next starts',
    async () => {
      provider.script({
        kind: 'stream',
        deltas: [],
        toolCalls: [{ id: 'call_hang', name: 'fault__hang', args: {} }]
      })
      const child = spawn(BIN, ['chat', '--approve-tools', 'all', '--data-dir', dir, 'Hang'], {
        stdio: 'ignore'
      })
      await hangStarted(dir, 'fault')
      const pids = faultPids(dir, 'fault')!
      await killOwner(child, pids)

      const list = cli(['mcp', 'list', '--data-dir', dir])
      expect(list.code, list.stderr).toBe(0)
      expect([isRunning(pids.server), isRunning(pids.grandchild)]).toEqual([false, false])
      // The call the killed run left is shown cut off, not as running.
      const db = openDatabase(join(dir, 'personal-agent.db'))
      try {
        const { uid } = db.prepare('SELECT uid FROM conversations ORDER BY id DESC LIMIT 1').get() as {
          uid: string
        }
        const last = new SqliteConversations(db).transcript(uid).at(-1)!
        expect(last).toMatchObject({ role: 'tool', status: 'interrupted' })
        expect(last.tool).toMatchObject({
          status: 'cancelled',
          error: 'The app stopped before the call finished.'
        })
      } finally {
        db.close()
      }
    },
    LONG
  )
})
