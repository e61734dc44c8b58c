// The floor of `npm run bench:chat`'s first token: the least a window that talks to a model through a process of its
// own can add here. A page with one button and one paragraph; a click sends one WebSocket message to a Node process of
// its own, which calls the AI SDK's `streamText` (as the bare client does) and sends the first text part back; the page
// puts it in the paragraph. No store, no keychain, no React: only the hops the app's design cannot do without.
import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright'
import { WebSocketServer } from 'ws'

export interface FloorRelay {
  page: Page
  /** Clicks the page's button and resolves to the ms from the click to the first text in the page. */
  firstToken(): Promise<number>
  close(): Promise<void>
}

/** What the relay asks of the provider: the bare client's model, key and prompt. */
export interface FloorRequest {
  baseURL: string
  apiKey: string
  model: string
  prompt: string
}

/** The variable the relay process reads its request from. */
const REQUEST_ENV = 'PERSONAL_AGENT_FLOOR_RELAY'

const PAGE = `<!doctype html><meta charset="utf-8"><title>Floor</title>
<button id="send">Send</button><p id="out"></p>
<script>
  const out = document.getElementById('out')
  const socket = new WebSocket('ws://' + location.host + '/socket')
  socket.onopen = () => (window.__open = true)
  let waiting = false
  socket.onmessage = (message) => {
    if (!waiting) return
    waiting = false
    out.textContent = message.data
  }
  document.getElementById('send').addEventListener('click', () => {
    waiting = true
    socket.send('go')
  })
</script>`

/** How long a click waits for the first text before the relay counts as failed. */
const FIRST_TOKEN_TIMEOUT_MS = 30_000

/**
 * Clicks Send in the page and resolves to the ms until the paragraph shows text (a MutationObserver sees it), or to
 * null when none came in time.
 */
const FIRST_TOKEN = `new Promise((resolve) => {
  const out = document.getElementById('out')
  out.textContent = ''
  let sentAt = 0
  const timer = setTimeout(() => {
    observer.disconnect()
    resolve(null)
  }, ${FIRST_TOKEN_TIMEOUT_MS})
  const observer = new MutationObserver(() => {
    if (out.textContent === '') return
    observer.disconnect()
    clearTimeout(timer)
    resolve(performance.now() - sentAt)
  })
  observer.observe(out, { childList: true, characterData: true, subtree: true })
  sentAt = performance.now()
  document.getElementById('send').click()
})`

/** Starts the relay in a process of its own and opens its page in `browser`. */
export async function startFloorRelay(browser: Browser, request: FloorRequest): Promise<FloorRelay> {
  // The request (its key too) goes in the child's environment, never on its command line.
  const child = fork(__filename, ['--relay'], {
    env: { ...process.env, [REQUEST_ENV]: JSON.stringify(request) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the floor relay exited (${code})`)))
    child.once('message', (message: { url: string }) => resolve(message.url))
  })
  const page = await browser.newPage()
  await page.goto(url)
  await page.waitForFunction('window.__open === true')
  return {
    page,
    firstToken: async () => {
      const ms = (await page.evaluate(FIRST_TOKEN)) as number | null
      if (ms === null) throw new Error(`the floor relay showed no token within ${FIRST_TOKEN_TIMEOUT_MS} ms`)
      return ms
    },
    close: async () => {
      await page.close()
      child.kill()
    }
  }
}

/** The relay process: the page at `/`, the socket at `/socket`, one `streamText` call per message. */
function relay(request: FloorRequest): void {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(PAGE)
  })
  const sockets = new WebSocketServer({ server, path: '/socket' })
  sockets.on('connection', (socket) => {
    socket.on('message', () => {
      void (async () => {
        const model = createOpenAI({ apiKey: request.apiKey, baseURL: request.baseURL }).chat(request.model)
        const result = streamText({ model, prompt: request.prompt, maxRetries: 0 })
        let sent = false
        for await (const part of result.stream) {
          if (part.type !== 'text-delta' || sent) continue
          sent = true
          socket.send(part.text)
        }
      })()
    })
  })
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })
  })
  process.once('disconnect', () => process.exit(0))
}

if (process.argv[2] === '--relay') relay(JSON.parse(process.env[REQUEST_ENV] ?? '{}') as FloorRequest)
