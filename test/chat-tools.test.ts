// Tools in a chat, against real parts: the fake OpenAI and Anthropic streams script a tool call and receive its result
// in the next request (the exact wire shapes are pinned), the call runs on a real MCP server (server-everything's
// echo and get-sum over stdio; the fault server for errors), after the approval the turn asks for; grants, the
// read-only default, denial with a reason, errors the chat goes on after, Stop while a call runs, the step limit,
// the result cap, and the export of tool messages as legacy records.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { ChatService, type ChatServiceOptions } from '../src/main/services/chat/chat-service'
import type { ChatStreamEvent } from '../src/main/services/chat/stream-emitter'
import type { ToolApprovalRequest, ToolDecision } from '../src/main/services/chat/tool-approval'
import { McpSupervisor } from '../src/main/services/mcp/server-supervisor'
import { openBackend } from '../src/main/store/open-backend'
import { exportLegacyFiles } from '../src/main/store/sqlite/legacy-export'
import type { Store } from '../src/main/store/store'
import { checkConsistency } from '../src/main/store/consistency-check'
import { StoreStats } from '../src/main/store/store-stats'
import { useFakeProvider, type Answer } from './support/fake-providers'
import { tempDir } from './support/folders'
import { everythingServer, faultServer, migratedMcpFolder } from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const keychains = storeFixtures('pa-chat-tools-')
const provider = useFakeProvider()
const LONG = 120_000
/** A secret env value of server-everything (kept in the keychain); its get-env tool prints it. */
const SERVER_SECRET = 'everything-secret-value-0123456789'

const dir = migratedMcpFolder(
  (d) => [
    { ...everythingServer('everything'), env: { EVERYTHING_API_TOKEN: SERVER_SECRET } },
    faultServer(d, 'fault', { call_timeout_ms: 1_500 })
  ],
  keychains.track
)
let store: Store & { db?: unknown }
let supervisor: McpSupervisor
let openaiProfile = ''
let anthropicProfile = ''

beforeAll(async () => {
  store = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
  supervisor = await McpSupervisor.start(dir, store.mcp)
  openaiProfile = (
    await store.profiles.create({
      name: 'OpenAI',
      provider: 'openai',
      model: 'gpt-test',
      baseUrl: provider.url,
      apiKey: 'sk-tools-0123456789'
    })
  ).id
  anthropicProfile = (
    await store.profiles.create({
      name: 'Anthropic',
      provider: 'anthropic',
      model: 'claude-test',
      baseUrl: provider.url,
      apiKey: 'sk-ant-tools-0123456789'
    })
  ).id
}, LONG)
afterAll(async () => {
  await supervisor.close()
  await store.close()
})

/** The approver the tests script: each request is recorded and answered by `decide`. */
function approver(decide: (request: ToolApprovalRequest) => ToolDecision | Promise<ToolDecision>): {
  asked: ToolApprovalRequest[]
  options: ChatServiceOptions
} {
  const asked: ToolApprovalRequest[] = []
  return {
    asked,
    options: {
      approve: async (request) => {
        asked.push(request)
        return decide(request)
      }
    }
  }
}

function chat(options: ChatServiceOptions = {}): ChatService {
  return new ChatService(store.conversations, store.profiles, {
    mcp: supervisor,
    retryBaseMs: 10,
    idleTimeoutMs: 10_000,
    flushMs: 100,
    ...options
  })
}

function conversation(profileId: string): string {
  return store.conversations.create({ title: 'Tools', profileId }).id
}

const call = (id: string, name: string, args: unknown): Answer => ({
  kind: 'stream',
  deltas: ['Let me check.'],
  toolCalls: [{ id, name, args }]
})
const answer = (text: string): Answer => ({ kind: 'stream', deltas: [text] })

type WireMessage = Record<string, unknown>
const sentMessages = (index: number): WireMessage[] =>
  provider.requests[index]!.body.messages as WireMessage[]

describe('the wire shapes of a tool call', () => {
  it(
    'OpenAI: `tools` in the request, `tool_calls` deltas, then a `role: "tool"` message with `tool_call_id`',
    async () => {
      const { asked, options } = approver(() => ({ allow: true, remember: 'once' }))
      const id = conversation(openaiProfile)
      provider.requests.length = 0
      provider.script(call('call_echo_1', 'everything__echo', { message: 'hi there' }), answer('It said hi.'))
      const events: ChatStreamEvent[] = []
      const turn = await chat(options).send({
        conversationId: id,
        text: 'Echo hi',
        onChunk: (e) => events.push(e)
      })

      expect(provider.requests).toHaveLength(2)
      const tools = provider.requests[0]!.body.tools as { type: string; function: { name: string } }[]
      const names = tools.map((t) => t.function.name)
      expect(names).toContain('everything__echo')
      expect(names).toContain('fault__hang')
      expect(names.every((n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n))).toBe(true)
      expect(tools.find((t) => t.function.name === 'everything__echo')).toMatchObject({
        type: 'function',
        function: { parameters: { type: 'object', properties: { message: { type: 'string' } } } }
      })
      // The same tools, in the same order, in the next request (the prompt cache keeps its prefix).
      expect(provider.requests[1]!.body.tools).toEqual(provider.requests[0]!.body.tools)
      expect(sentMessages(1).slice(-3)).toEqual([
        { role: 'user', content: 'Echo hi' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            {
              id: 'call_echo_1',
              type: 'function',
              function: { name: 'everything__echo', arguments: JSON.stringify({ message: 'hi there' }) }
            }
          ]
        },
        { role: 'tool', tool_call_id: 'call_echo_1', content: 'Echo: hi there' }
      ])

      expect(asked).toHaveLength(1)
      expect(asked[0]!.call).toMatchObject({
        serverName: 'everything',
        tool: 'echo',
        arguments: { message: 'hi there' }
      })
      expect(turn.reply).toMatchObject({ text: 'It said hi.', status: 'complete' })
      expect(turn.messages.map((m) => [m.role, m.text, m.status])).toEqual([
        ['assistant', 'Let me check.', 'complete'],
        ['tool', 'Echo: hi there', 'complete'],
        ['assistant', 'It said hi.', 'complete']
      ])
      const stored = store.conversations.transcript(id)
      expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant'])
      expect(stored[1]!.finishReason).toBe('tool-calls')
      expect(stored[2]!.tool).toMatchObject({
        callId: 'call_echo_1',
        serverName: 'everything',
        tool: 'echo',
        modelName: 'everything__echo',
        arguments: { message: 'hi there' },
        status: 'done',
        error: null
      })
      expect(stored[2]!.tool!.durationMs).toBeGreaterThanOrEqual(0)
      // The card's states went out in order on the stream, after the text before them.
      const states = events.filter((e) => e.tool).map((e) => e.tool!.call.status)
      expect(states).toEqual(['awaiting-approval', 'running', 'done'])
      expect(events.find((e) => e.tool?.call.status === 'done')!.tool!.result).toBe('Echo: hi there')
      expect(events.filter((e) => e.done)).toHaveLength(1)
      expect(events.map((e) => e.delta).join('')).toBe('Let me check.It said hi.')
    },
    LONG
  )

  it(
    'Anthropic: `tools`, `tool_use` blocks with `input_json_delta`, then a `tool_result` block in a user message',
    async () => {
      const { options } = approver(() => ({ allow: true, remember: 'once' }))
      const id = conversation(anthropicProfile)
      provider.requests.length = 0
      provider.script(call('toolu_sum_1', 'everything__get-sum', { a: 2, b: 40 }), answer('The sum is 42.'))
      const turn = await chat(options).send({ conversationId: id, text: 'Add 2 and 40' })

      expect(provider.requests.map((r) => r.path)).toEqual(['/v1/messages', '/v1/messages'])
      const tools = provider.requests[0]!.body.tools as { name: string; input_schema: unknown }[]
      expect(tools.find((t) => t.name === 'everything__get-sum')).toMatchObject({
        input_schema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } }
      })
      const messages = sentMessages(1)
      expect(messages.at(-2)).toMatchObject({
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_sum_1', name: 'everything__get-sum', input: { a: 2, b: 40 } }
        ]
      })
      expect(messages.at(-1)).toMatchObject({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_sum_1', content: 'The sum of 2 and 40 is 42.' }]
      })
      expect(turn.reply.text).toBe('The sum is 42.')
    },
    LONG
  )
})

describe('approval', () => {
  it(
    '"Allow in this conversation" runs the tool unasked there only; "Always" everywhere; grants can be revoked',
    async () => {
      const first = approver(() => ({ allow: true, remember: 'conversation' }))
      const id = conversation(openaiProfile)
      provider.script(call('c1', 'everything__echo', { message: 'one' }), answer('ok'))
      await chat(first.options).send({ conversationId: id, text: 'one' })
      expect(first.asked).toHaveLength(1)
      const grant = store.conversations.toolGrants().find((g) => g.conversationId === id)
      expect(grant).toMatchObject({ tool: 'echo', conversationId: id })

      const second = approver(() => ({ allow: false }))
      provider.script(call('c2', 'everything__echo', { message: 'two' }), answer('ok'))
      await chat(second.options).send({ conversationId: id, text: 'two' })
      expect(second.asked).toHaveLength(0)
      expect(store.conversations.transcript(id).at(-2)!.tool).toMatchObject({ status: 'done' })

      const elsewhere = conversation(openaiProfile)
      provider.script(call('c3', 'everything__echo', { message: 'three' }), answer('ok'))
      await chat(second.options).send({ conversationId: elsewhere, text: 'three' })
      expect(second.asked).toHaveLength(1)

      const always = approver(() => ({ allow: true, remember: 'always' }))
      provider.script(call('c4', 'everything__get-sum', { a: 1, b: 1 }), answer('ok'))
      await chat(always.options).send({ conversationId: elsewhere, text: 'four' })
      const third = conversation(openaiProfile)
      provider.script(call('c5', 'everything__get-sum', { a: 2, b: 2 }), answer('ok'))
      await chat(second.options).send({ conversationId: third, text: 'five' })
      expect(second.asked).toHaveLength(1)
      expect(store.conversations.transcript(third).at(-2)!.text).toBe('The sum of 2 and 2 is 4.')

      for (const g of store.conversations.toolGrants())
        expect(store.conversations.revokeToolGrant(g.id)).toBe(true)
      provider.script(call('c6', 'everything__get-sum', { a: 3, b: 3 }), answer('ok'))
      await chat(second.options).send({ conversationId: third, text: 'six' })
      expect(second.asked).toHaveLength(2)
    },
    LONG
  )

  it(
    'a denial with a reason reaches the model, and shows on the card; the arguments the user edited are the ones run',
    async () => {
      const deny = approver(() => ({ allow: false, reason: 'Not that file, please.' }))
      const id = conversation(openaiProfile)
      provider.requests.length = 0
      provider.script(call('d1', 'everything__echo', { message: 'secret' }), answer('Understood.'))
      const turn = await chat(deny.options).send({ conversationId: id, text: 'deny it' })
      expect(sentMessages(1).at(-1)).toEqual({
        role: 'tool',
        tool_call_id: 'd1',
        content: 'The user denied this tool call. Their reason: Not that file, please.'
      })
      expect(turn.messages[1]!.tool).toMatchObject({ status: 'denied', error: 'Not that file, please.' })
      expect(turn.reply.text).toBe('Understood.')

      const edit = approver(() => ({ allow: true, remember: 'once', arguments: { message: 'edited' } }))
      provider.script(call('e1', 'everything__echo', { message: 'original' }), answer('done'))
      const edited = await chat(edit.options).send({ conversationId: id, text: 'edit it' })
      expect(edited.messages[1]).toMatchObject({
        text: 'Echo: edited',
        tool: { arguments: { message: 'edited' } }
      })
    },
    LONG
  )

  it(
    'a call awaiting approval keeps its heartbeat, so a long wait is not taken for a dead process',
    async () => {
      const db = (store as unknown as { db: { prepare(sql: string): { get(...args: unknown[]): unknown } } })
        .db
      const heartbeat = (id: string): number =>
        (db.prepare('SELECT heartbeat_ms FROM messages WHERE uid = ?').get(id) as { heartbeat_ms: number })
          .heartbeat_ms
      let seen: [number, number] = [0, 0]
      const slow = approver(async (request) => {
        const first = heartbeat(request.messageId)
        await new Promise((resolve) => setTimeout(resolve, 5_600))
        seen = [first, heartbeat(request.messageId)]
        return { allow: false }
      })
      const id = conversation(openaiProfile)
      provider.script(call('hb1', 'everything__echo', { message: 'wait' }), answer('ok'))
      await chat(slow.options).send({ conversationId: id, text: 'slow approval' })
      expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(4_000)
    },
    LONG
  )

  it(
    'nothing runs without a grant: with no approver every call is denied; read-only tools run unasked once allowed per server',
    async () => {
      const id = conversation(openaiProfile)
      provider.script(call('n1', 'everything__echo', { message: 'x' }), answer('ok'))
      const denied = await chat().send({ conversationId: id, text: 'no approver' })
      expect(denied.messages[1]!.tool).toMatchObject({ status: 'denied' })

      const everything = (await supervisor.resolve('everything')).id
      store.conversations.setReadOnlyDefault(everything, true)
      expect(store.conversations.readOnlyServers()).toEqual([everything])
      const ask = approver(() => ({ allow: false }))
      // echo is marked readOnlyHint: it runs unasked; toggle-simulated-logging is not: it is asked.
      provider.script(
        {
          kind: 'stream',
          deltas: [],
          toolCalls: [
            { id: 'r1', name: 'everything__echo', args: { message: 'read' } },
            { id: 'r2', name: 'everything__toggle-simulated-logging', args: {} }
          ]
        },
        answer('ok')
      )
      const turn = await chat(ask.options).send({ conversationId: id, text: 'read-only' })
      expect(turn.messages.slice(1, 3).map((m) => m.tool!.status)).toEqual(['done', 'denied'])
      expect(ask.asked.map((r) => r.call.tool)).toEqual(['toggle-simulated-logging'])
      store.conversations.setReadOnlyDefault(everything, false)
      expect(store.conversations.readOnlyServers()).toEqual([])
    },
    LONG
  )
})

describe('errors, the result cap, Stop and the step limit', () => {
  const allowAll = approver(() => ({ allow: true, remember: 'once' })).options

  it(
    'a tool error, a crash mid-call, a timeout and malformed output reach the model as the result, show on the card, and the chat goes on',
    async () => {
      for (const [tool, pattern] of [
        ['fail', /the fault tool failed on purpose/],
        ['crash', /exited with code 3/],
        ['hang', /did not answer "call hang" within 1.5 s/],
        ['garbage', /wrote something on stdout that is not a JSON-RPC message/]
      ] as const) {
        const id = conversation(openaiProfile)
        provider.requests.length = 0
        provider.script(call(`x-${tool}`, `fault__${tool}`, {}), answer(`after ${tool}`))
        const turn = await chat(allowAll).send({ conversationId: id, text: tool })
        expect(turn.messages[1]!.tool!.status, tool).toBe('error')
        expect(turn.messages[1]!.tool!.error).toMatch(pattern)
        const result = sentMessages(1).at(-1)!
        expect(result.role).toBe('tool')
        expect(String(result.content)).toMatch(/^Error: /)
        expect(String(result.content)).toMatch(pattern)
        expect(turn.reply).toMatchObject({ text: `after ${tool}`, status: 'complete' })
      }
    },
    LONG
  )

  it(
    'a large result is capped for the model (head, tail and a note) but stored whole',
    async () => {
      const id = conversation(openaiProfile)
      provider.requests.length = 0
      provider.script(call('h1', 'fault__huge', { bytes: 100_000 }), answer('big'))
      const turn = await chat(allowAll).send({ conversationId: id, text: 'huge' })
      expect(turn.messages[1]!.text).toHaveLength(100_000)
      const sent = String(sentMessages(1).at(-1)!.content)
      expect(sent.length).toBeLessThan(17_000)
      expect(sent).toContain('84000 of 100000 characters cut here')
      expect(sent.startsWith('x'.repeat(1000))).toBe(true)
      expect(sent.endsWith('x'.repeat(1000))).toBe(true)
    },
    LONG
  )

  it(
    'Stop while a call runs cancels it: the server gets the cancellation, the card shows cancelled, the text is kept',
    async () => {
      const id = conversation(openaiProfile)
      const stop = new AbortController()
      const log = join(dir, 'logs', 'mcp', 'fault.log')
      const slow = chat({ ...allowAll })
      // The fault server's own timeout is short; this call is stopped before it.
      provider.script(call('s1', 'fault__hang', {}), answer('never sent'))
      const events: ChatStreamEvent[] = []
      const turn = slow.send({
        conversationId: id,
        text: 'hang',
        signal: stop.signal,
        onChunk: (e) => {
          events.push(e)
          if (e.tool?.call.status === 'running') setTimeout(() => stop.abort(), 200)
        }
      })
      const done = await turn
      expect(done.stopped).toBe(true)
      expect(done.messages.map((m) => [m.role, m.status])).toEqual([
        ['assistant', 'complete'],
        ['tool', 'stopped']
      ])
      expect(done.messages[1]!.tool).toMatchObject({ status: 'cancelled' })
      expect(done.messages[0]!.text).toBe('Let me check.')
      const deadline = Date.now() + 10_000
      while (!(existsSync(log) && readFileSync(log, 'utf8').includes('fault: hang cancelled'))) {
        if (Date.now() > deadline) throw new Error('the server never saw the cancellation')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(events.at(-1)!.done).toBe(true)
    },
    LONG
  )

  it(
    'the loop ends at the step limit; the last reply says so and its calls are not run',
    async () => {
      const id = conversation(openaiProfile)
      provider.script(
        call('l1', 'everything__echo', { message: '1' }),
        call('l2', 'everything__echo', { message: '2' }),
        call('l3', 'everything__echo', { message: '3' })
      )
      const turn = await chat({ ...allowAll, maxSteps: 2 }).send({ conversationId: id, text: 'loop' })
      expect(turn.reply.finishReason).toBe('step-limit')
      expect(turn.messages.map((m) => m.tool?.status ?? m.role)).toEqual([
        'assistant',
        'done',
        'assistant',
        'cancelled'
      ])
      expect(turn.messages[3]!.tool!.error).toBe('Not run: the reply reached its limit of 2 steps.')
    },
    LONG
  )
})

/** A scope of no agent, the tools of `mcpServerIds`. */
const NO_AGENT = { agentId: null, agentName: null, systemPrompt: null, profileId: null, toolNames: null }

describe('the conversation’s scope', () => {
  it(
    'offers only the scope’s servers and tools, uses its profile when the turn names none, and its system prompt',
    async () => {
      const everything = (await supervisor.resolve('everything')).id
      const id = conversation(openaiProfile)
      provider.requests.length = 0
      provider.script(answer('scoped'))
      const scoped = chat({
        scope: async (conversationId) => ({
          agentId: 'agent-1',
          agentName: 'Helper',
          systemPrompt: conversationId === id ? 'You are the helper agent.' : null,
          profileId: anthropicProfile,
          mcpServerIds: [everything],
          toolNames: { [everything]: ['get-sum', 'echo'] }
        })
      })
      await scoped.send({ conversationId: id, text: 'hello' })
      const request = provider.requests[0]!
      // The agent's profile (Anthropic) answered, not the conversation's own (OpenAI).
      expect(request.path).toBe('/v1/messages')
      expect((request.body.tools as { name: string }[]).map((t) => t.name)).toEqual([
        'everything__echo',
        'everything__get-sum'
      ])
      expect(JSON.stringify(request.body.system)).toContain('You are the helper agent.')

      // A scope with no servers offers no tools; a profile the turn names wins over the agent's.
      provider.requests.length = 0
      provider.script(answer('no tools'))
      await chat({
        scope: async () => ({
          agentId: null,
          agentName: null,
          systemPrompt: null,
          profileId: anthropicProfile,
          mcpServerIds: [],
          toolNames: null
        })
      }).send({ conversationId: id, text: 'again', profileId: openaiProfile })
      expect(provider.requests[0]!.path).toBe('/v1/chat/completions')
      expect(provider.requests[0]!.body.tools).toBeUndefined()
    },
    LONG
  )

  it(
    'a turn with no tools to list sends its request before it stores its reply; one with tools lists them first',
    async () => {
      const everything = (await supervisor.resolve('everything')).id
      const id = conversation(openaiProfile)
      /** What the store held when the request went out, and whether the turn had started by then. */
      const turn = async (mcpServerIds: string[]): Promise<{ roles: string[]; started: boolean }> => {
        let seen: { roles: string[]; started: boolean } | null = null
        let started = false
        provider.script(answer('ordered'))
        await chat({
          scope: async () => ({ ...NO_AGENT, mcpServerIds }),
          onTiming: (stage) => {
            if (stage === 'request' && seen === null)
              seen = { roles: store.conversations.transcript(id).map((m) => m.role), started }
          }
        }).send({ conversationId: id, text: 'in order', onStarted: () => (started = true) })
        if (seen === null) throw new Error('no request went out')
        return seen
      }
      const before = store.conversations.transcript(id).length
      const early = await turn([])
      expect(early.started).toBe(false)
      expect(early.roles.slice(before)).toEqual(['user'])
      const listed = await turn([everything])
      expect(listed.started).toBe(true)
      expect(listed.roles.slice(before + 2)).toEqual(['user', 'assistant'])
    },
    LONG
  )

  it(
    'without a scope, every enabled server’s tools are offered: a disabled server’s are not',
    async () => {
      const fault = (await supervisor.resolve('fault')).id
      await store.mcp.setEnabled(fault, false)
      try {
        const id = conversation(openaiProfile)
        provider.requests.length = 0
        provider.script(answer('enabled only'))
        await chat().send({ conversationId: id, text: 'which tools?' })
        const names = (provider.requests[0]!.body.tools as { function: { name: string } }[]).map(
          (t) => t.function.name
        )
        expect(names.some((n) => n.startsWith('everything__'))).toBe(true)
        expect(names.some((n) => n.startsWith('fault__'))).toBe(false)
      } finally {
        await store.mcp.setEnabled(fault, true)
      }
    },
    LONG
  )
})

describe('secrets', () => {
  it(
    'a server’s secret env value that its tool prints is scrubbed before it is stored or sent',
    async () => {
      const id = conversation(openaiProfile)
      provider.requests.length = 0
      provider.script(call('env1', 'everything__get-env', {}), answer('ok'))
      const turn = await chat(approver(() => ({ allow: true, remember: 'once' })).options).send({
        conversationId: id,
        text: 'print your environment'
      })
      const result = turn.messages[1]!.text
      expect(result).toContain('EVERYTHING_API_TOKEN')
      expect(result).toContain('[redacted]')
      expect(result).not.toContain(SERVER_SECRET)
      expect(provider.requests[1]!.raw).not.toContain(SERVER_SECRET)
    },
    LONG
  )
})

describe('export', () => {
  it(
    'writes tool calls as legacy messages (the reply’s `tool_calls`, then `role: "tool"` with `tool_call_id`), which the consistency check accepts',
    async () => {
      const id = conversation(openaiProfile)
      provider.script(call('x1', 'everything__echo', { message: 'exported' }), answer('fine'))
      await chat(approver(() => ({ allow: true, remember: 'once' })).options).send({
        conversationId: id,
        text: 'ex'
      })
      const out = tempDir('pa-tools-export-')
      const db = (store as unknown as { db: Parameters<typeof exportLegacyFiles>[0] }).db
      await exportLegacyFiles(db, new SecretStore(dir), out)
      // The consistency checker reads the tool messages as export writes them (as the hybrid mirror holds them).
      const report = await checkConsistency(out, db, new SecretStore(dir), new StoreStats(out))
      const kind = report.kinds.find((k) => k.kind === 'conversations')!
      expect(kind.inconsistent, JSON.stringify(kind)).toEqual([])
      expect(kind.consistent).toBe(kind.sqliteTotal)
      const file = JSON.parse(readFileSync(join(out, 'conversations.json'), 'utf8')) as {
        conversations: { id: string; messages: Record<string, unknown>[] }[]
      }
      const messages = file.conversations.find((c) => c.id === id)!.messages
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant'])
      expect(messages[1]).toMatchObject({
        content: 'Let me check.',
        tool_calls: [
          {
            id: 'x1',
            type: 'function',
            function: { name: 'everything__echo', arguments: '{"message":"exported"}' }
          }
        ]
      })
      expect(messages[2]).toMatchObject({
        content: 'Echo: exported',
        tool_call_id: 'x1',
        name: 'everything__echo',
        x_personal_agent: {
          tool: { server: 'everything', tool: 'echo', arguments: { message: 'exported' }, status: 'done' }
        }
      })
    },
    LONG
  )
})
