// An agent's conversation calls a tool, end to end: `personal-agent serve` on a migrated folder with a profile on
// the fake provider and two MCP servers (server-everything twice), in a real Chromium. An agent with one of them is
// added in the Agents screen and a conversation started with it; the model calls echo (the request carrying the
// agent's prompt and only its server's tools), the inline card shows the server, the tool and the arguments, "Allow
// once" runs it, the card shows the result and the answer streams; read again, each shows once.
import type { Locator, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentsScreen } from '../support/agents-screen'
import { chatView, migratedChatFolder, openChatWindow, type ChatWindow } from '../support/chat-window'
import { useFakeProvider } from '../support/fake-providers'
import { everythingServer } from '../support/mcp-servers'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-agent-tools-e2e-0123456789abcdef'
const AGENT = 'Echo keeper'
const PROMPT = 'Repeat what the user says through the echo tool.'
const ANSWER = 'The tool said it back.'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-agent-tools-e2e-')

describe('a tool call in an agent’s conversation', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { log, lastMessage, send } = chatView(() => page)
  const agents = agentsScreen(() => page)
  const echoCard = (): Locator => log().getByRole('region', { name: 'Tool call: everything → echo' })
  const agentLabel = (): Locator => page.locator('.detail-header').getByLabel('Agent')

  beforeAll(async () => {
    const dir = migratedChatFolder('pa-agent-tools-e2e-', keychains.track, provider.url, KEY, [
      everythingServer('everything'),
      everythingServer('spare')
    ])
    opened = await openChatWindow(dir, pageErrors)
    page = opened.page
    await agents.open()
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  it('the model calls the agent’s echo, the user allows it once, the result and the answer show', async () => {
    await agents.save(
      await agents.fillNewAgent({
        name: AGENT,
        systemPrompt: PROMPT,
        profile: 'View GPT · gpt-view',
        servers: ['everything']
      })
    )
    await agents.card(AGENT).getByText(PROMPT).waitFor()
    await page.getByRole('button', { name: `Start a conversation with ${AGENT}`, exact: true }).click()
    await agentLabel().getByText(AGENT).waitFor()

    provider.requests.length = 0
    provider.script(
      {
        kind: 'stream',
        deltas: ['Let me echo that.'],
        toolCalls: [
          { id: 'call_agent_1', name: 'everything__echo', args: { message: 'ahoy from the agent' } }
        ]
      },
      { kind: 'stream', deltas: ['The tool ', 'said it back.'] }
    )
    await send('Say ahoy through the tool')
    const echo = echoCard()
    await echo.getByText('Awaiting approval').waitFor({ timeout: 60_000 })
    // The card names the server and the tool, and holds the model's arguments.
    await echo.getByText('everything → echo', { exact: true }).waitFor()
    const args = echo.getByRole('textbox', { name: 'Arguments (JSON)' })
    expect(JSON.parse(await args.inputValue())).toEqual({ message: 'ahoy from the agent' })

    // The request carried the agent's prompt and offered its server's tools, not the other server's.
    const first = provider.requests[0]!.body
    expect((first.messages as { role: string; content: string }[])[0]).toEqual({
      role: 'system',
      content: PROMPT
    })
    const offered = (first.tools as { function: { name: string } }[]).map((tool) => tool.function.name)
    expect(offered).toContain('everything__echo')
    expect(offered.filter((name) => !name.startsWith('everything__'))).toEqual([])
    await screenshot(page, '63-agent-tool-approval')

    await echo.getByRole('button', { name: 'Allow once' }).click()
    await echo.getByText('Done', { exact: true }).waitFor()
    await lastMessage().getByText(ANSWER, { exact: true }).waitFor()
    await echo.getByText('Arguments and result').click()
    await echo.getByLabel('Result').getByText('Echo: ahoy from the agent').waitFor()
    await screenshot(page, '64-agent-tool-done')
    // The next request carries the result (the conversation's title is asked for in a request of its own).
    const next = provider.requests.map((seen) => seen.body.messages as { role: string }[])
    expect(next.find((messages) => messages.at(-1)!.role === 'tool')?.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_agent_1',
      content: 'Echo: ahoy from the agent'
    })
    expect(pageErrors).toEqual([])
  })

  it('read again after a reload, the conversation shows the agent, the tool card and the answer once each', async () => {
    await page.reload()
    const row = page
      .getByRole('list', { name: 'Conversations, newest first' })
      .getByRole('button', { name: new RegExp(`· ${AGENT}`) })
    await row.waitFor({ timeout: 30_000 })
    await row.click()
    await log().getByText(ANSWER, { exact: true }).waitFor()
    await echoCard().getByText('Done', { exact: true }).waitFor()
    expect(await agentLabel().count()).toBe(1)
    await agentLabel().getByText(AGENT).waitFor()
    expect(await echoCard().count()).toBe(1)
    expect(await log().getByText(ANSWER, { exact: true }).count()).toBe(1)
    await echoCard().getByText('Arguments and result').click()
    await echoCard().getByLabel('Result').getByText('Echo: ahoy from the agent').waitFor()
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })
})
