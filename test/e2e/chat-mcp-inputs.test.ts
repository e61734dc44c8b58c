// A chat whose scope has a server needing `${input:…}` values, end to end: `personal-agent serve` on a migrated folder
// with the fault server "guarded" (its secret env value is `${input:fault-token}`) and a server that crashes while
// starting, in a real Chromium. The first reply offers no guarded tools and says the server needs values (naming it,
// not the crasher); "Enter values…" asks in the MCP screen's dialog, masked, and starts the server; Regenerate then
// offers its tools to the model.
import type { Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatView, migratedChatFolder, openChatWindow, type ChatWindow } from '../support/chat-window'
import { useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { crashingServer, faultServer } from '../support/mcp-servers'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-chat-mcp-inputs-0123456789abcdef'
const TYPED = 'typed-in-the-chat-8080'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-inputs-')

/** The names of the tools a request offered. */
function offered(index: number): string[] {
  const tools = (provider.requests[index]?.body.tools ?? []) as { function: { name: string } }[]
  return tools.map((tool) => tool.function.name)
}

describe('a chat whose server needs ${input:…} values', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { lastMessage, openConversation, send } = chatView(() => page)

  beforeAll(async () => {
    const dir = migratedChatFolder('pa-chat-inputs-', keychains.track, provider.url, KEY, [
      faultServer(tempDir('pa-chat-inputs-pids-'), 'guarded', {
        env: { FAULT_SECRET_TOKEN: '${input:fault-token}' }
      }),
      crashingServer()
    ])
    opened = await openChatWindow(dir, pageErrors)
    page = opened.page
  })
  afterAll(async () => {
    await opened?.close()
  })

  it('says so under the reply, asks for the values in a masked field, and the regenerated reply offers its tools', async () => {
    await openConversation()
    provider.requests.length = 0
    provider.script({ kind: 'stream', deltas: ['No tools for me.'] })
    await send('Use the guarded server')
    await lastMessage().getByText('No tools for me.', { exact: true }).waitFor({ timeout: 60_000 })
    expect(offered(0).filter((name) => name.startsWith('guarded__'))).toEqual([])

    const notice = page.getByRole('status').filter({ hasText: 'needs values before it can start' })
    await notice.getByText('MCP server "guarded" needs values before it can start:').waitFor()
    // Only the server that needs values: the crasher failed for another reason.
    expect(await notice.count()).toBe(1)
    await screenshot(page, '44-chat-inputs-notice')
    await notice.getByRole('button', { name: 'Enter values…' }).click()

    const dialog = page.getByRole('dialog', { name: 'Start guarded' })
    const field = dialog.getByLabel(/env FAULT_SECRET_TOKEN/)
    expect(await field.getAttribute('type')).toBe('password')
    await field.fill(TYPED)
    await dialog.getByRole('button', { name: 'Start', exact: true }).click()
    await dialog.waitFor({ state: 'detached', timeout: 30_000 })
    await notice.waitFor({ state: 'detached' })

    provider.script({ kind: 'stream', deltas: ['Now I have tools.'] })
    await lastMessage().getByRole('button', { name: 'Regenerate' }).click()
    await lastMessage().getByText('Now I have tools.', { exact: true }).waitFor({ timeout: 60_000 })
    expect(offered(1)).toContain('guarded__echo')
    expect(offered(1).every((name) => name.startsWith('guarded__'))).toBe(true)
    expect(await page.getByText('needs values before it can start').count()).toBe(0)
    expect(await page.content()).not.toContain(TYPED)
    expect(pageErrors).toEqual([])
  })
})
