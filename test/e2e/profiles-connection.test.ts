// "Test connection" and "Fetch models" on the Profiles screen, end to end: a migrated folder whose profiles (keys in
// the real keychain) point at a fake provider on 127.0.0.1 and at a closed port, served by `personal-agent serve` and
// driven in a real Chromium. A test shows a spinner, then its one line; a refused key offers to enter it again;
// "Fetch models" fills a list to pick the model from, and an endpoint that lists none says to type the name.
import type { Browser, Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { closedPort, useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { migrateLegacyChatFolder } from '../support/legacy-chat'
import { launchBrowser, screenshot, serve, type Served } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-profiles-connection-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-profiles-connection-')

describe('Test connection and Fetch models on the Profiles screen', () => {
  let browser: Browser
  let served: Served
  let page: Page
  const pageErrors: string[] = []

  const card = (name: string): Locator =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) })
  const test = (name: string): Locator => page.getByRole('button', { name: `Test connection of ${name}` })

  beforeAll(async () => {
    const dir = tempDir('pa-profiles-connection-')
    keychains.track(new SecretStore(dir))
    const port = await closedPort()
    const profile = (name: string, baseUrl: string): Record<string, unknown> => ({
      id: name.toLowerCase().replace(/\s+/g, '-'),
      name,
      provider: 'openai',
      model: 'gpt-work',
      api_key: KEY,
      base_url: baseUrl
    })
    migrateLegacyChatFolder(dir, {
      conversations: [],
      profiles: [
        { ...profile('Work GPT', provider.url), is_default: true },
        profile('Down', `http://127.0.0.1:${port}/v1`)
      ]
    })
    served = await serve(dir)
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    await page.goto(served.url)
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Profiles/ })
    const proceed = page.getByRole('button', { name: 'Continue' })
    await nav.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await nav.click()
    await page.getByRole('heading', { name: 'Profiles' }).waitFor()
  })
  afterAll(async () => {
    provider.release()
    await browser?.close()
    await served?.stop()
  })

  it('Test connection: a spinner, then the one line; a failure is an alert, a refused key offers to enter it', async () => {
    provider.script({ kind: 'stream', deltas: ['OK'], hold: true })
    provider.requests.length = 0
    await test('Work GPT').click()
    const status = card('Work GPT').getByRole('status')
    await status.getByText('Testing the connection…').waitFor()
    expect(await test('Work GPT').isDisabled()).toBe(true)
    // The answer is held until the request has arrived.
    await expect.poll(() => provider.requests.length).toBe(1)
    provider.release()
    await status.getByText(/^Connected: OpenAI answered with gpt-work in \d+ ms\.$/).waitFor()
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)
    await screenshot(page, '40-profile-connected')

    await test('Down').click()
    await card('Down')
      .getByRole('alert')
      .getByText(/^Profile "Down": 127\.0\.0\.1:\d+ refused the connection\. Check the base URL/)
      .waitFor()

    provider.script({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key ${KEY}` } } })
    await test('Work GPT').click()
    const refused = card('Work GPT').getByRole('alert')
    await refused.getByText(/^Profile "Work GPT": OpenAI refused the API key \(HTTP 401\)/).waitFor()
    await screenshot(page, '41-profile-key-refused')
    await refused.getByRole('button', { name: 'Enter the key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit profile' })
    await dialog.getByLabel('API key').waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })

  it('Fetch models fills a list from the keyboard; picking one sets the model, which is saved', async () => {
    provider.models({ kind: 'models', ids: ['gpt-zeta', 'gpt-alpha', 'gpt-mid'] })
    provider.requests.length = 0
    await page.getByRole('button', { name: 'Edit Work GPT' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit profile' })
    expect(await card('Work GPT').getByRole('alert').count()).toBe(1)
    const fetchButton = dialog.getByRole('button', { name: 'Fetch models' })
    await fetchButton.focus()
    await page.keyboard.press('Enter')
    await dialog.getByRole('status').getByText('OpenAI lists 3 models.').waitFor()
    // The stored key went with the request, from the keychain in the main process.
    expect(provider.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/v1/models', `Bearer ${KEY}`]
    ])
    const listed = dialog.getByRole('combobox', { name: 'Listed models' })
    expect(await listed.locator('option').allTextContents()).toEqual([
      'Choose one of the listed models…',
      'gpt-alpha',
      'gpt-mid',
      'gpt-zeta'
    ])
    await screenshot(page, '42-profile-models')
    await listed.selectOption('gpt-mid')
    expect(await dialog.getByLabel('Model', { exact: true }).inputValue()).toBe('gpt-mid')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await card('Work GPT').getByText('gpt-mid', { exact: true }).waitFor()
    // The last test's line (the refused key) said how the profile was before it changed: it is gone.
    expect(await card('Work GPT').getByRole('alert').count()).toBe(0)

    // An endpoint that does not list its models says so, in one line.
    provider.models({ kind: 'status', status: 404, body: { error: 'not found' } })
    await page.getByRole('button', { name: 'Edit Work GPT' }).click()
    await dialog.getByRole('button', { name: 'Fetch models' }).click()
    await dialog
      .getByRole('alert')
      .getByText(
        `Profile "Work GPT": this endpoint (${provider.url}) does not list its models; type the model name.`
      )
      .waitFor()
    expect(await dialog.getByRole('combobox', { name: 'Listed models' }).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })
})
