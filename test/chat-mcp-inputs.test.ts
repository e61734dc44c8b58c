// A chat turn whose scope has servers that cannot start: those refused for their missing `${input:…}` values (an env
// value and a header) are named on the turn, in the scope's order, and not those that failed for other reasons (a
// crash while starting, no command); the turn goes on without their tools, again on the next turn (no backoff), and
// once the server is started with its values (as the window's "Enter values…" does) the next turn offers its tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { ChatService } from '../src/main/services/chat/chat-service'
import { McpRuntimeService } from '../src/main/services/mcp-runtime-service'
import { StartInputs } from '../src/main/services/mcp/server-inputs'
import { McpSupervisor } from '../src/main/services/mcp/server-supervisor'
import { openBackend } from '../src/main/store/open-backend'
import type { Store } from '../src/main/store/store'
import { useFakeProvider } from './support/fake-providers'
import { crashingServer, faultServer, migratedMcpFolder } from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const keychains = storeFixtures('pa-chat-inputs-')
const provider = useFakeProvider()
const LONG = 120_000

const dir = migratedMcpFolder(
  (d) => [
    crashingServer('crasher'),
    faultServer(d, 'guarded', { env: { FAULT_SECRET_TOKEN: '${input:fault-token}' } }),
    { id: 'empty', name: 'empty', command: '', transport: 'stdio' },
    {
      id: 'remote',
      name: 'remote',
      url: 'http://127.0.0.1:9/mcp',
      transport: 'http',
      headers: { Authorization: 'Bearer ${input:remote-token}' }
    }
  ],
  keychains.track
)
let store: Store
let supervisor: McpSupervisor
let runtime: McpRuntimeService
let chat: ChatService
let conversationId = ''

beforeAll(async () => {
  store = await openBackend({ dataDir: dir, backend: 'sqlite', secrets: new SecretStore(dir) })
  const startInputs = new StartInputs()
  supervisor = await McpSupervisor.start(dir, {
    list: () => store.mcp.list(),
    connection: async (id) => startInputs.fill(await store.mcp.connection(id))
  })
  runtime = new McpRuntimeService(supervisor, () => store, startInputs)
  chat = new ChatService(store.conversations, store.profiles, { mcp: supervisor, retryBaseMs: 10 })
  const profileId = (
    await store.profiles.create({
      name: 'OpenAI',
      provider: 'openai',
      model: 'gpt-test',
      baseUrl: provider.url,
      apiKey: 'sk-inputs-0123456789'
    })
  ).id
  conversationId = store.conversations.create({ title: 'Inputs', profileId }).id
}, LONG)
afterAll(async () => {
  await supervisor.close()
  await store.close()
})

const offered = (index: number): string[] =>
  ((provider.requests[index]?.body.tools ?? []) as { function: { name: string } }[]).map(
    (tool) => tool.function.name
  )

describe('servers that need ${input:…} values in a chat turn', () => {
  it(
    'are named on the turn (not the ones that failed otherwise), until one is started with its values',
    async () => {
      const id = async (name: string): Promise<string> => (await supervisor.resolve(name)).id
      const needing = [
        { serverId: await id('guarded'), serverName: 'guarded' },
        { serverId: await id('remote'), serverName: 'remote' }
      ]
      provider.requests.length = 0
      provider.script({ kind: 'stream', deltas: ['first'] }, { kind: 'stream', deltas: ['second'] })
      const first = await chat.send({ conversationId, text: 'hello' })
      expect(first.reply.text).toBe('first')
      expect(first.inputsNeeded).toEqual(needing)
      expect(offered(0)).toEqual([])
      // The crasher and the server with no command failed, for other reasons.
      const states = await supervisor.states()
      expect(states.find((s) => s.name === 'crasher')?.status).toBe('failed')
      expect(states.find((s) => s.name === 'empty')?.status).toBe('failed')
      // Asked again at once: a refusal for want of values is no crash to wait after.
      const second = await chat.send({ conversationId, text: 'again' })
      expect(second.inputsNeeded).toEqual(needing)

      // Started with its value (the window's "Enter values…"), the server's tools are offered next turn.
      const started = await runtime.start(needing[0]!.serverId, { 'fault-token': 'typed-0123' })
      expect(started.status).toBe('ready')
      provider.script({ kind: 'stream', deltas: ['third'] })
      const third = await chat.send({ conversationId, text: 'with tools' })
      expect(third.inputsNeeded).toEqual([needing[1]])
      expect(offered(2)).toContain('guarded__echo')
      expect(offered(2).every((name) => name.startsWith('guarded__'))).toBe(true)
    },
    LONG
  )
})
