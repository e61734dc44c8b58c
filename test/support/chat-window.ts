// The window's chat view under test: a migrated folder with one conversation ("Night trains") and one profile
// whose key sits in the real keychain, pointed at the fake provider; `personal-agent serve` on it in a real
// Chromium; and the parts of the view a test drives (the message log, the Message box, opening the conversation,
// sending a message).
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { tempDir } from './folders'
import { migrateLegacyChatFolder } from './legacy-chat'
import { launchBrowser, serve, type Served } from './serve'

/** The conversation and the first reply the view opens on. */
export const CHAT_TITLE = 'Night trains'
const CHAT_FIRST_REPLY = 'Yes, on Fridays.'

/** A legacy folder with the conversation and its profile "View GPT" (key `key`, base URL `baseUrl`), migrated. */
export function migratedChatFolder(
  prefix: string,
  track: (secrets: SecretStore) => SecretStore,
  baseUrl: string,
  key: string,
  servers: Record<string, unknown>[] = []
): string {
  const dir = tempDir(prefix)
  track(new SecretStore(dir))
  const at = (seconds: number): string => new Date(Date.UTC(2025, 0, 25, 12, 0, seconds)).toISOString()
  migrateLegacyChatFolder(dir, {
    conversations: [
      {
        id: 'conv-trains',
        title: CHAT_TITLE,
        profile_id: 'prof-view',
        messages: [
          { id: 'm1', role: 'user', content: 'Is there a night train?', created_at: at(0) },
          { id: 'm2', role: 'assistant', content: CHAT_FIRST_REPLY, created_at: at(5) }
        ],
        created_at: at(0),
        updated_at: at(5)
      }
    ],
    profiles: [
      {
        id: 'prof-view',
        name: 'View GPT',
        provider: 'openai',
        model: 'gpt-view',
        api_key: key,
        base_url: baseUrl,
        is_default: true
      }
    ],
    servers
  })
  return dir
}

export interface ChatWindow {
  browser: Browser
  served: Served
  page: Page
  close(): Promise<void>
}

/** `serve` on the folder and a page on it; the page's uncaught errors are pushed to `pageErrors`. */
export async function openChatWindow(
  dir: string,
  pageErrors: string[],
  options: BrowserContextOptions = {}
): Promise<ChatWindow> {
  const served = await serve(dir)
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, ...options })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(served.url)
  return {
    browser,
    served,
    page,
    close: async () => {
      await browser.close()
      await served.stop()
    }
  }
}

/** The chat view's parts on the page `page()` returns (a function, so they can be made before the page is). */
export function chatView(page: () => Page) {
  const log = (): Locator => page().getByRole('log', { name: 'Messages' })
  // The log's own items: a reply's markdown lists have list items too.
  const messages = (): Locator => log().locator('.message-list > li')
  const lastMessage = (): Locator => messages().last()
  const message = (): Locator => page().getByRole('textbox', { name: 'Message' })

  async function openConversation(): Promise<void> {
    const row = page()
      .getByRole('list', { name: 'Conversations, newest first' })
      .getByRole('button', { name: new RegExp(CHAT_TITLE) })
    // The migration's report comes first in a fresh window.
    const proceed = page().getByRole('button', { name: 'Continue' })
    await row.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await row.click()
    // The conversation opens at its newest messages, scrolled to its end (the first reply of a long conversation is
    // out of the window, above): wait for both.
    await messages().first().waitFor()
    const scroller = page().locator('.message-scroll')
    const fromEnd = (): Promise<number> =>
      scroller.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)
    for (let tries = 0; tries < 200 && (await fromEnd()) >= 4; tries++) await page().waitForTimeout(50)
  }

  async function send(text: string): Promise<void> {
    await message().fill(text)
    await message().press('Enter')
    await log().getByText(text, { exact: true }).last().waitFor()
  }

  return { log, messages, lastMessage, message, openConversation, send }
}
