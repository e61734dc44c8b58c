// An MCP server (written with the SDK) whose tools misbehave on request, for the supervisor's fault tests: crash
// mid-call, hang, freeze (no ping answer), huge output, invalid JSON on stdout, a tool error, a slow start, a
// grandchild process, a secret env check, and a tool list that changes. `stdio` (default) or `http PORT_FILE`
// (Streamable HTTP at /mcp and HTTP+SSE at /sse on 127.0.0.1, bearer token from FAULT_TOKEN checked on every
// request).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { z } from 'zod'

const [mode = 'stdio', portFile] = process.argv.slice(2)
const env = process.env

function say(line: string): void {
  process.stderr.write(`fault: ${line}\n`)
}

function text(value: string): { content: { type: 'text'; text: string }[] } {
  return { content: [{ type: 'text', text: value }] }
}

function build(): McpServer {
  const server = new McpServer({ name: 'fault', version: '1.0.0' })
  server.registerTool(
    'echo',
    { description: 'Echoes the message', inputSchema: { message: z.string() } },
    (args) => text(`fault echo: ${args.message}`)
  )
  server.registerTool('crash', { description: 'Exits with code 3 mid-call' }, () => {
    say('crashing now')
    process.exit(3)
  })
  server.registerTool('hang', { description: 'Never answers (until cancelled)' }, (extra) => {
    say('hang started')
    return new Promise<never>(() => extra.signal.addEventListener('abort', () => say('hang cancelled')))
  })
  server.registerTool(
    'freeze',
    { description: 'Blocks its event loop: no answer, not even to a ping' },
    () => {
      say('freezing')
      for (;;) {
        // busy
      }
    }
  )
  server.registerTool(
    'huge',
    { description: 'Answers with N bytes', inputSchema: { bytes: z.number() } },
    (args) => text('x'.repeat(args.bytes))
  )
  server.registerTool('garbage', { description: 'Writes a line that is not JSON on stdout' }, () => {
    process.stdout.write('this is not json\n')
    return text('garbage written')
  })
  server.registerTool('fail', { description: 'A tool error' }, () => ({
    isError: true,
    content: [{ type: 'text', text: 'the fault tool failed on purpose' }]
  }))
  server.registerTool(
    'secret_check',
    { description: 'Whether FAULT_SECRET_TOKEN arrived (its hash only)' },
    () =>
      text(
        env.FAULT_SECRET_TOKEN === undefined
          ? 'absent'
          : `sha256:${createHash('sha256').update(env.FAULT_SECRET_TOKEN).digest('hex')}`
      )
  )
  server.registerTool('add_tool', { description: 'Adds a tool (the tool list changes)' }, () => {
    server.registerTool('added', { description: 'Added at run time' }, () => text('added tool'))
    return text('added')
  })
  return server
}

async function stdio(): Promise<void> {
  if (env.FAULT_SECRET_TOKEN !== undefined)
    say(`my secret is ${env.FAULT_SECRET_TOKEN} (printed to test redaction)`)
  if (env.FAULT_GRANDCHILD_FILE) {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
    writeFileSync(env.FAULT_GRANDCHILD_FILE, JSON.stringify({ server: process.pid, grandchild: child.pid }))
  }
  const slow = Number(env.FAULT_SLOW_START_MS ?? 0)
  if (slow > 0) await new Promise((resolve) => setTimeout(resolve, slow))
  await build().connect(new StdioServerTransport())
  say('ready')
}

function body(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let data = ''
    req.on('data', (chunk: Buffer) => (data += chunk.toString()))
    req.on('end', () => resolve(data === '' ? undefined : JSON.parse(data)))
  })
}

function http(): void {
  const sse = new Map<string, SSEServerTransport>()
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${env.FAULT_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}')
      return
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // The older HTTP+SSE transport: an event stream at /sse, messages posted to /messages.
    if (url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res)
      sse.set(transport.sessionId, transport)
      void build().connect(transport)
      return
    }
    if (url.pathname === '/messages') {
      const transport = sse.get(url.searchParams.get('sessionId') ?? '')
      void (async () => transport?.handlePostMessage(req, res, await body(req)))()
      return
    }
    void (async () => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
      await build().connect(transport)
      await transport.handleRequest(req, res, await body(req))
    })()
  })
  server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    writeFileSync(portFile!, String(typeof address === 'object' && address ? address.port : 0))
  })
}

if (mode === 'http') http()
else void stdio()
