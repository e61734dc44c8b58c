// `npm run demo`'s model endpoint: an OpenAI-compatible streaming server on 127.0.0.1 (the fake provider the chat
// tests use), standing in for a local Ollama. Writes its base URL to FILE, then serves until it is killed. Offered
// tools, it calls the echo tool once, then answers with what the tool gave back.
import { writeFileSync } from 'node:fs'
import { startFakeProvider, type Answer } from '../test/support/fake-provider-server'

const [urlFile] = process.argv.slice(2)
if (!urlFile) {
  process.stderr.write('usage: demo-model-server.ts URL_FILE\n')
  process.exit(2)
}

const ACROSS = ['Your ', 'history ', 'and ', 'your ', 'keys ', 'made ', 'it ', 'across', '.']

interface WireMessage {
  role?: string
  content?: unknown
}

/** The answer to a request that offers tools: a call of the echo tool, then, once its result is back, a reply. */
function withTools(body: Record<string, unknown>): Answer | null {
  const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: string } }[]) : []
  const echo = tools.map((t) => t.function?.name ?? '').find((name) => name.endsWith('__echo'))
  if (!echo) return null
  const messages = (Array.isArray(body.messages) ? body.messages : []) as WireMessage[]
  const last = messages[messages.length - 1]
  if (last?.role === 'tool') {
    const result = typeof last.content === 'string' ? last.content : JSON.stringify(last.content)
    return { kind: 'stream', deltas: ['The echo tool answered: ', result], usage: { input: 60, output: 12 } }
  }
  return {
    kind: 'stream',
    deltas: ['Let me check with the echo tool. '],
    toolCalls: [{ id: 'call_demo_1', name: echo, args: { message: 'Your MCP servers made it across too.' } }],
    usage: { input: 50, output: 20 }
  }
}

void startFakeProvider().then((server) => {
  server.respond(
    (body) =>
      withTools(body) ?? { kind: 'stream', deltas: ACROSS, usage: { input: 42, output: 9 }, gapMs: 40 }
  )
  writeFileSync(urlFile, server.url)
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
})
