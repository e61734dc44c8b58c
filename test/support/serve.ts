// Starts the real `personal-agent serve` on a data folder and a real Debian Chromium driven by Playwright, and calls
// serve's HTTP bridge as the window does (the IPC table with the per-launch token).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright'
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
