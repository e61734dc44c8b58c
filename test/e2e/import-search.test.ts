// End to end in Chromium against `personal-agent serve`: the Import screen (a notes folder, a ChatGPT export and
// other apps' MCP servers, each previewed, imported with progress, listed in Settings → History, and undone), and the
// search box, whose results lead to the note, and to the message inside its conversation.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, recordBridgeAnswers, screenshot, serve, type Served } from '../support/serve'
import { tempDir } from '../support/folders'

const FIXTURES = resolve(__dirname, '..', 'fixtures')
const CURSOR_TOKEN = 'ghp_e2eCursorToken5550001'

let browser: Browser
let served: Served
let page: Page
const bodies: string[] = []
const notes = join(tempDir('pa-e2e-notes-'), 'notes')
const home = tempDir('pa-e2e-home-')

beforeAll(async () => {
  cpSync(join(FIXTURES, 'notes'), notes, { recursive: true })
  mkdirSync(join(home, '.cursor'), { recursive: true })
  writeFileSync(
    join(home, '.cursor', 'mcp.json'),
    JSON.stringify({
      mcpServers: {
        github: { command: 'docker', args: ['run', 'github-mcp'], env: { GITHUB_TOKEN: CURSOR_TOKEN } }
      }
    })
  )
  mkdirSync(join(home, '.codeium', 'windsurf'), { recursive: true })
  writeFileSync(
    join(home, '.codeium', 'windsurf', 'mcp_config.json'),
    JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['gh'] } } })
  )
  browser = await launchBrowser()
  served = await serve(join(tempDir('pa-e2e-data-'), 'data'), { HOME: home })
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  recordBridgeAnswers(page, bodies)
  await page.goto(served.url)
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 30_000 })
})

afterAll(async () => {
  await page?.close()
  await served?.stop()
  await browser?.close()
})

async function goTo(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click()
}

async function importFrom(source: RegExp, path: string | null): Promise<void> {
  await goTo('Import')
  await page.getByRole('radio', { name: source }).check()
  if (path !== null)
    await page
      .getByRole('textbox', { name: /Folder|Exported file|conversations\.json|Config file/ })
      .fill(path)
  await page.getByRole('button', { name: /^(Preview|Find servers)$/ }).click()
  await page.getByTestId('import-preview').waitFor()
}

async function search(query: string): Promise<void> {
  // One search landmark on every screen: the sidebar's box, or the Search screen's own.
  const box = page.getByRole('search').getByRole('searchbox')
  await box.fill(query)
  await box.press('Enter')
  await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor()
}

describe('the Import screen and search', () => {
  it('previews a notes folder with its problems, imports it with a result, and lists the run', async () => {
    await importFrom(/A folder of notes/, notes)
    const preview = page.getByTestId('import-preview')
    await expect.poll(() => preview.textContent()).toMatch(/14 notes in 13 files/)
    expect(await preview.textContent()).toMatch(/6 problems found/)
    expect(await preview.textContent()).toContain('recipes/broken.json: invalid JSON at line 1, column 49')
    await screenshot(page, '20-import-preview')
    await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click()
    const result = page.getByTestId('import-result')
    await result.waitFor({ timeout: 30_000 })
    expect(await result.textContent()).toMatch(/created 14, quarantined 6/)
    await screenshot(page, '21-import-result')
    // The run is in Settings → History.
    await goTo('Settings')
    const history = page.getByRole('table', { name: 'History' })
    await expect.poll(() => history.textContent()).toContain(`folder from ${notes}`)
  })

  it('finds a note by a misspelt word and opens it; marks the words it matched', async () => {
    // Embedding runs in the background after the import: search by meaning finds the note once it is done.
    await expect
      .poll(
        async () => {
          await search('migrtion')
          return page
            .getByRole('list', { name: 'Search results' })
            .textContent({ timeout: 2000 })
            .catch(() => '')
        },
        { timeout: 30_000 }
      )
      .toContain('Note “Migration checklist”')
    expect(await page.getByRole('list', { name: 'Search results' }).textContent()).toContain(
      'Found by meaning'
    )
    await page.getByRole('button', { name: /Note “Migration checklist”/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Migration checklist' })
    await expect.poll(() => dialog.getByTestId('knowledge-content').textContent()).toContain('"back up"')
    await screenshot(page, '22-search-note')
    await dialog.getByRole('button', { name: 'Close' }).click()

    await search('nata')
    const marked = page.getByRole('list', { name: 'Search results' }).locator('mark')
    await expect.poll(() => marked.first().textContent()).toBe('nata')
  })

  it('imports a ChatGPT export, and a search result opens the conversation at its message', async () => {
    await importFrom(/ChatGPT or Claude chats/, join(FIXTURES, 'other-apps', 'chatgpt-conversations.json'))
    expect(await page.getByTestId('import-preview').textContent()).toMatch(
      /ChatGPT export: 4 conversations from 2023-10-01/
    )
    await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-result').textContent()).toMatch(
      /ChatGPT export: created 4, quarantined 2; 9 messages/
    )

    await search('tea ceremony')
    await page.getByRole('button', { name: /assistant in “Kyoto autumn trip”/ }).click()
    await page.getByRole('heading', { name: 'Kyoto autumn trip' }).waitFor()
    const focused = page.getByLabel('Messages').locator('li[aria-current="true"]')
    await expect.poll(() => focused.textContent()).toContain('tea ceremony in Gion')
    await screenshot(page, '23-search-message')
  })

  it('finds other apps’ MCP servers, shows the conflict, imports under another name, and never shows a secret', async () => {
    await importFrom(/another app: MCP servers/, null)
    const table = page.getByRole('table', { name: 'MCP servers found' })
    expect(await table.textContent()).toMatch(/Also found in Windsurf/)
    expect(await table.textContent()).toContain('GITHUB_TOKEN')
    await page.getByRole('combobox', { name: 'What to do with github from Cursor' }).selectOption('rename')
    await screenshot(page, '24-import-mcp-preview')
    await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByTestId('import-result').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('import-result').textContent()).toContain(
      'github (Cursor) (from Cursor): created'
    )
    await goTo('MCP servers')
    await page.getByRole('heading', { name: 'github (Cursor)' }).waitFor()
    for (const body of bodies) expect(body).not.toContain(CURSOR_TOKEN)
  })

  it('shows the progress of a long import as it goes', async () => {
    const big = join(tempDir('pa-e2e-big-'), 'journal')
    for (let month = 0; month < 40; month++) {
      const dir = join(big, `month-${month}`)
      mkdirSync(dir, { recursive: true })
      for (let day = 0; day < 100; day++)
        writeFileSync(
          join(dir, `day-${day}.md`),
          `---\ntitle: Day ${day} of month ${month}\ntags: [journal]\n---\nWrote ${'words '.repeat(200)}\n`
        )
    }
    await importFrom(/A folder of notes/, big)
    await page.getByRole('main').getByRole('button', { name: 'Import', exact: true }).click()
    const bar = page.getByRole('progressbar', { name: 'Import progress' })
    await expect
      .poll(async () =>
        Number((await bar.getAttribute('aria-valuenow', { timeout: 5000 }).catch(() => null)) ?? 0)
      )
      .toBeGreaterThan(0)
    expect(await bar.getAttribute('aria-valuemax')).toBe('4000')
    await screenshot(page, '25-import-progress')
    await page.getByTestId('import-result').waitFor({ timeout: 120_000 })
    expect(await page.getByTestId('import-result').textContent()).toMatch(/created 4000/)
  })

  it('undoes the notes import from Settings → History', async () => {
    await goTo('Settings')
    const history = page.getByRole('table', { name: 'History' })
    const row = history.getByRole('row').filter({ hasText: `folder from ${notes}:` })
    await row.getByRole('button', { name: 'Undo this import' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Undo import' }).click()
    await expect.poll(() => row.getByRole('button', { name: 'Undo this import' }).count()).toBe(0)
    expect(await history.textContent()).toContain('Undo of an import')
    await search('nata')
    await page.getByText('Nothing found').waitFor()
  })

  it('Settings shows how search by meaning is prepared, and offers the built-in embedder', async () => {
    await goTo('Settings')
    const section = page.getByRole('region', { name: 'Search by meaning' })
    await expect.poll(() => section.getByTestId('embedding-status').textContent()).toMatch(/offline-ngram-v1/)
    expect(await section.getByRole('radio', { name: /Built in/ }).isChecked()).toBe(true)
    // No profile here has a base URL: the endpoint choice says what it needs.
    expect(await section.textContent()).toContain('Add a profile with a base URL')
    await section.scrollIntoViewIfNeeded()
    await screenshot(page, '26-settings-search')
  })
})
