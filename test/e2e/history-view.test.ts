// End to end in Chromium against `personal-agent serve`: Settings → History lists what the CLI and the app did (a
// migration with its keychain writes, an import), says the chain is intact, draws its charts, undoes the import
// from its row, and never carries a key's value over the bridge.
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../support/cli'
import { tempDir } from '../support/folders'
import {
  launchBrowser,
  pastTheReport,
  recordBridgeAnswers,
  screenshot,
  serve,
  type Served
} from '../support/serve'

const API_KEY = 'sk-history-view-7c1e9a2b44'
const EXPORT = join(__dirname, '..', 'fixtures', 'other-apps', 'chatgpt-conversations.json')

let browser: Browser
let served: Served
let page: Page
const bodies: string[] = []

beforeAll(async () => {
  const dir = tempDir('pa-e2e-history-')
  const at = '2025-01-25T12:00:00Z'
  writeFileSync(
    join(dir, 'conversations.json'),
    JSON.stringify({
      conversations: [
        {
          id: 'c1',
          title: 'One',
          messages: [{ id: 'm1', role: 'user', content: 'hi', created_at: at }],
          created_at: at,
          updated_at: at
        }
      ]
    })
  )
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [{ id: 'p1', name: 'GPT', provider: 'openai', model: 'gpt-4', api_key: API_KEY }]
    })
  )
  expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
  const file = join(tempDir(), 'conversations.json')
  copyFileSync(EXPORT, file)
  expect(cli(['import', '--format', 'chatgpt', file, '--data-dir', dir]).code).toBe(0)
  browser = await launchBrowser()
  served = await serve(dir)
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  recordBridgeAnswers(page, bodies)
  await page.goto(served.url)
  // The report of the migration the CLI ran comes first.
  await pastTheReport(page)
}, 120_000)

afterAll(async () => {
  await page?.close()
  await served?.stop()
  await browser?.close()
})

describe('Settings → History', () => {
  it('lists the events, says the chain is intact, and draws the charts', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
    const section = page.getByRole('region', { name: 'History' })
    await expect
      .poll(() => section.getByTestId('history-chain').textContent())
      .toMatch(/History verified: 5 events, chain intact/)
    const table = section.getByRole('table', { name: 'History' })
    // The profile's key and the two backups' data keys stored, the migration and the import (and a header row).
    expect(await table.getByRole('row').count()).toBe(6)
    expect(await table.textContent()).toContain('Key stored in the keychain')
    expect(await table.textContent()).toContain('profile/p1/api_key')
    for (const title of [
      'Records migrated and imported, by type',
      'Errors and quarantined records, by kind',
      'Durations'
    ])
      await section.getByRole('figure', { name: title }).waitFor()
    const records = section.getByRole('figure', { name: 'Records migrated and imported, by type' })
    await expect.poll(() => records.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(1)
    expect(await records.textContent()).toMatch(/conversation/)
    const problems = section.getByRole('figure', { name: 'Errors and quarantined records, by kind' })
    expect(await problems.textContent()).toMatch(/chatgpt/)
    await section.scrollIntoViewIfNeeded()
    await screenshot(page, '60-settings-history')
  })

  it('undoes the import from its row, and records the undo', async () => {
    const section = page.getByRole('region', { name: 'History' })
    const table = section.getByRole('table', { name: 'History' })
    const importRow = table.getByRole('row').filter({ hasText: /chatgpt from/ })
    await importRow.getByRole('button', { name: 'Undo this import' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Undo import' }).click()
    await expect.poll(() => table.getByRole('row').count()).toBe(7)
    expect(await table.getByRole('row').nth(1).textContent()).toMatch(/Undo of an import.*OK/)
    expect(await importRow.getByRole('button', { name: 'Undo this import' }).count()).toBe(0)
    expect(await section.getByTestId('history-chain').textContent()).toMatch(/6 events, chain intact/)
  })

  it('the Import screen no longer lists past imports; no key value crossed the bridge', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Import' }).click()
    await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor()
    expect(await page.getByRole('table', { name: 'Past imports' }).count()).toBe(0)
    expect(bodies.some((body) => body.includes('"chain"'))).toBe(true)
    for (const body of bodies) expect(body).not.toContain(API_KEY)
  })
})
