// A 100k-conversation library in the browser: the list pages in as you scroll while the DOM stays small, and MCP
// secrets stay masked.
import { join } from 'node:path'
import type { Browser } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/store/sqlite/database'
import { cli } from '../support/cli'
import { tempDir } from '../support/folders'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'

const CONVERSATIONS = 100_000

describe('a large library in the browser', () => {
  const dir = tempDir()
  let browser: Browser
  let served: Served

  beforeAll(async () => {
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const insert = db.prepare(
      "INSERT INTO conversations (uid, position, title, created_at, sort_ms, message_count, origin) VALUES (?, ?, ?, ?, ?, 0, 'app')"
    )
    db.transaction(() => {
      for (let i = 0; i < CONVERSATIONS; i++)
        insert.run(
          `c-${i}`,
          i,
          `Conversation number ${i}`,
          JSON.stringify(new Date(1.7e12 + i * 60_000).toISOString()),
          1.7e12 + i * 60_000
        )
    })()
    db.close()
    served = await serve(dir)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('shows the newest first and keeps loading pages on scroll with a bounded DOM', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    await page.goto(served.url)
    const list = page.getByRole('list', { name: 'Conversations, newest first' })
    await list.waitFor({ timeout: 30_000 })
    await expect
      .poll(() => list.getByRole('listitem').first().textContent())
      .toContain(`Conversation number ${CONVERSATIONS - 1}`)
    // Rows loaded so far: the list's full height over one row's height (only a window of rows is rendered).
    const loaded = (): Promise<number> =>
      list.evaluate((ul) =>
        Math.round(
          ul.getBoundingClientRect().height / (ul.querySelector('li')?.getBoundingClientRect().height ?? 1)
        )
      )
    let last = await loaded()
    for (let round = 0; round < 5; round++) {
      await page.locator('.list-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight))
      await expect.poll(loaded, { timeout: 10_000 }).toBeGreaterThan(last)
      last = await loaded()
    }
    expect(last).toBeGreaterThan(400)
    // Only the visible window is in the DOM, however much is loaded.
    expect(await list.getByRole('listitem').count()).toBeLessThan(80)
    await screenshot(page, '12-large-library-scrolled')
    await page.close()
  })

  it('shows MCP servers with secret env values masked', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    await page.goto(served.url)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /MCP servers/ })
      .click()
    await page.getByRole('button', { name: 'Add server' }).first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Name').fill('GitHub')
    await dialog.getByLabel('Command').fill('npx')
    const rows: [string, string][] = [
      ['GITHUB_TOKEN', 'ghp_e2esecretvalue1234567890'],
      ['LOG_LEVEL', 'debug']
    ]
    for (const [index, [name, value]] of rows.entries()) {
      if ((await dialog.getByLabel(`Variable ${index + 1} name`).count()) === 0)
        await dialog.getByRole('button', { name: 'Add variable' }).click()
      await dialog.getByLabel(`Variable ${index + 1} name`).fill(name)
      await dialog.getByLabel(`Variable ${index + 1} value`).fill(value)
    }
    await dialog.getByRole('button', { name: 'Add server' }).click()
    await page.getByText('GitHub').first().waitFor()
    const html = await page.content()
    expect(html).not.toContain('ghp_e2esecretvalue1234567890')
    expect(html).toContain('LOG_LEVEL')
    await screenshot(page, '13-mcp-servers')
    await page.close()
  })
})
