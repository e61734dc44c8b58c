// A 10,000-message conversation in the window, through `personal-agent serve` in a real Chromium: it opens at its
// newest messages, scrolled to the bottom, with only a window of them in the DOM; scrolling up pages older ones in
// without moving what the reader looks at; a message sent while scrolled up goes at the end with its streaming
// reply, once each, and stays after a reload; and while the reply streams, no other message in the DOM changes.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { migrateLegacyChatFolder } from '../support/legacy-chat'
import { openChatWindow, type ChatWindow } from '../support/chat-window'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const MESSAGES = 10_000
const KEY = 'sk-long-conversation-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-long-')

/** Message i: a line or a few, so the rows differ in height. */
const textOf = (i: number): string =>
  `Message ${i}: ${'about the night trains of Europe, '.repeat(1 + (i % 7))}`.trim()

function migratedFolder(): string {
  const dir = tempDir('pa-chat-long-')
  keychains.track(new SecretStore(dir))
  const at = (i: number): string => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()
  const messages = Array.from({ length: MESSAGES }, (_, i) => ({
    id: `m-${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: textOf(i),
    created_at: at(i)
  }))
  migrateLegacyChatFolder(dir, {
    conversations: [
      {
        id: 'c-long',
        title: 'Ten thousand messages',
        profile_id: 'p-long',
        messages,
        created_at: at(0),
        updated_at: at(MESSAGES)
      }
    ],
    profiles: [
      {
        id: 'p-long',
        name: 'Long GPT',
        provider: 'openai',
        model: 'gpt-long',
        api_key: KEY,
        base_url: provider.url,
        is_default: true
      }
    ]
  })
  return dir
}

describe('a 10,000-message conversation in the chat view', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []

  const log = (): Locator => page.getByRole('log', { name: 'Messages' })
  const rendered = (): Locator => log().locator('li.message')
  /** The ids of the messages in the DOM, in order. */
  const renderedIds = (): Promise<string[]> =>
    rendered().evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.messageId ?? ''))
  const distanceFromBottom = (): Promise<number> =>
    log().evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)
  /** The loaded list's height (px): it grows as older pages arrive. */
  const listHeight = (): Promise<number> =>
    log()
      .locator('ol')
      .evaluate((element) => element.getBoundingClientRect().height)

  async function open(): Promise<void> {
    const row = page.getByRole('button', { name: /Ten thousand messages/ })
    const proceed = page.getByRole('button', { name: 'Continue' })
    await row.or(proceed).first().waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await row.click()
    await log()
      .locator(`[data-message-id="m-${MESSAGES - 1}"]`)
      .waitFor()
  }

  beforeAll(async () => {
    opened = await openChatWindow(migratedFolder(), pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  it('opens at the newest messages, scrolled to the bottom, with a bounded DOM', async () => {
    await open()
    await expect.poll(distanceFromBottom).toBeLessThan(4)
    const ids = await renderedIds()
    expect(ids[ids.length - 1]).toBe(`m-${MESSAGES - 1}`)
    expect(ids.length).toBeLessThan(60)
    // Only the newest page is loaded: the first message is not, and older ones are offered.
    expect(ids).not.toContain('m-0')
    await log().getByRole('button', { name: 'Load earlier messages' }).waitFor()
    await screenshot(page, '20-long-conversation-open')
  })

  it('pages older messages in above as the reader scrolls up, keeping what they look at in place', async () => {
    for (let round = 0; round < 3; round++) {
      const height = await listHeight()
      // Near the top of what is loaded: the next older page is asked for.
      // The anchor is read once the windowed list has laid out the rows at the new place (two frames): before
      // that, the rows in the DOM are still the ones around the old place, below the view.
      const anchor = await log().evaluate(async (element) => {
        element.scrollTo({ top: 300 })
        const frame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => done()))
        await frame()
        await frame()
        const view = element.getBoundingClientRect()
        const first = [...element.querySelectorAll<HTMLElement>('li.message')].find((item) => {
          const box = item.getBoundingClientRect()
          return box.bottom > view.top + 1 && box.top < view.bottom
        })
        return {
          id: first?.dataset.messageId ?? '',
          offset: (first?.getBoundingClientRect().top ?? 0) - view.top
        }
      })
      expect(anchor.id).not.toBe('')
      await expect.poll(listHeight, { timeout: 10_000 }).toBeGreaterThan(height)
      // Measuring the new rows must not move it either: read it once they have settled.
      await page.waitForTimeout(200)
      const now = await log().evaluate((element, id) => {
        const item = element.querySelector<HTMLElement>(`[data-message-id="${id}"]`)
        return item ? item.getBoundingClientRect().top - element.getBoundingClientRect().top : null
      }, anchor.id)
      expect(now).not.toBeNull()
      expect(Math.abs((now ?? 0) - anchor.offset)).toBeLessThanOrEqual(2)
      expect(await rendered().count()).toBeLessThan(60)
    }
    // Older messages are in the DOM now, in order, and the newest page is still loaded below them.
    const ids = (await renderedIds()).map((id) => Number(id.slice(2)))
    expect(ids[0]).toBeLessThan(MESSAGES - 300)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('puts a message sent while scrolled up at the end with its reply, once each, and keeps them', async () => {
    const deltas = Array.from({ length: 40 }, (_, i) => `part${i} `)
    provider.script({ kind: 'stream', deltas, gapMs: 15, usage: { input: 5, output: 40 } })
    const before = await renderedIds()
    await page.getByRole('textbox', { name: 'Message' }).fill('Sent from far up')
    await page.getByRole('textbox', { name: 'Message' }).press('Enter')
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    // The reader stays where they were: nothing new appears among the old messages.
    expect((await renderedIds()).slice(0, 5)).toEqual(before.slice(0, 5))
    await log().evaluate((element) => element.scrollTo({ top: element.scrollHeight }))

    // While the reply streams, only its own row changes (rows may enter or leave the window, none is rewritten).
    await log().evaluate((element) => {
      const list = element.querySelector('ol')!
      const changed: string[] = []
      const renamed: string[] = []
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.target === list) continue
          // The sent message and its reply keep the ids they were shown with until the reply ends, then take the
          // stored ones, in place.
          if (record.type === 'attributes' && record.attributeName === 'data-message-id') {
            renamed.push(`${record.oldValue} → ${(record.target as HTMLElement).dataset.messageId}`)
            continue
          }
          // Regenerate, Edit and the version switcher wait while a reply streams: their buttons are enabled again,
          // once, when it ends. Nothing else of another row may change.
          if (record.type === 'attributes' && record.attributeName === 'disabled') continue
          const row = (
            record.target instanceof Element ? record.target : record.target.parentElement
          )?.closest('li.message')
          const id = row instanceof HTMLElement ? (row.dataset.messageId ?? '?') : '?'
          if (!row || !row.classList.contains('message-assistant') || row !== list.lastElementChild)
            changed.push(id)
        }
      }).observe(list, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeOldValue: true
      })
      Object.assign(window, { changedRows: changed, renamedRows: renamed })
    })
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', timeout: 30_000 })
    const changed = await page.evaluate(() => Reflect.get(window, 'changedRows') as string[])
    expect(changed).toEqual([])
    const renamed = await page.evaluate(() => Reflect.get(window, 'renamedRows') as string[])
    expect(renamed).toHaveLength(2)
    for (const rename of renamed) expect(rename).toMatch(/^shown-\d+-(user|reply) → (?!shown-)\S+$/)

    const last = rendered().last()
    await expect.poll(() => last.locator('.message-text').textContent()).toBe(deltas.join('').trim())
    const texts = await rendered().evaluateAll((items) => items.map((item) => item.textContent ?? ''))
    expect(texts.filter((text) => text.includes('Sent from far up'))).toHaveLength(1)
    expect(texts[texts.length - 2]).toContain('Sent from far up')
    expect(await distanceFromBottom()).toBeLessThan(4)

    // Stored: after a reload the conversation ends with them.
    await page.reload()
    await open()
    await log().getByText(deltas.join('').trim()).waitFor()
    const reloaded = await rendered().evaluateAll((items) => items.map((item) => item.textContent ?? ''))
    expect(reloaded[reloaded.length - 2]).toContain('Sent from far up')
    expect(reloaded.filter((text) => text.includes('Sent from far up'))).toHaveLength(1)
    expect(await page.locator('.detail-heading').textContent()).toContain('10,002 messages')
    expect(pageErrors).toEqual([])
  })
})
