// Starts the real `personal-agent serve` on a data folder and a real Debian Chromium driven by Playwright, and calls
// serve's HTTP bridge as the window does (the IPC table with the per-launch token).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright'
import { WebSocket } from 'ws'
import { BIN } from './cli'

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots')

export interface Served {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

export function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(BIN, ['serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...env }
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out} ${err}`)), 30_000)
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        clearTimeout(timer)
        resolve({
          url: line,
          process: child,
          stop: () =>
            new Promise((done) => {
              // Ended already: by itself (an exit code) or by a signal (a test's SIGKILL).
              if (child.exitCode !== null || child.signalCode !== null) return done()
              child.once('exit', () => done())
              child.kill('SIGTERM')
            })
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)))
  })
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync'
    ]
  })
}

/** Waits until the app is ready in the page, past the migration report (its Continue) when one is shown. */
export async function pastTheReport(page: Page): Promise<void> {
  const proceed = page.getByRole('button', { name: 'Continue' })
  const nav = page.getByRole('navigation', { name: 'Main' })
  await proceed.or(nav).first().waitFor({ timeout: 30_000 })
  if (await proceed.isVisible()) await proceed.click()
  await nav.waitFor()
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}

export interface BridgeReply {
  status: number
  body: string
}

/** One HTTP request to serve on 127.0.0.1 at `url`'s port. */
export function bridgeCall(
  url: URL,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<BridgeReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A channel of the IPC table over serve's bridge, as the window calls it; its value, or its error as thrown. */
export async function bridgeInvoke<T>(served: Served, channel: string, req?: unknown): Promise<T> {
  const url = new URL(served.url)
  const reply = await bridgeCall(url, '/api/invoke', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-personal-agent-token': url.searchParams.get('token') ?? ''
    },
    body: JSON.stringify({ channel, req })
  })
  const result = JSON.parse(reply.body) as { ok: true; value: T } | { ok: false; error: { message: string } }
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value
}

/** The page's WebSocket to serve: calls answered by id, and every message received, in order. */
export interface BridgeSocket {
  /** Each message as it arrived (answers and events). */
  received: { id?: number; result?: unknown; event?: string; payload?: unknown }[]
  call<T>(id: number, channel: string, req?: unknown): Promise<T>
  /** The message of `event` that `match` holds of, once it has arrived. */
  event<T>(event: string, match: (payload: T) => boolean): Promise<T>
  /** Sends `text` as it is, and resolves to the close code the server then closes with. */
  closedBy(text: string): Promise<number>
  close(): void
}

/** Opens the page's socket (`/api/socket`) as the window does, with the served URL's token. */
export function bridgeSocket(served: Served): Promise<BridgeSocket> {
  const url = new URL(served.url)
  const token = url.searchParams.get('token') ?? ''
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}/api/socket?token=${encodeURIComponent(token)}`, {
    headers: { origin: `http://127.0.0.1:${url.port}` }
  })
  const received: BridgeSocket['received'] = []
  const waiting = new Set<() => void>()
  ws.on('message', (data: Buffer) => {
    received.push(JSON.parse(data.toString()) as BridgeSocket['received'][number])
    for (const wake of waiting) wake()
  })
  const when = <T>(find: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('nothing arrived on the socket')), 15_000)
      const check = (): void => {
        const found = find()
        if (found === undefined) return
        clearTimeout(timer)
        waiting.delete(check)
        resolve(found)
      }
      waiting.add(check)
      check()
    })
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.once('open', () =>
      resolve({
        received,
        call: (id, channel, req) => {
          ws.send(JSON.stringify({ id, channel, req }))
          return when(() => received.find((m) => m.id === id)?.result) as never
        },
        event: (event, match) =>
          when(() => received.find((m) => m.event === event && match(m.payload as never))?.payload) as never,
        closedBy: (text) =>
          new Promise((closed) => {
            ws.once('close', (code) => closed(code))
            ws.send(text)
          }),
        close: () => ws.close()
      })
    )
  })
}

/** The HTTP status a refused socket upgrade to serve answers with (0 when it was not refused). */
export function socketRefusal(
  served: Served,
  path: string,
  headers: Record<string, string> = {}
): Promise<number> {
  const url = new URL(served.url)
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}${path}`, { headers })
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('open', () => {
      resolve(0)
      ws.close()
    })
    ws.once('error', (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error)
    })
  })
}

/**
 * Records every bridge answer and event the page receives, each as its JSON: an answer's IpcResult (over the socket,
 * or over HTTP for a call made before the socket opened), an event's payload.
 */
export function recordBridgeAnswers(page: Page, into: string[]): void {
  page.on('websocket', (socket) =>
    socket.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as {
        id?: number
        result?: unknown
        payload?: unknown
      }
      into.push(JSON.stringify(message.id === undefined ? message.payload : message.result))
    })
  )
  page.on('response', (response) => {
    if (response.url().includes('/api/invoke'))
      void response.text().then(
        (body) => into.push(body),
        () => undefined
      )
  })
}
