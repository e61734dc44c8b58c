// The first launch of a slow migration in a real Chromium through `personal-agent serve`: before the engine's own
// progress, the screen says it is preparing and lists the old app's files with their sizes, never a bare spinner.
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../../scripts/sample-legacy-data'
import { tempDir } from '../support/folders'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'

let browser: Browser
let served: Served
let page: Page

beforeAll(async () => {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed: 7,
    conversations: 40,
    messagesPerConversation: 4,
    nasty: false,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  // Hold the run before the engine reads anything, so the page surely sees the preparing screen.
  served = await serve(dir, {
    PERSONAL_AGENT_TEST_HOOKS: '1',
    PERSONAL_AGENT_DELAY_AT: 'migration-start:4000'
  })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1024, height: 768 } })
  await page.goto(served.url)
}, 60_000)

afterAll(async () => {
  await page?.close()
  await browser?.close()
  await served?.stop()
})

describe('a first-launch migration that takes a while', () => {
  it('shows Preparing… with the files and their sizes at once, then the real progress and the report', async () => {
    await page.getByRole('heading', { name: 'Preparing…' }).waitFor({ timeout: 20_000 })
    const files = page.getByRole('list', { name: 'Files to migrate' })
    await files.waitFor()
    const text = (await files.textContent()) ?? ''
    for (const name of ['conversations.json', 'models.json', 'mcp_config.json']) expect(text).toContain(name)
    expect(text).toMatch(/\d+(\.\d+)? (KB|bytes|B)/)
    // Nothing is measured yet: the bar is indeterminate rather than stuck at zero.
    expect(await page.getByRole('progressbar').first().getAttribute('aria-valuemax')).toBe('0')
    expect(await page.getByText('Starting Personal Agent…').count()).toBe(0)
    await screenshot(page, '95-migration-preparing')
    await page.getByRole('heading', { name: 'Data migration complete' }).waitFor({ timeout: 60_000 })
  })
})
