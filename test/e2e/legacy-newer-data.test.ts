// End to end in Chromium against `personal-agent serve`: the old app wrote conversations.json again after the CLI's
// migration; the banner names the file and the counts, "Import the old app's newer data" adds the new and the changed
// conversation (in the list), the banner goes away, and Settings → History shows the import.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../support/cli'
import { tempDir } from '../support/folders'
import { launchBrowser, pastTheReport, screenshot, serve, type Served } from '../support/serve'

const AT = '2025-02-01T12:00:00Z'

function conversation(id: string, title: string, text: string): Record<string, unknown> {
  return {
    id,
    title,
    messages: [{ id: `${id}-m1`, role: 'user', content: text, created_at: AT }],
    created_at: AT,
    updated_at: AT
  }
}

let browser: Browser
let served: Served
let page: Page

beforeAll(async () => {
  const dir = tempDir('pa-e2e-legacy-newer-')
  const file = join(dir, 'conversations.json')
  const one = conversation('c1', 'Kept as it was', 'hello')
  writeFileSync(file, JSON.stringify({ conversations: [one, conversation('c2', 'Before', 'plan')] }))
  expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
  // The old app ran again and wrote its file: c1 as it was, c2 renamed, c3 new.
  writeFileSync(
    file,
    JSON.stringify({
      conversations: [
        one,
        conversation('c2', 'Renamed in the old app', 'plan'),
        conversation('c3', 'New in the old app', 'news')
      ]
    })
  )
  browser = await launchBrowser()
  served = await serve(dir)
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(served.url)
  // The report of the migration the CLI ran comes first.
  await pastTheReport(page)
}, 120_000)

afterAll(async () => {
  await page?.close()
  await served?.stop()
  await browser?.close()
})

describe("The old app's newer data", () => {
  it('is announced with the file and the counts', async () => {
    const banner = page.getByRole('status').filter({ hasText: 'The old app wrote newer data' })
    await banner.waitFor({ timeout: 30_000 })
    expect(await banner.getByTestId('legacy-newer-summary').textContent()).toMatch(
      /conversations\.json changed since the migration: 1 new record and 1 changed record/
    )
    await banner.getByRole('button', { name: 'Not now' }).waitFor()
    await screenshot(page, '70-legacy-newer-data-banner')
  })

  it('imports it: the conversations are listed, the banner goes away, Undo is offered', async () => {
    const list = page.getByRole('region', { name: 'Conversation list' })
    expect(await list.getByRole('button', { name: /New in the old app/ }).count()).toBe(0)
    await page.getByRole('button', { name: "Import the old app's newer data" }).click()
    const done = page.getByRole('status').filter({ hasText: "Imported the old app's newer data" })
    await done.waitFor({ timeout: 30_000 })
    expect(await done.textContent()).toMatch(/2 records added/)
    await done.getByRole('button', { name: 'Undo this import' }).waitFor()
    await list.getByRole('button', { name: /New in the old app/ }).waitFor()
    await list.getByRole('button', { name: /Renamed in the old app/ }).waitFor()
    // The current record stays beside the changed one.
    await list.getByRole('button', { name: /Before/ }).waitFor()
    expect(await page.getByText('The old app wrote newer data').count()).toBe(0)
    await screenshot(page, '71-legacy-newer-data-imported')
  })

  it('is in Settings → History as an import of kind legacy', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click()
    const table = page.getByRole('region', { name: 'History' }).getByRole('table', { name: 'History' })
    const row = table.getByRole('row').filter({ hasText: /legacy from conversations\.json/ })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toMatch(/Import/)
    await row.getByRole('button', { name: 'Undo this import' }).waitFor()
    // The status a refresh brings has nothing newer any more: the banner stays away.
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await page.getByRole('region', { name: 'Conversation list' }).waitFor()
    expect(await page.getByText('The old app wrote newer data').count()).toBe(0)
  })
})
