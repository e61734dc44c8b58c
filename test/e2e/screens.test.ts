// Every screen as a new user sees it, at 800×600 and at 1440×900, in a real Chromium against `personal-agent serve`:
// a first launch migrates a legacy folder (some records set aside, a profile without a key) and shows the report,
// then Conversations, Search, Import, MCP servers, Agents, Profiles and Settings. On each: nothing wider than the
// window, one search landmark at most, buttons in the app's font; the conversation title on one line, cut with an
// ellipsis; the sidebar collapses (button and Ctrl+B, remembered) and starts collapsed in a narrow window.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { tempDir } from '../support/folders'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const keychains = storeFixtures('pa-screens-e2e-')

const LONG_TITLE =
  'Weekly planning: the garden shed, the tax return, the trip to Lisbon in May and everything else on the list'
const SIZES = [
  { width: 800, height: 600 },
  { width: 1440, height: 900 }
] as const
type Size = (typeof SIZES)[number]

const at = (day: number): string => new Date(Date.UTC(2025, 2, day, 9, 30)).toISOString()

function conversation(id: string, title: string, day: number, text: string): Record<string, unknown> {
  return {
    id,
    title,
    created_at: at(day),
    updated_at: at(day),
    messages: [
      { id: `${id}-1`, role: 'user', content: text, created_at: at(day) },
      {
        id: `${id}-2`,
        role: 'assistant',
        content: `About ${title}: here is what I know.`,
        created_at: at(day)
      }
    ]
  }
}

function writeLegacyFolder(dir: string): void {
  const conversations = [
    conversation('conv-sql', 'SQL window functions', 3, 'How do I rank rows per group?'),
    conversation('conv-bread', 'Sourdough starter', 4, 'My starter smells of acetone.'),
    // Set aside: its date cannot be read; the report names it by its title and id.
    { id: 'conv-broken', title: 'Trip planning notes', created_at: 'next Tuesday', messages: [] },
    conversation('conv-long', LONG_TITLE, 9, 'What should I do first this week?')
  ]
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations }))
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({
      profiles: [
        {
          id: 'prof-1',
          name: 'Work GPT',
          provider: 'openai',
          model: 'gpt-4o',
          api_key: 'sk-screens-0123456789'
        },
        { id: 'prof-2', name: 'Local Llama', provider: 'openai', model: 'llama3' }
      ]
    })
  )
  writeFileSync(
    join(dir, 'mcp_config.json'),
    JSON.stringify({ servers: [{ name: 'files', command: 'npx', args: ['-y', 'files-server', '/tmp'] }] })
  )
}

let browser: Browser
let served: Served
let page: Page

beforeAll(async () => {
  const dir = tempDir('pa-screens-e2e-')
  keychains.track(new SecretStore(dir))
  writeLegacyFolder(dir)
  browser = await launchBrowser()
  served = await serve(dir)
  page = await browser.newPage({ viewport: SIZES[0] })
  await page.goto(served.url)
})
afterAll(async () => {
  await browser?.close()
  await served?.stop()
})

interface Layout {
  overflow: number
  searchLandmarks: number
  /** Buttons whose font family is not the body's. */
  otherFonts: string[]
}

function layout(): Promise<Layout> {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body).fontFamily
    return {
      overflow: (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth,
      searchLandmarks: document.querySelectorAll('[role="search"], search').length,
      otherFonts: [...document.querySelectorAll('button')]
        .filter((button) => getComputedStyle(button).fontFamily !== body)
        .map((button) => button.textContent ?? '')
    }
  })
}

async function expectTidy(name: string, size: Size): Promise<void> {
  const found = await layout()
  expect(found.overflow, `${name}: horizontal overflow`).toBeLessThanOrEqual(0)
  expect(found.searchLandmarks, `${name}: search landmarks`).toBeLessThanOrEqual(1)
  expect(found.otherFonts, `${name}: buttons in another font`).toEqual([])
  await screenshot(page, `90-screens-${name}-${size.width}x${size.height}`)
}

const sidebarToggle = () => page.getByRole('button', { name: 'Sidebar' })

/** Resizes the window and waits for the sidebar to settle: collapsed below 1000 px, open above (as last chosen). */
async function resize(size: Size): Promise<void> {
  await page.setViewportSize(size)
  const expanded = size.width < 1000 ? 'false' : 'true'
  await expect.poll(() => sidebarToggle().getAttribute('aria-expanded')).toBe(expanded)
}

async function goTo(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click()
}

describe('the screens at 800×600 and 1440×900', () => {
  it('shows the migration report readably, records set aside named by title and id', async () => {
    await page.getByRole('heading', { name: 'Data migration complete' }).waitFor({ timeout: 60_000 })
    // The report opens at its top, Continue focused without scrolling to it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Continue')
    expect(await page.locator('.migration-screen').evaluate((el) => el.scrollTop)).toBe(0)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      const table = page.getByRole('table', { name: 'Records set aside' })
      expect(await table.textContent()).toContain('Trip planning notes')
      expect(await table.textContent()).toContain('conv-broken')
      await expectTidy('migration-report', size)
    }
    const warnings = (await page.locator('.warning-list').textContent()) ?? ''
    expect(warnings).toContain('"Local Llama" (prof-2)')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
  })

  it('collapses the sidebar: automatically in a narrow window, by its button and by Ctrl+B, remembered', async () => {
    await page.setViewportSize(SIZES[0])
    await expect.poll(() => sidebarToggle().getAttribute('aria-expanded')).toBe('false')
    await page.setViewportSize(SIZES[1])
    await expect.poll(() => sidebarToggle().getAttribute('aria-expanded')).toBe('true')
    await sidebarToggle().click()
    expect(await sidebarToggle().getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('aside').evaluate((aside) => aside.getBoundingClientRect().width)).toBeLessThan(
      80
    )
    await page.reload()
    await expect.poll(() => sidebarToggle().getAttribute('aria-expanded')).toBe('false')
    await page.keyboard.press('Control+b')
    await expect.poll(() => sidebarToggle().getAttribute('aria-expanded')).toBe('true')
  })

  it('keeps the conversation title on one line, cut with an ellipsis, and its date on one line', async () => {
    for (const size of SIZES) {
      await resize(size)
      await goTo('Conversations')
      await page.getByRole('button', { name: new RegExp(`^${LONG_TITLE.slice(0, 20)}`) }).click()
      const title = page.locator('#conversation-title')
      await title.waitFor()
      const style = await title.evaluate((el) => {
        const css = getComputedStyle(el)
        const date = el.parentElement?.querySelector('p')
        return {
          whiteSpace: css.whiteSpace,
          textOverflow: css.textOverflow,
          overflow: css.overflowX,
          lines: el.getBoundingClientRect().height / parseFloat(css.lineHeight),
          cut: el.scrollWidth > el.clientWidth,
          tooltip: el.getAttribute('title'),
          dateLines: date
            ? date.getBoundingClientRect().height / parseFloat(getComputedStyle(date).lineHeight)
            : 0
        }
      })
      expect(style).toMatchObject({ whiteSpace: 'nowrap', textOverflow: 'ellipsis', overflow: 'hidden' })
      expect(style.lines).toBeLessThan(1.5)
      expect(style.dateLines).toBeLessThan(1.5)
      expect(style.tooltip).toBe(LONG_TITLE)
      if (size.width === 800) expect(style.cut).toBe(true)
      await expectTidy('conversations', size)
    }
  })

  it('searches from one search landmark, and finds a misspelt title', async () => {
    for (const size of SIZES) {
      await resize(size)
      // A collapsed sidebar has a Search button in place of its box.
      const toSearch = page.locator('aside').getByRole('button', { name: 'Search', exact: true })
      if ((await toSearch.count()) > 0) await toSearch.click()
      const box = page.getByRole('search').getByRole('searchbox')
      await box.fill('window functons')
      await box.press('Enter')
      await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor()
      const results = page.getByRole('list', { name: 'Search results' })
      await expect.poll(() => results.textContent(), { timeout: 20_000 }).toContain('SQL window functions')
      expect(await page.getByRole('search').count()).toBe(1)
      await expectTidy('search', size)
    }
  })

  for (const [name, nav] of [
    ['import', 'Import'],
    ['mcp', 'MCP servers'],
    ['agents', 'Agents'],
    ['profiles', 'Profiles'],
    ['settings', 'Settings']
  ] as const) {
    it(`lays out ${nav} at both sizes`, async () => {
      for (const size of SIZES) {
        await resize(size)
        await goTo(nav)
        await page.getByRole('heading', { level: 1 }).first().waitFor()
        await expectTidy(name, size)
      }
    })
  }
})
