// Tools in the chat view, end to end: `personal-agent serve` on a migrated folder with server-everything, a profile
// on the fake provider, in a real Chromium. The model calls echo: the approval card shows the server, the tool and
// the arguments, the user edits them and allows the call in this conversation, the card shows the result and the
// final answer streams. A denial with a reason shows on the card and reaches the model. The grant is listed in the
// MCP screen and revoked there; the per-server read-only default lets a read-only tool run unasked. Stop while a call runs cancels it on the server and shows on the card.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatView, migratedChatFolder, openChatWindow, type ChatWindow } from '../support/chat-window'
import { useFakeProvider } from '../support/fake-providers'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../support/folders'
import { everythingServer, faultServer } from '../support/mcp-servers'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-chat-tools-view-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-tools-view-')

describe('tools in the conversation view', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { log, lastMessage, openConversation, send } = chatView(() => page)
  let dir = ''
  // The newest card of that tool: while the turn streams it is in the turn's first reply; once the turn ends, each
  // reply and call is a message of its own.
  const card = (title: string): Locator =>
    log()
      .getByRole('region', { name: `Tool call: ${title}` })
      .last()

  beforeAll(async () => {
    dir = migratedChatFolder('pa-chat-tools-view-', keychains.track, provider.url, KEY, [
      everythingServer('everything'),
      faultServer(tempDir('pa-chat-tools-view-pids-'), 'fault')
    ])
    opened = await openChatWindow(dir, pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    await opened?.close()
  })

  it('asks on an inline card with the arguments, runs the edited call, shows its result, then the answer', async () => {
    await openConversation()
    provider.requests.length = 0
    provider.script(
      {
        kind: 'stream',
        deltas: ['Let me echo that.'],
        toolCalls: [{ id: 'call_view_1', name: 'everything__echo', args: { message: 'hello tools' } }]
      },
      { kind: 'stream', deltas: ['The tool ', 'said it back.'] }
    )
    await send('Echo something')
    const echo = card('everything → echo')
    await echo.getByText('Awaiting approval').waitFor({ timeout: 60_000 })
    const args = echo.getByRole('textbox', { name: 'Arguments (JSON)' })
    expect(JSON.parse(await args.inputValue())).toEqual({ message: 'hello tools' })
    await screenshot(page, '40-tool-approval')
    await args.fill('{"message": "edited in the card"}')
    await echo.getByRole('button', { name: 'Allow in this conversation' }).click()
    await echo.getByText('Done', { exact: true }).waitFor()
    await lastMessage().getByText('The tool said it back.', { exact: true }).waitFor()
    await echo.getByText('Arguments and result').click()
    await echo.getByLabel('Result').getByText('Echo: edited in the card').waitFor()
    await screenshot(page, '41-tool-done')
    const sent = provider.requests.at(-1)!.body.messages as { role: string; content: string }[]
    expect(sent.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_view_1',
      content: 'Echo: edited in the card'
    })
    expect(pageErrors).toEqual([])
  })

  it('a denial with a reason shows on the card and reaches the model', async () => {
    provider.requests.length = 0
    provider.script(
      {
        kind: 'stream',
        deltas: ['I will add them.'],
        toolCalls: [{ id: 'call_view_2', name: 'everything__get-sum', args: { a: 1, b: 2 } }]
      },
      { kind: 'stream', deltas: ['Understood, I will not.'] }
    )
    await send('Add one and two')
    const sum = card('everything → get-sum')
    await sum.getByText('Awaiting approval').waitFor({ timeout: 60_000 })
    await sum.getByRole('textbox', { name: /Reason for denying/ }).fill('Do it in your head.')
    await sum.getByRole('button', { name: 'Deny' }).click()
    await sum.getByText('Denied', { exact: true }).waitFor()
    await sum.getByText('Reason: Do it in your head.').waitFor()
    await lastMessage().getByText('Understood, I will not.', { exact: true }).waitFor()
    const sent = provider.requests.at(-1)!.body.messages as { role: string; content: string }[]
    expect(sent.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_view_2',
      content: 'The user denied this tool call. Their reason: Do it in your head.'
    })
  })

  it('the grant runs echo unasked in this conversation, is listed in the MCP screen, and can be revoked there', async () => {
    provider.script(
      {
        kind: 'stream',
        deltas: [],
        toolCalls: [{ id: 'call_view_3', name: 'everything__echo', args: { message: 'again' } }]
      },
      { kind: 'stream', deltas: ['Echoed again.'] }
    )
    await send('Echo again')
    const echo = card('everything → echo')
    await echo.getByText('Done', { exact: true }).waitFor({ timeout: 60_000 })
    await lastMessage().getByText('Echoed again.', { exact: true }).waitFor()

    await page.getByRole('button', { name: 'MCP servers' }).click()
    const grants = page.getByRole('list', { name: 'Tool permissions' })
    await grants.getByText('everything → echo').waitFor()
    await grants.getByText('In “Night trains”').waitFor()
    await screenshot(page, '42-tool-grants')
    await grants.getByRole('button', { name: /^Revoke everything → echo/ }).click()
    await page.getByText('No tool runs without asking.').waitFor()
    expect(pageErrors).toEqual([])
  })

  it('with the server’s read-only default on, its read-only tool runs without a card asking', async () => {
    const readOnly = page.getByRole('switch', {
      name: 'Run the read-only tools of everything without asking'
    })
    await readOnly.click()
    await expect.poll(() => readOnly.getAttribute('aria-checked')).toBe('true')
    await page.getByRole('button', { name: 'Conversations' }).click()
    await openConversation()
    provider.script(
      {
        kind: 'stream',
        deltas: [],
        toolCalls: [{ id: 'call_view_ro', name: 'everything__get-sum', args: { a: 20, b: 22 } }]
      },
      { kind: 'stream', deltas: ['Forty-two.'] }
    )
    await send('Add twenty and twenty-two')
    await log().getByText('Forty-two.', { exact: true }).waitFor({ timeout: 60_000 })
    const sum = card('everything → get-sum')
    await sum.getByText('Done', { exact: true }).waitFor()
    // Back to asking: the switch off again.
    await page.getByRole('button', { name: 'MCP servers' }).click()
    await readOnly.click()
    await expect.poll(() => readOnly.getAttribute('aria-checked')).toBe('false')
  })
  it('Stop while a call runs cancels it: the server gets the cancellation, the card shows Cancelled', async () => {
    await page.getByRole('button', { name: 'Conversations' }).click()
    await openConversation()
    // Read again, the last turn shows each of its messages once (not also inside its first reply).
    await log().getByText('Echoed again.', { exact: true }).waitFor()
    expect(await log().getByText('Echoed again.', { exact: true }).count()).toBe(1)
    expect(await log().getByText('Echo: again', { exact: true }).count()).toBeLessThanOrEqual(1)
    provider.script({
      kind: 'stream',
      deltas: ['Waiting on it.'],
      toolCalls: [{ id: 'call_view_4', name: 'fault__hang', args: {} }]
    })
    await send('Hang, please')
    const hang = card('fault → hang')
    await hang.getByText('Awaiting approval').waitFor({ timeout: 60_000 })
    await hang.getByRole('button', { name: 'Allow once' }).click()
    await hang.getByText('Running…').waitFor()
    await page.getByRole('button', { name: 'Stop' }).click()
    await hang.getByText('Cancelled', { exact: true }).waitFor()
    await hang.getByText('The call of hang on MCP server "fault" was cancelled.').waitFor()
    await page.getByRole('button', { name: 'Send' }).waitFor()
    const serverLog = join(dir, 'logs', 'mcp', 'fault.log')
    await expect
      .poll(
        () => existsSync(serverLog) && readFileSync(serverLog, 'utf8').includes('fault: hang cancelled'),
        {
          timeout: 10_000
        }
      )
      .toBe(true)
    await screenshot(page, '43-tool-cancelled')
    expect(pageErrors).toEqual([])
  })
})
