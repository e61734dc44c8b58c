// The MCP screen's runtime, end to end: a migrated folder with server-everything, a server that crashes while
// starting, and the fault server whose secret env value is a `${input:…}` reference, served by `personal-agent serve`
// in a real Chromium. Start shows "Ready with N tools", the tools list with their descriptions and input schemas, a
// health check, Stop and Restart; the crash shows its reason and last stderr lines; the input is asked for in a masked
// field, and the server starts with it (the value never reaches the page again); a call timeout and a bearer header
// set in the add dialog show again (the header masked) when the dialog is reopened.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { cli } from '../support/cli'
import { tempDir } from '../support/folders'
import { crashingServer, everythingServer, faultServer } from '../support/mcp-servers'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const keychains = storeFixtures('pa-mcp-e2e-')
const TYPED = 'typed-in-the-window-5150'
const BEARER = 'Bearer e2e-header-token-24680'

describe('the MCP screen runtime', () => {
  let browser: Browser
  let served: Served
  let page: Page
  const pageErrors: string[] = []

  const card = (name: string): Locator =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) })
  const state = (name: string): Locator => page.getByRole('status', { name: `State of ${name}` })

  beforeAll(async () => {
    const dir = tempDir('pa-mcp-e2e-')
    keychains.track(new SecretStore(dir))
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
    writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: [] }))
    const crasher = crashingServer()
    const guarded = faultServer(dir, 'guarded', { env: { FAULT_SECRET_TOKEN: '${input:fault-token}' } })
    writeFileSync(
      join(dir, 'mcp_config.json'),
      JSON.stringify({ servers: [everythingServer(), crasher, guarded] })
    )
    const run = cli(['migrate', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    served = await serve(dir)
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(served.url)
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /MCP servers/ })
    const proceed = page.getByRole('button', { name: 'Continue' })
    await nav.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await nav.click()
    await page.getByRole('heading', { name: 'MCP servers', exact: true }).waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  it('starts a server, lists its tools with their schemas, checks its health, stops and restarts it', async () => {
    const everything = card('everything')
    await state('everything').getByText('Stopped').waitFor()
    await everything.getByRole('button', { name: 'Start', exact: true }).click()
    await state('everything')
      .getByText(/^Ready with \d+ tools$/)
      .waitFor({ timeout: 30_000 })
    await everything.getByRole('button', { name: 'Show tools' }).click()
    const tools = page.getByRole('list', { name: 'Tools of everything' })
    const echo = tools.getByRole('listitem').filter({ hasText: /^echo/ })
    await echo.getByText('Echoes back the input string').waitFor()
    await echo.getByText('echo', { exact: true }).click()
    const schema = page.getByLabel('Input schema of echo')
    await schema.waitFor()
    expect(JSON.parse((await schema.textContent())!)).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string' } }
    })
    await everything.getByRole('button', { name: 'Check health' }).click()
    await everything.getByText('Answers a ping').waitFor()
    await screenshot(page, '63-mcp-ready-tools')

    await everything.getByRole('button', { name: 'Stop', exact: true }).click()
    await state('everything').getByText('Stopped').waitFor()
    expect(await everything.getByRole('button', { name: 'Restart' }).isDisabled()).toBe(true)
    await everything.getByRole('button', { name: 'Start', exact: true }).click()
    await state('everything')
      .getByText(/^Ready with \d+ tools$/)
      .waitFor({ timeout: 30_000 })
    await everything.getByRole('button', { name: 'Restart' }).click()
    await state('everything')
      .getByText(/^Ready with \d+ tools$/)
      .waitFor({ timeout: 30_000 })
    await everything.getByRole('switch', { name: 'Start everything at launch' }).click()
    await expect
      .poll(() => everything.getByRole('switch', { name: 'Start everything at launch' }).isChecked())
      .toBe(true)
    expect(pageErrors).toEqual([])
  })

  it('shows a crash with its reason and its last stderr lines', async () => {
    await card('crasher').getByRole('button', { name: 'Start', exact: true }).click()
    await state('crasher')
      .getByText(/^Failed: MCP server "crasher"/)
      .waitFor({ timeout: 30_000 })
    const stderr = page.getByLabel('Last stderr lines of crasher')
    await stderr.getByText(/boot: \/etc\/crasher\.conf is missing/).waitFor()
    expect(await stderr.textContent()).toContain('boot: reading config')
    await screenshot(page, '64-mcp-crash')
  })

  it('asks for an ${input:…} value in a masked field, and starts with it', async () => {
    // The card lists the inputs the server will ask for before it is started.
    await card('guarded').getByText('Inputs asked for at start').click()
    await card('guarded').getByRole('list', { name: 'Inputs of guarded' }).getByText('fault-token').waitFor()
    await card('guarded').getByRole('button', { name: 'Start', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Start guarded' })
    const field = dialog.getByLabel(/env FAULT_SECRET_TOKEN/)
    expect(await field.getAttribute('type')).toBe('password')
    await field.fill(TYPED)
    await screenshot(page, '65-mcp-input')
    await dialog.getByRole('button', { name: 'Start', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    await state('guarded')
      .getByText(/^Ready with \d+ tools$/)
      .waitFor({ timeout: 30_000 })
    // Used for this start only: after a stop, Start asks again.
    await card('guarded').getByRole('button', { name: 'Stop', exact: true }).click()
    await state('guarded').getByText('Stopped').waitFor()
    await card('guarded').getByRole('button', { name: 'Start', exact: true }).click()
    await page.getByRole('dialog', { name: 'Start guarded' }).getByRole('button', { name: 'Cancel' }).click()
    expect(await page.content()).not.toContain(TYPED)
    expect(pageErrors).toEqual([])
  })

  it('sets a call timeout and a bearer header in the dialog, and shows them (the header masked) when reopened', async () => {
    await page.getByRole('button', { name: 'Add server' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Add MCP server' })
    await dialog.getByLabel('Name').fill('remote')
    await dialog.getByLabel('Transport').selectOption('http')
    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/mcp')
    expect(await dialog.getByLabel('Call timeout').getAttribute('placeholder')).toBe('120')
    expect(await dialog.getByLabel('Connect timeout').getAttribute('placeholder')).toBe('30')
    await dialog.getByLabel('Call timeout').fill('1.5')
    await dialog.getByRole('button', { name: 'Add header' }).click()
    await dialog.getByLabel('Header 1 name').fill('Authorization')
    expect(await dialog.getByLabel('Header 1 value').getAttribute('type')).toBe('password')
    await dialog.getByLabel('Header 1 value').fill(BEARER)
    await dialog.getByRole('button', { name: 'Add server' }).click()
    await dialog.waitFor({ state: 'detached' })
    const remote = card('remote')
    await remote.getByLabel('Headers').getByText('Bea…4680').waitFor()

    await remote.getByRole('button', { name: 'Edit remote' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit MCP server' })
    expect(await edit.getByLabel('Call timeout').inputValue()).toBe('1.5')
    expect(await edit.getByLabel('List timeout').inputValue()).toBe('')
    expect(await edit.getByLabel('Header 1 name').inputValue()).toBe('Authorization')
    const value = edit.getByLabel('Header 1 value')
    expect(await value.inputValue()).toBe('')
    expect(await value.getAttribute('placeholder')).toBe('Bea…4680 (unchanged)')
    await screenshot(page, '66-mcp-timeouts-headers')
    await edit.getByRole('button', { name: 'Save' }).click()
    await edit.waitFor({ state: 'detached' })
    await remote.getByRole('button', { name: 'Edit remote' }).click()
    expect(
      await page
        .getByRole('dialog', { name: 'Edit MCP server' })
        .getByLabel('Header 1 value')
        .getAttribute('placeholder')
    ).toBe('Bea…4680 (unchanged)')
    await page
      .getByRole('dialog', { name: 'Edit MCP server' })
      .getByRole('button', { name: 'Cancel' })
      .click()
    expect(await page.content()).not.toContain('e2e-header-token')
    expect(pageErrors).toEqual([])
  })
})
