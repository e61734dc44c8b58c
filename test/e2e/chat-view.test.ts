// Chat in the window, end to end: a migrated folder whose profile (key in the real keychain) points at a fake
// provider on 127.0.0.1, served by `personal-agent serve` and driven in a real Chromium. A message sent with Enter
// shows at once, its reply streams in with a cursor and is stored (it is there after a reload); Esc stops a reply
// and keeps its partial text marked "Stopped"; a refused key shows its one-line error with Retry, which sends the
// same text again once the provider is fixed. Regenerate and Edit make new versions of a message, and the ‹ › switcher
// moves between them, bringing back the path beneath as it was last seen. A send shows at the click, before any
// answer, and takes the stored ids in place; a refused one puts its text back in the composer.
import type { Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatView, migratedChatFolder, openChatWindow, type ChatWindow } from '../support/chat-window'
import { useFakeProvider } from '../support/fake-providers'
import { bridgeInvoke, screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-chat-view-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-view-')

describe('chat in the conversation view', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { log, lastMessage, message, messages, openConversation, send } = chatView(() => page)

  beforeAll(async () => {
    const dir = migratedChatFolder('pa-chat-view-', keychains.track, provider.url, KEY)
    opened = await openChatWindow(dir, pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  it('sends with Enter, streams the reply with a cursor, and keeps it after a reload', async () => {
    await openConversation()
    // The conversation's own profile is chosen.
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile' }).inputValue()).toBe('prof-view')
    provider.script({ kind: 'stream', deltas: ['The night train', ' leaves at 23:10.'], holdAfter: 1 })
    await message().fill('When does it leave?')
    // Shift+Enter is a new line, not a send.
    await message().press('Shift+Enter')
    await message().pressSequentially('Tonight?')
    expect(await message().inputValue()).toBe('When does it leave?\nTonight?')
    await message().press('Enter')
    await log().getByText('When does it leave?\nTonight?').waitFor()
    const reply = lastMessage()
    await reply.getByText('The night train', { exact: true }).waitFor()
    await reply.locator('.chat-cursor').waitFor()
    expect(await reply.textContent()).toContain('gpt-view')
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true)
    expect(await message().inputValue()).toBe('')
    await screenshot(page, '20-chat-streaming')
    provider.release()
    await reply.getByText('The night train leaves at 23:10.', { exact: true }).waitFor()
    await reply.locator('.chat-cursor').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Send' }).waitFor()
    await page.getByRole('heading', { name: 'Night trains' }).waitFor()
    expect(await page.locator('.detail-heading').textContent()).toContain('4 messages')
    await screenshot(page, '21-chat-complete')

    await page.reload()
    await openConversation()
    await log().getByText('When does it leave?\nTonight?').waitFor()
    await log().getByText('The night train leaves at 23:10.', { exact: true }).waitFor()
  })

  it('stops a streaming reply on Esc, keeping the partial text marked Stopped', async () => {
    provider.script({ kind: 'stream', deltas: ['Part', 'ial'], hold: true })
    await send('Tell me everything')
    const reply = lastMessage()
    await reply.getByText('Partial', { exact: true }).waitFor()
    await message().press('Escape')
    await reply.getByText('Stopped', { exact: true }).waitFor()
    expect(await reply.locator('.message-text').textContent()).toBe('Partial')
    await reply.locator('.chat-cursor').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Send' }).waitFor()
    await screenshot(page, '22-chat-stopped')
    provider.release()
  })

  it('regenerates a reply and edits a message as new versions, switching between them with ‹ ›', async () => {
    provider.script({ kind: 'stream', deltas: ['Everything, ', 'in short.'] })
    await lastMessage().getByRole('button', { name: 'Regenerate' }).click()
    await lastMessage().getByText('Everything, in short.', { exact: true }).waitFor()
    // The model is asked without the reply it replaces.
    const history = JSON.stringify(provider.requests.at(-1)!.body.messages)
    expect(history).toContain('Tell me everything')
    expect(history).not.toContain('Partial')
    await lastMessage().getByLabel('Version 2 of 2').waitFor()
    await lastMessage().getByRole('button', { name: 'Previous version' }).click()
    await lastMessage().getByText('Partial', { exact: true }).waitFor()
    await lastMessage().getByLabel('Version 1 of 2').waitFor()
    // By keyboard too.
    await lastMessage().getByRole('button', { name: 'Next version' }).focus()
    await page.keyboard.press('Enter')
    await lastMessage().getByText('Everything, in short.', { exact: true }).waitFor()

    const asked = log().getByRole('listitem').filter({ hasText: 'Tell me everything' })
    const editor = page.getByRole('textbox', { name: 'Edited message' })
    await asked.getByRole('button', { name: 'Edit' }).click()
    expect(await editor.inputValue()).toBe('Tell me everything')
    await editor.press('Escape')
    await editor.waitFor({ state: 'detached' })
    await asked.getByRole('button', { name: 'Edit' }).click()
    await editor.fill('Tell me briefly')
    provider.script({ kind: 'stream', deltas: ['Briefly: ', 'yes.'] })
    await page.getByRole('button', { name: 'Save & send' }).click()
    await lastMessage().getByText('Briefly: yes.', { exact: true }).waitFor()
    const edited = log().getByRole('listitem').filter({ hasText: 'Tell me briefly' })
    await edited.getByLabel('Version 2 of 2').waitFor()
    expect(await log().getByText('Tell me everything', { exact: true }).count()).toBe(0)
    await screenshot(page, '24-chat-branches')
    // The first version comes back with the reply last seen under it (the regenerated one).
    await edited.getByRole('button', { name: 'Previous version' }).click()
    await lastMessage().getByText('Everything, in short.', { exact: true }).waitFor()
    await asked.getByLabel('Version 1 of 2').waitFor()
    // Stored: a reload shows the same path.
    await page.reload()
    await openConversation()
    await lastMessage().getByText('Everything, in short.', { exact: true }).waitFor()
    expect(await log().getByText('Tell me briefly', { exact: true }).count()).toBe(0)

    // Copy puts the message's text on the clipboard.
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: opened.served.url })
    await lastMessage().getByRole('button', { name: 'Copy' }).click()
    await lastMessage().getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Everything, in short.')
  })

  it('shows a refused key as one line with Retry, and Retry sends the same text again', async () => {
    provider.script({
      kind: 'status',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } }
    })
    await send('Are you there?')
    const alert = lastMessage().getByRole('alert')
    await alert.waitFor()
    const line = (await alert.locator('.alert-text').textContent()) ?? ''
    expect(line).toMatch(/Profile "View GPT"/)
    expect(line).not.toMatch(/\n/)
    expect(line).not.toContain(KEY)
    await screenshot(page, '23-chat-error')

    provider.script({ kind: 'stream', deltas: ['Yes, ', 'here.'] })
    const asked = provider.requests.length
    await alert.getByRole('button', { name: 'Retry' }).click()
    await lastMessage().getByText('Yes, here.', { exact: true }).waitFor()
    expect(provider.requests.length).toBe(asked + 1)
    expect(JSON.stringify(provider.requests.at(-1)!.body.messages)).toContain('Are you there?')
    expect(await log().getByText('Are you there?', { exact: true }).count()).toBe(2)
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })

  it('keeps the ids a send was shown with while its reply streams; the conversation read again follows the reply', async () => {
    const lastIds = (): Promise<(string | undefined)[]> =>
      messages().evaluateAll((items) => items.slice(-2).map((li) => li.dataset.messageId))
    provider.script({ kind: 'stream', deltas: ['Held ', 'then done.'], holdAfter: 1 })
    await send('Hold the reply')
    const reply = lastMessage()
    await reply.getByText('Held', { exact: true }).waitFor()
    // The answer has come (the reply names its model), and the rows keep the ids they were shown with: the list is
    // not rendered again for it while the first words are on their way.
    await expect.poll(async () => (await reply.textContent()) ?? '').toContain('gpt-view')
    expect((await lastIds()).every((id) => id?.startsWith('shown-'))).toBe(true)
    // Read again from the store while it streams: the stored ids, and the reply still live (cursor, Stop, no actions).
    await openConversation()
    const again = lastMessage()
    await again.getByText('Held', { exact: true }).waitFor()
    const storedIds = await lastIds()
    expect(storedIds.some((id) => id === undefined || id.startsWith('shown-'))).toBe(false)
    expect(await again.locator('.chat-cursor').count()).toBe(1)
    expect(await again.getByRole('group', { name: 'Message actions' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    provider.release()
    await again.getByText('Held then done.', { exact: true }).waitFor()
    await again.locator('.chat-cursor').waitFor({ state: 'detached' })
    await again.getByRole('group', { name: 'Message actions' }).waitFor()
    expect(await lastIds()).toEqual(storedIds)
    expect(pageErrors).toEqual([])
  })

  it('shows a sent message and its reply at the click, before any answer; a refused send puts the text back', async () => {
    provider.script({ kind: 'stream', deltas: ['Shown ', 'at once.'] })
    await message().fill('Show me at once')
    // The click, then what the window shows once React has rendered it (a microtask later): no answer can have
    // arrived by then, since an answer takes a task of its own.
    const atClick = (await page.evaluate(`(async () => {
      document.querySelector('form.composer button[type=submit]').click()
      await Promise.resolve()
      const [user, reply] = [...document.querySelectorAll('.message-scroll .message-list > li')].slice(-2)
      // Marks the rows as shown at the click, to tell later whether they are still the same elements.
      user.shownAtClick = true
      reply.shownAtClick = true
      return {
        user: user.textContent,
        reply: reply.querySelector('.chat-cursor') !== null,
        ids: [user.dataset.messageId, reply.dataset.messageId],
        composer: document.querySelector('form.composer textarea').value
      }
    })()`)) as { user: string; reply: boolean; ids: string[]; composer: string }
    // Shown under the window's own ids until the main process names them.
    expect(atClick).toMatchObject({ reply: true, composer: '' })
    expect(atClick.ids.every((id) => id.startsWith('shown-'))).toBe(true)
    expect(atClick.user).toContain('Show me at once')
    await lastMessage().getByText('Shown at once.', { exact: true }).waitFor()
    await lastMessage().locator('.chat-cursor').waitFor({ state: 'detached' })
    // Both now carry the ids the store gave them, as a reload shows them, and are the rows shown at the click (not
    // made again: the reply keeps what it rendered).
    const ids = await messages().evaluateAll((items) => items.slice(-2).map((li) => li.dataset.messageId))
    expect(ids.every((id) => id !== undefined && !id.startsWith('shown-'))).toBe(true)
    expect(
      await messages().evaluateAll((items) =>
        items.slice(-2).map((li) => (li as HTMLElement & { shownAtClick?: boolean }).shownAtClick === true)
      )
    ).toEqual([true, true])
    await page.reload()
    await openConversation()
    expect(
      await messages().evaluateAll((items) => items.slice(-2).map((li) => li.dataset.messageId))
    ).toEqual(ids)

    // The conversation's profile deleted meanwhile: the send is refused, and the text goes back to the composer.
    await bridgeInvoke(opened.served, 'profiles:delete', { id: 'prof-view' })
    await message().fill('Nobody to ask')
    await message().press('Enter')
    const refused = page.locator('form.composer').getByRole('alert')
    await refused.waitFor()
    expect(await refused.textContent()).toContain('Profile prof-view was not found')
    expect(await message().inputValue()).toBe('Nobody to ask')
    expect(await log().getByText('Nobody to ask').count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})
