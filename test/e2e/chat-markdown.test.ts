// Markdown in replies, end to end through `personal-agent serve` in a real Chromium: a streamed reply shows its
// list, GFM table and highlighted code block (an unclosed fence mid-stream already renders, with the cursor), Copy
// puts the code on the clipboard, its one safe link opens in a new tab and never replaces the app page, and the
// hostile HTML and URLs in it (an <img onerror>, a <script>, javascript: and file: links) show as text: no element
// made from them, no handler, no script run. The user's own message stays plain text. A tall chunk keeps a
// following reader at the end, and leaves one who scrolled up where they are.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatView, migratedChatFolder, openChatWindow, type ChatWindow } from '../support/chat-window'
import { useFakeProvider } from '../support/fake-providers'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-chat-markdown-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-markdown-')

const CODE = "const leaves: string = '23:10'\nfunction board(seat: number) {\n  return seat + 1\n}"
const LINK = 'https://example.com/timetable?night=1'
const HOSTILE = [
  '<img src=x onerror="window.__pwned = 1">',
  '<script>window.__pwned = 2</script>',
  'Inline <a href="javascript:window.__pwned = 3">click me</a> and <b onmouseover="window.__pwned = 4">bold</b>.'
]
/** The reply, in the two parts the provider sends: the first ends inside the code block's open fence. */
const FIRST = [
  'Here is the plan:',
  '',
  '- pack a bag',
  '- **board** at 23:00',
  '',
  '```ts',
  CODE.split('\n')[0]!
]
const REST = [
  ...CODE.split('\n').slice(1),
  '```',
  '',
  '| City | Leaves |',
  '| --- | --- |',
  '| Paris | 23:10 |',
  '| Berlin | 22:40 |',
  '',
  `See [the timetable](${LINK}), [a trap](javascript:window.__pwned=5), [a file](file:///etc/passwd) and ` +
    '![a pixel](data:image/png;base64,iVBORw0KGgo=).',
  '',
  ...HOSTILE.flatMap((line) => [line, ''])
]

describe('markdown in replies', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { messages, lastMessage, openConversation, send } = chatView(() => page)

  beforeAll(async () => {
    const dir = migratedChatFolder('pa-chat-markdown-', keychains.track, provider.url, KEY)
    opened = await openChatWindow(dir, pageErrors, { permissions: ['clipboard-read', 'clipboard-write'] })
    page = opened.page
    // The link's new tab gets a local page instead of the network.
    await page
      .context()
      .route('https://example.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>Timetable</title>' })
      )
    await openConversation()
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  /** No element, attribute or script came from the reply's HTML. */
  async function expectNothingInjected(reply: Locator): Promise<void> {
    expect(await reply.locator('img, script, b, iframe, [onerror], [onmouseover]').count()).toBe(0)
    expect(
      await page.locator('[onerror], [onmouseover], a[href^="javascript"], a[href^="file"]').count()
    ).toBe(0)
    expect(await page.evaluate(() => Reflect.get(window, '__pwned'))).toBeUndefined()
  }

  it('streams a reply as markdown: list, open code block with the cursor, then table, code and link', async () => {
    provider.script({ kind: 'stream', deltas: [FIRST.join('\n'), '\n' + REST.join('\n')], holdAfter: 1 })
    await send('**Plan** the <b>trip</b>')
    // The user's message is plain text, as typed.
    const mine = messages().filter({ hasText: '**Plan** the <b>trip</b>' })
    expect(await mine.locator('strong, b').count()).toBe(0)

    const reply = lastMessage()
    // Mid-stream: the list is a list, the unclosed fence is already a code block, and the cursor follows.
    await reply.locator('ul > li').nth(1).waitFor()
    expect(await reply.locator('ul > li').allTextContents()).toEqual(['pack a bag', 'board at 23:00'])
    expect(await reply.locator('li strong').textContent()).toBe('board')
    await reply.locator('.code-block pre code').getByText('const', { exact: true }).waitFor()
    await reply.locator('.chat-cursor').waitFor()
    await screenshot(page, '30-chat-markdown-streaming')

    provider.release()
    await reply.locator('.chat-cursor').waitFor({ state: 'detached' })
    await reply.getByRole('table').waitFor()
    // The reader was following the reply, so its end is in view, however tall the last chunk made it.
    const scroller = page.locator('.message-scroll')
    await expect
      .poll(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
      .toBeLessThan(2)
    expect(await reply.locator('th').allTextContents()).toEqual(['City', 'Leaves'])
    expect(await reply.locator('tbody tr').count()).toBe(2)
    expect(await reply.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      'Paris',
      '23:10'
    ])

    const code = reply.locator('.code-block')
    expect(await code.count()).toBe(1)
    expect(await code.locator('.code-block-language').textContent()).toBe('ts')
    expect(await code.locator('pre code').textContent()).toBe(`${CODE}\n`)
    expect(await code.locator('code.hljs.language-ts').count()).toBe(1)
    expect(await code.locator('.hljs-keyword').allTextContents()).toEqual(
      expect.arrayContaining(['const', 'function', 'return'])
    )
    expect(await code.locator('.hljs-string').first().textContent()).toBe("'23:10'")

    // One link: the safe one, opening in a new tab.
    const links = reply.locator('a')
    expect(await links.count()).toBe(1)
    expect(await links.first().getAttribute('href')).toBe(LINK)
    expect(await links.first().getAttribute('target')).toBe('_blank')
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer')
    // The refused ones are their text, with no URL.
    expect(await reply.locator('.md-refused-link').allTextContents()).toEqual(['a trap', 'a file', 'a pixel'])

    // The reply's HTML is shown as the text it is, and nothing of it ran.
    expect(await reply.locator('p.md-html').allTextContents()).toEqual(HOSTILE.slice(0, 2))
    expect(
      await reply
        .locator('p')
        .filter({ hasText: /^Inline / })
        .textContent()
    ).toBe(HOSTILE[2])
    await expectNothingInjected(reply)
    await screenshot(page, '31-chat-markdown-complete')
  })

  it('leaves the reader where they scrolled to, up in the conversation, while a tall reply arrives', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| ${i} | row ${i} |`)
    provider.script({
      kind: 'stream',
      deltas: ['A long table follows.', ['', '', '| n | row |', '| - | - |', ...rows].join('\n')],
      holdAfter: 1
    })
    await send('A long table, please')
    await lastMessage().getByText('A long table follows.').waitFor()
    const scroller = page.locator('.message-scroll')
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }))
    // The view learns that the reader left the end from the scroll event: let it come before the rest of the reply.
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0)
    await scroller.evaluate(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
    )
    provider.release()
    await lastMessage().getByRole('table').waitFor()
    await lastMessage().locator('.chat-cursor').waitFor({ state: 'detached' })
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0)
  })

  it('copies a code block with its Copy button, from the keyboard', async () => {
    const reply = messages().filter({ has: page.locator('.code-block') })
    const copy = reply.getByRole('button', { name: 'Copy ts code' })
    await copy.focus()
    await page.keyboard.press('Enter')
    await reply.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(CODE)
    // The label comes back for the next copy.
    await copy.waitFor()
  })

  it('opens the link in a new tab and leaves the app page where it is', async () => {
    const appUrl = page.url()
    const tab = page.waitForEvent('popup')
    await messages().getByRole('link', { name: 'the timetable' }).click()
    const opened = await tab
    await opened.waitForLoadState()
    expect(opened.url()).toBe(LINK)
    // noopener: the new tab has no handle on the app's window.
    expect(await opened.evaluate(() => window.opener)).toBeNull()
    await opened.close()
    expect(page.url()).toBe(appUrl)
  })

  it('renders the stored reply as markdown after a reload, still with nothing injected', async () => {
    await page.reload()
    await openConversation()
    const reply = messages().filter({ has: page.locator('.code-block') })
    await reply.waitFor()
    expect(await reply.locator('code.hljs .hljs-keyword').count()).toBeGreaterThan(0)
    await expectNothingInjected(reply)
    await page.emulateMedia({ colorScheme: 'dark' })
    await reply.getByRole('table').scrollIntoViewIfNeeded()
    await screenshot(page, '32-chat-markdown-dark')
    expect(pageErrors).toEqual([])
  })
})
