// Usage and titles in the window, end to end through `personal-agent serve` in a real Chromium, against a fake
// provider on 127.0.0.1: each reply gets a compact line with its model, tokens in (and cached), tokens out and why
// it ended, "~" when estimated and "stopped" when stopped; the line is the same after a reload (it comes from the
// store); Anthropic's cache reads and writes are shown too; a migrated reply has none; and a new conversation takes its title from its first exchange, in the list.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { migrateLegacyChatFolder } from '../support/legacy-chat'
import { openChatWindow, type ChatWindow } from '../support/chat-window'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-reply-usage-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-reply-usage-')

function migratedFolder(): string {
  const dir = tempDir('pa-reply-usage-')
  keychains.track(new SecretStore(dir))
  const at = (seconds: number): string => new Date(Date.UTC(2025, 0, 25, 12, 0, seconds)).toISOString()
  migrateLegacyChatFolder(dir, {
    conversations: [
      {
        id: 'conv-ferries',
        title: 'Ferries',
        profile_id: 'prof-usage',
        messages: [
          { id: 'm1', role: 'user', content: 'Is there a ferry to Tallinn?', created_at: at(0) },
          { id: 'm2', role: 'assistant', content: 'Every two hours.', created_at: at(5) }
        ],
        created_at: at(0),
        updated_at: at(5)
      }
    ],
    profiles: [
      {
        id: 'prof-usage',
        name: 'Usage GPT',
        provider: 'openai',
        model: 'gpt-usage',
        api_key: KEY,
        base_url: provider.url,
        is_default: true
      },
      {
        id: 'prof-claude',
        name: 'Usage Claude',
        provider: 'anthropic',
        model: 'claude-usage',
        api_key: KEY,
        base_url: provider.url
      }
    ]
  })
  return dir
}

describe('reply usage and titles in the conversation view', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []

  const log = (): Locator => page.getByRole('log', { name: 'Messages' })
  const lastMessage = (): Locator => log().getByRole('listitem').last()
  const message = (): Locator => page.getByRole('textbox', { name: 'Message' })
  const list = (): Locator => page.getByRole('list', { name: 'Conversations, newest first' })

  async function openFerries(): Promise<void> {
    const row = list().getByRole('button', { name: /Ferries/ })
    const proceed = page.getByRole('button', { name: 'Continue' })
    await row.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await row.click()
    await log().getByText('Every two hours.').waitFor()
  }

  async function send(text: string): Promise<void> {
    await message().fill(text)
    await message().press('Enter')
    await log().getByText(text, { exact: true }).last().waitFor()
  }

  beforeAll(async () => {
    opened = await openChatWindow(migratedFolder(), pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  it('shows model, tokens in (cached) and out and the finish reason under a reply, and again after a reload', async () => {
    await openFerries()
    // A migrated reply has no usage to show.
    expect(await log().locator('.reply-usage').count()).toBe(0)
    provider.script({
      kind: 'stream',
      deltas: ['The next one ', 'leaves at 14:30.'],
      usage: { input: 1234, output: 56, cached: 1000 }
    })
    await send('When is the next ferry?')
    const line = lastMessage().locator('.reply-usage')
    await line.waitFor()
    const expected = 'gpt-usage · 1,234 in (1,000 cached) · 56 out · stop'
    expect(await line.textContent()).toBe(expected)
    await screenshot(page, '30-reply-usage')

    await page.reload()
    await openFerries()
    const stored = log().getByRole('listitem').filter({ hasText: 'leaves at 14:30.' }).locator('.reply-usage')
    expect(await stored.textContent()).toBe(expected)
  })

  it('shows what Anthropic read from and wrote to its prompt cache', async () => {
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('prof-claude')
    provider.script({
      kind: 'stream',
      deltas: ['Yes, at 9:00.'],
      usage: { input: 30, output: 5, cached: 1200, cacheWrite: 300 }
    })
    await send('Is there a morning one?')
    const line = lastMessage().locator('.reply-usage')
    await line.waitFor()
    expect(await line.textContent()).toBe(
      'claude-usage · 1,530 in (1,200 cached, 300 written to cache) · 5 out · stop'
    )
    await page.getByRole('combobox', { name: 'Profile' }).selectOption('prof-usage')
  })

  it('marks estimated counts with "~" and a stopped reply as stopped', async () => {
    provider.script({ kind: 'stream', deltas: ['Half', ' a story'], hold: true })
    await send('Tell me about the harbour')
    await lastMessage().getByText('Half a story', { exact: true }).waitFor()
    await message().press('Escape')
    const line = lastMessage().locator('.reply-usage')
    await line.waitFor()
    // Estimated from the text: four characters a token.
    const outTokens = Math.ceil('Half a story'.length / 4)
    expect(await line.textContent()).toMatch(
      new RegExp(`^gpt-usage · ~[\\d,]+ in · ~${outTokens} out · stopped$`)
    )
    provider.release()
    await page.getByRole('button', { name: 'Send' }).waitFor()
  })

  it('titles a new conversation from its first exchange, in the list and the heading', async () => {
    await page.getByRole('button', { name: 'New', exact: true }).click()
    const dialog = page.getByRole('dialog')
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('New conversation')
    await dialog.getByRole('button', { name: 'Create' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('heading', { name: 'New conversation' }).waitFor()
    provider.script(
      { kind: 'stream', deltas: ['Take the ', 'night boat.'] },
      { kind: 'stream', deltas: ['Overnight ferry to Stockholm'] }
    )
    await send('How do I get to Stockholm by sea?')
    await lastMessage().getByText('Take the night boat.', { exact: true }).waitFor()
    await list()
      .getByRole('button', { name: /Overnight ferry to Stockholm/ })
      .waitFor()
    await page.getByRole('heading', { name: 'Overnight ferry to Stockholm' }).waitFor()
    // The migrated conversation kept its own title.
    await list()
      .getByRole('button', { name: /Ferries/ })
      .waitFor()
    await screenshot(page, '31-conversation-titled')
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })
})
