// End to end in a real Chromium against `personal-agent serve` (the same launch sequence, IPC table, database and
// keychain as the desktop app): migration screen, conversations, profiles, restore and migrate again, bad input.
import keytar from 'keytar'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../../scripts/sample-legacy-data'
import { LEGACY_FILES } from '../../src/main/legacy/legacy-files'
import { dataDirNamespace, KEYCHAIN_SERVICE } from '../../src/main/secrets/secret-store'
import { copyOf, sha256, snapshotTree, tempDir } from '../support/folders'
import { launchBrowser, recordBridgeAnswers, screenshot, serve, type Served } from '../support/serve'

let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Every bridge answer the page received, and the keys the legacy files held: none may show up in the other. */
const ipcBodies: string[] = []
let planted: string[] = []

async function open(served: Served): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  recordBridgeAnswers(page, ipcBodies)
  await page.goto(served.url)
  return page
}

describe('the app in a browser', () => {
  const dir = tempDir()
  planted = writeSampleFolder(dir, {
    seed: 51,
    conversations: 1500,
    messagesPerConversation: 10,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  }).secrets
  const original = copyOf(dir)
  let served: Served
  let page: Page

  beforeAll(async () => {
    // Hold the run mid-conversations for a moment, so the page surely sees the migration in progress.
    served = await serve(dir, {
      PERSONAL_AGENT_TEST_HOOKS: '1',
      PERSONAL_AGENT_DELAY_AT: 'mid-conversations:2500'
    })
    page = await open(served)
  })
  afterAll(async () => {
    await page?.close()
    await served?.stop()
  })

  it('shows the migration with live progress, then the report, then the conversations', async () => {
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 30_000 })
      .toMatch(/Data migration/)
    const bar = page.getByRole('progressbar').first()
    await bar.waitFor()
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0)
    const total = /of ([\d,]+) records/.exec((await bar.getAttribute('aria-valuetext')) ?? '')
    expect(Number(total?.[1]?.replaceAll(',', ''))).toBeGreaterThan(1500)
    await screenshot(page, '01-migration-progress')
    await page.getByRole('heading', { name: 'Data migration complete' }).waitFor({ timeout: 60_000 })
    const report = JSON.parse(
      readFileSync(
        join(
          dir,
          'backup_before_migration',
          (await import('node:fs')).readdirSync(join(dir, 'backup_before_migration'))[0]!,
          'report.json'
        ),
        'utf8'
      )
    ) as {
      counts: { conversations: number; messages: number }
    }
    const body = await page.locator('main').textContent()
    expect(body).toContain(report.counts.conversations.toLocaleString('en-US'))
    expect(body).toContain(report.counts.messages.toLocaleString('en-US'))
    await screenshot(page, '02-migration-report')
    await page.getByRole('button', { name: 'Continue' }).click()
    const list = page.getByRole('list', { name: 'Conversations, newest first' })
    await list.waitFor()
    expect(await list.getByRole('listitem').count()).toBeGreaterThan(5)
    await screenshot(page, '03-conversations')
  })

  it('can be driven from the keyboard, with a visible focus ring', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return null
      const style = getComputedStyle(el)
      return {
        tag: el.tagName,
        outline: style.outlineStyle,
        width: style.outlineWidth,
        shadow: style.boxShadow
      }
    })
    expect(focused).not.toBeNull()
    expect(focused!.outline !== 'none' || focused!.shadow !== 'none', JSON.stringify(focused)).toBe(true)
    await screenshot(page, '03b-keyboard-focus')
  })

  it('opens a conversation and shows its messages as text', async () => {
    const list = page.getByRole('list', { name: 'Conversations, newest first' })
    await list.getByRole('listitem').first().getByRole('button').first().click()
    const messages = page.getByLabel('Messages')
    await messages.waitFor()
    await expect.poll(() => messages.locator('li, article').count()).toBeGreaterThan(0)
    // No legacy title or content is ever turned into markup.
    expect(await page.locator('main script').count()).toBe(0)
    await screenshot(page, '04-conversation')
  })

  it('adds a profile with a key: masked in the UI, present in the keychain', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Profiles/ })
      .click()
    await page.getByRole('heading', { name: 'Profiles' }).waitFor()
    await screenshot(page, '05-profiles')
    await page
      .getByRole('button', { name: /Add profile|New profile|Add/ })
      .first()
      .click()
    await page.getByLabel('Name').fill('E2E profile')
    await page.getByLabel('Model').fill('gpt-4o')
    const key = 'sk-e2e-0123456789abcdefXYZW'
    await page.getByLabel('API key').fill(key)
    await screenshot(page, '06-profile-dialog')
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Save|Add profile|Create/ })
      .click()
    await page.getByText('E2E profile').waitFor()
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).not.toContain(key)
    expect(text).toContain('sk-…XYZW')
    expect(await page.content()).not.toContain(key)
    const stored = (await keytar.findCredentials(KEYCHAIN_SERVICE)).filter((c) =>
      c.account.startsWith(`${dataDirNamespace(dir)}/`)
    )
    expect(stored.map((c) => c.password)).toContain(key)
  })

  it('Settings → "Restore pre-migration data" → "Restore" brings the legacy files back, then "Migrate now" migrates again', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Settings/ })
      .click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await screenshot(page, '07-settings')
    await page.getByRole('button', { name: 'Restore pre-migration data' }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    // Discard what was added during this test, so the files are the exact originals.
    const discard = dialog.getByRole('checkbox')
    if ((await discard.count()) > 0) await discard.first().check()
    await screenshot(page, '08-restore-confirm')
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click()
    await page.getByText('Pre-migration data restored').waitFor({ timeout: 60_000 })
    await screenshot(page, '09-restored')
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file)), file).toBe(sha256(join(original, file)))

    await page.getByRole('button', { name: 'Migrate now' }).first().click()
    await page
      .getByRole('heading', { name: /Data migration complete/ })
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined)
    await expect
      .poll(() => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).state, { timeout: 60_000 })
      .toBe('migrated')
    await screenshot(page, '10-migrated-again')
  })

  it('Settings → Storage: hybrid with its warning and a consistent JSON copy, then back to SQLite', async () => {
    const proceed = page.getByRole('button', { name: 'Continue' })
    if ((await proceed.count()) > 0) await proceed.first().click()
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Settings/ })
      .click()
    const storage = page.getByRole('region', { name: 'Storage' })
    await storage.waitFor()
    await storage.getByRole('radio', { name: /Hybrid/ }).click()
    const confirm = page.getByRole('alertdialog', { name: /Switch to Hybrid/ })
    await confirm.getByText(/in plain text/).waitFor()
    await confirm.getByRole('button', { name: 'Switch' }).click()
    await storage.getByText('API keys in plain text', { exact: true }).waitFor({ timeout: 60_000 })
    await page.getByText('Hybrid (SQLite + JSON copy) · v').waitFor()
    expect(readFileSync(join(dir, 'models.json'), 'utf8')).toContain(planted[0])

    await storage.getByRole('button', { name: 'Check consistency' }).click()
    const report = storage.getByTestId('consistency-report')
    await report
      .getByText('The JSON files and the SQLite database hold the same records.')
      .waitFor({ timeout: 60_000 })
    expect(await report.getByRole('row').count()).toBe(4)
    await screenshot(page, '10b-storage-hybrid')

    await storage.getByRole('radio', { name: /SQLite \+ keychain/ }).click()
    await page
      .getByRole('alertdialog', { name: /Switch to SQLite/ })
      .getByRole('button', { name: 'Switch' })
      .click()
    await page.getByText('SQLite + keychain · v').waitFor({ timeout: 60_000 })
    for (const secret of planted)
      expect(readFileSync(join(dir, 'models.json'), 'utf8').includes(secret)).toBe(false)
  })
})

describe('a corrupted conversations.json', () => {
  it('shows a clear error dialog, and nothing on disk is lost or changed', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 52,
      conversations: 20,
      messagesPerConversation: 4,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    writeFileSync(join(dir, 'conversations.json'), '{"conversations": [{"id": "a", "title": "cut off here')
    const before = snapshotTree(dir)
    const served = await serve(dir)
    const page = await open(served)
    try {
      const dialog = page.getByRole('alertdialog', { name: 'The migration could not finish' })
      await dialog.waitFor({ timeout: 30_000 })
      const alert = dialog.getByRole('alert').first()
      expect(await alert.textContent()).toMatch(/conversations\.json is not valid JSON \(line 1, column \d+/)
      expect(await page.getByRole('button', { name: 'Retry' }).count()).toBeGreaterThan(0)
      await screenshot(page, '11-migration-error')
      expect(snapshotTree(dir)).toEqual(before)
    } finally {
      await page.close()
      await served.stop()
    }
  })
})

describe('secrets in the browser run', () => {
  it('no bridge answer of the whole run carried a planted key', () => {
    expect(ipcBodies.length).toBeGreaterThan(10)
    const all = ipcBodies.join('\n')
    expect(all).toContain('sk-…')
    for (const secret of [...planted, 'sk-e2e-0123456789abcdefXYZW'])
      expect(all.includes(secret), secret).toBe(false)
  })
})
