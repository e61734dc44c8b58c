// End to end in a real Chromium: a first launch on a conversations.json cut mid-record shows the damaged file's
// message with "Migrate what can be read", previews what is kept and set aside, migrates it on confirm, reports the
// set-aside bytes, lists the conversations before the cut, and profiles work.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONVERSATIONS_FILE } from '../../src/main/legacy/legacy-files'
import { SALVAGE_BUTTON } from '../../src/shared/salvage'
import { tempDir } from '../support/folders'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'

const TITLES = ['Trip to Lisbon', 'Sourdough notes', 'Tax questions', 'Garden plan']

/** A conversations.json cut 5 bytes into its last record; returns the cut and the last record's start. */
function writeCutHistory(dir: string): { cut: number; start: number } {
  const records = TITLES.map((title, i) =>
    JSON.stringify({
      id: `c${i}`,
      title,
      created_at: '2025-01-25T12:00:00Z',
      messages: [{ id: `m${i}`, role: 'user', content: `About ${title}`, created_at: '2025-01-25T12:00:00Z' }]
    })
  )
  const head = '{"conversations":['
  const whole = head + records.join(',') + '],"version":1}'
  const start = Buffer.byteLength(head + records.slice(0, -1).join(',') + ',')
  const cut = start + 5
  writeFileSync(join(dir, CONVERSATIONS_FILE), Buffer.from(whole).subarray(0, cut))
  return { cut, start }
}

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('a damaged legacy file on the migration screen', () => {
  const dir = tempDir('pa-salvage-e2e-')
  const { cut, start } = writeCutHistory(dir)
  let served: Served
  let page: Page

  beforeAll(async () => {
    served = await serve(dir)
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    await page.goto(served.url)
  })
  afterAll(async () => {
    await page?.close()
    await served?.stop()
  })

  it('names the file and the salvage, previews it, migrates on confirm and reports the set-aside bytes', async () => {
    const failure = page.getByRole('alertdialog')
    await failure.waitFor({ timeout: 30_000 })
    const message = await failure.locator('#migration-failure-message').textContent()
    expect(message).toMatch(/conversations\.json is not valid JSON \(line \d+, column \d+/)
    expect(message).toContain(SALVAGE_BUTTON)

    await failure.getByRole('button', { name: SALVAGE_BUTTON }).click()
    const preview = page.getByRole('table', { name: 'Damaged files: kept and set aside' })
    await preview.waitFor({ timeout: 30_000 })
    const row = await preview.getByRole('row').nth(1).textContent()
    expect(row).toContain(CONVERSATIONS_FILE)
    expect(row).toContain(`bytes ${start}-${cut}`)
    expect(await page.getByRole('region', { name: 'What can be read' }).textContent()).toMatch(
      new RegExp(`${TITLES.length - 1} conversations`)
    )
    await screenshot(page, 'salvage-01-preview')

    await page.getByRole('button', { name: 'Migrate these and set the damaged part aside' }).click()
    await page.getByRole('heading', { name: 'Data migration complete' }).waitFor({ timeout: 60_000 })
    const setAside = page.getByRole('table', { name: 'Damaged bytes set aside' })
    expect(await setAside.textContent()).toContain(`bytes ${start}-${cut}`)
    expect(await page.locator('main').textContent()).toMatch(/rollback gives the file back/)
    await screenshot(page, 'salvage-02-report')

    await page.getByRole('button', { name: 'Continue' }).click()
    const list = page.getByRole('list', { name: 'Conversations, newest first' })
    await list.waitFor()
    await expect.poll(() => list.getByRole('listitem').count()).toBe(TITLES.length - 1)
    const listed = await list.textContent()
    for (const title of TITLES.slice(0, -1)) expect(listed).toContain(title)
    expect(listed).not.toContain(TITLES.at(-1))

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Profiles/ })
      .click()
    await page.getByRole('heading', { name: 'Profiles' }).waitFor()
  }, 120_000)
})
