// Starts the real `personal-agent serve` on a data folder and a real Debian Chromium driven by Playwright.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
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
              if (child.exitCode !== null) return done()
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

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false })
}
