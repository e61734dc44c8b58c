// The context window in the window, end to end: a migrated conversation longer than its profile's window (set in
// the legacy record as context_window), served by `personal-agent serve` and driven in a real Chromium against a
// fake provider. The composer's meter shows the tokens against the window and grows with the draft; "N older
// messages not sent" offers Summarise older messages, which writes a summary through the profile; the next turn
// sends the summary in place of the older messages.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { migrateLegacyChatFolder } from '../support/legacy-chat'
import { openChatWindow, type ChatWindow } from '../support/chat-window'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-context-gauge-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-context-gauge-')

function migratedFolder(): string {
  const dir = tempDir('pa-context-gauge-')
  keychains.track(new SecretStore(dir))
  const at = (seconds: number): string => new Date(Date.UTC(2025, 0, 25, 12, 0, seconds)).toISOString()
  migrateLegacyChatFolder(dir, {
    conversations: [
      {
        id: 'conv-long',
        title: 'Long talk',
        profile_id: 'prof-small',
        messages: Array.from({ length: 24 }, (_, i) => ({
          id: `m${i}`,
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: `Point ${i}: `.padEnd(400, 'z'),
          created_at: at(i)
        })),
        created_at: at(0),
        updated_at: at(23)
      }
    ],
    profiles: [
      {
        id: 'prof-small',
        name: 'Small window',
        provider: 'openai',
        model: 'gpt-small',
        api_key: KEY,
        base_url: provider.url,
        context_window: 1500,
        max_tokens: 200,
        is_default: true
      }
    ]
  })
  return dir
}

describe('the context gauge in the composer', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []

  const meter = (): Locator => page.getByRole('meter', { name: 'Context window' })
  /** The tokens the gauge shows ("1,234 of 1,500 tokens"). */
  const now = async (): Promise<number> =>
    Number(((await meter().getAttribute('aria-valuetext')) ?? '').split(' of ')[0]!.replace(/,/g, ''))

  beforeAll(async () => {
    opened = await openChatWindow(migratedFolder(), pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    await opened?.close()
  })

  it('shows the window, grows with the draft, and summarises the older messages', async () => {
    const row = page
      .getByRole('list', { name: 'Conversations, newest first' })
      .getByRole('button', { name: /Long talk/ })
    const proceed = page.getByRole('button', { name: 'Continue' })
    await row.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await row.click()

    await meter().waitFor()
    expect(await meter().getAttribute('aria-valuemax')).toBe('1500')
    // Over the window: the meter is full and marked so.
    expect(await now()).toBeGreaterThan(1500)
    expect(await meter().getAttribute('aria-valuenow')).toBe('1500')
    expect(await page.locator('.context-gauge').getAttribute('data-level')).toBe('over')
    const notSent = page.getByText(/^\d+ older messages not sent$/)
    await notSent.waitFor()
    const omitted = Number((await notSent.textContent())!.split(' ')[0])
    expect(omitted).toBeGreaterThan(10)
    const before = await now()
    await page.getByRole('textbox', { name: 'Message' }).fill('A new question, '.repeat(40))
    await expect.poll(now).toBeGreaterThan(before)
    await screenshot(page, '30-context-gauge')

    const answer = { kind: 'stream' as const, deltas: ['They went through ', 'the points one by one.'] }
    provider.script(answer, answer, answer, answer, answer, answer)
    provider.requests.length = 0
    await page.getByRole('button', { name: 'Summarise older messages' }).click()
    await page.getByText(/^\d+ older messages sent as a summary$/).waitFor()
    await expect.poll(now).toBeLessThan(1500)
    expect(provider.requests.length).toBeGreaterThan(0)
    await screenshot(page, '31-context-summarised')

    provider.script({ kind: 'stream', deltas: ['Noted.'] })
    await page.getByRole('textbox', { name: 'Message' }).fill('And the last point?')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await page.getByRole('log', { name: 'Messages' }).getByText('Noted.', { exact: true }).waitFor()
    const sent = JSON.stringify(provider.requests.at(-1)!.body.messages)
    expect(sent).toContain('They went through the points one by one.')
    expect(sent).not.toContain('Point 0: ')
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })
})
