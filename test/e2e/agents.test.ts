// The Agents screen, end to end: a migrated folder with a profile on the fake provider and server-everything as its
// MCP server, served by `personal-agent serve` in a real Chromium. An agent is added (name, system prompt, profile, the
// server limited to one of its listed tools), duplicated and the copy deleted; "Start a conversation" opens a new
// conversation whose header names the agent, and a message sent there is answered, the request carrying the agent's
// system prompt through the agent's profile.
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { agentsScreen } from '../support/agents-screen'
import { openChatWindow, type ChatWindow } from '../support/chat-window'
import { cli } from '../support/cli'
import { useFakeProvider } from '../support/fake-providers'
import { tempDir } from '../support/folders'
import { everythingServer } from '../support/mcp-servers'
import { screenshot } from '../support/serve'
import { storeFixtures } from '../support/store-fixture'

const KEY = 'sk-agents-e2e-0123456789abcdef'
const WEB_EXPORT = resolve(__dirname, '..', 'fixtures', 'localstorage', 'web-export.json')
const provider = useFakeProvider()
const keychains = storeFixtures('pa-agents-e2e-')

describe('the Agents screen', () => {
  let opened: ChatWindow
  let page: Page
  const pageErrors: string[] = []
  const { card, nav, open, fillNewAgent, save } = agentsScreen(() => page)

  beforeAll(async () => {
    const dir = tempDir('pa-agents-e2e-')
    keychains.track(new SecretStore(dir))
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [] }))
    const profile = (id: string, model: string): Record<string, unknown> => ({
      id,
      name: id,
      provider: 'openai',
      model,
      api_key: KEY,
      base_url: provider.url,
      system_prompt: `You are ${id}.`
    })
    writeFileSync(
      join(dir, 'models.json'),
      JSON.stringify({
        profiles: [
          { ...profile('Main GPT', 'gpt-main'), is_default: true },
          profile('Pirate GPT', 'gpt-pirate')
        ]
      })
    )
    writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: [everythingServer()] }))
    const run = cli(['migrate', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    // The web version's agents come along too.
    const imported = cli(['import', '--format', 'localstorage', WEB_EXPORT, '--data-dir', dir])
    expect(imported.code, imported.stderr).toBe(0)
    opened = await openChatWindow(dir, pageErrors, { viewport: { width: 1280, height: 900 } })
    page = opened.page
    await open()
  })
  afterAll(async () => {
    provider.release()
    await opened?.close()
  })

  it('adds an agent with a profile, a prompt and one tool of a server; duplicates it and deletes the copy', async () => {
    const dialog = await fillNewAgent({
      name: 'Pirate',
      systemPrompt: 'Talk like a pirate.',
      profile: 'Pirate GPT · gpt-pirate',
      servers: ['everything']
    })
    await dialog.getByRole('checkbox', { name: 'Only some tools of everything' }).check()
    // The tool list comes from the server itself (it starts to list them).
    const tools = dialog.getByRole('list', { name: 'Tools of everything' })
    await tools.getByRole('checkbox', { name: /^echo/ }).check({ timeout: 30_000 })
    await screenshot(page, '60-agent-dialog')
    await save(dialog)
    const pirate = card('Pirate')
    await pirate.getByText('everything (echo)').waitFor()
    await pirate.getByText('Pirate GPT').waitFor()
    await pirate.getByText('Talk like a pirate.').waitFor()

    await page.getByRole('button', { name: 'Duplicate Pirate' }).click()
    await card('Pirate (copy)').getByText('everything (echo)').waitFor()
    await page.getByRole('button', { name: 'Delete Pirate (copy)' }).click()
    const confirm = page.getByRole('alertdialog', { name: 'Delete Pirate (copy)?' })
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await card('Pirate (copy)').waitFor({ state: 'detached' })
    await screenshot(page, '61-agents-list')
    expect(pageErrors).toEqual([])
  })

  it("lists the web version's agents; one whose profile was never found says so", async () => {
    const researcher = card('Researcher')
    await researcher.getByText('Imported · acme').waitFor()
    await researcher.getByText(/^None: its profile was deleted or never set/).waitFor()
    await researcher.getByText('Dig deep.').waitFor()
    await page.getByRole('button', { name: 'Edit Researcher' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit agent' })
    expect(await dialog.getByLabel('System prompt').inputValue()).toBe('Dig deep.')
    expect(
      await dialog.getByRole('combobox', { name: 'Profile' }).locator('option:checked').textContent()
    ).toBe('None (its profile was deleted)')
    expect(await dialog.getByRole('checkbox', { name: 'github', exact: true }).isChecked()).toBe(true)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    // Nothing secret of the import reaches the window.
    expect(await page.content()).not.toMatch(/sk-acme|ghp_acme|gx-search/)
  })

  it('starts a conversation with the agent, whose request carries its prompt through its profile', async () => {
    await page.getByRole('button', { name: 'Start a conversation with Pirate', exact: true }).click()
    const header = page.locator('.detail-header')
    await header.getByLabel('Agent').getByText('Pirate').waitFor()
    // The composer picks the agent's profile.
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile' }).inputValue()).not.toBe('')
    expect(await page.getByRole('combobox', { name: 'Profile' }).inputValue()).toBe('Pirate GPT')
    provider.requests.length = 0
    provider.script({ kind: 'stream', deltas: ['Arr, ', 'the gold be buried.'] })
    const message = page.getByRole('textbox', { name: 'Message' })
    await message.fill('Where is the gold?')
    await message.press('Enter')
    const log = page.getByRole('log', { name: 'Messages' })
    await log.getByText('Arr, the gold be buried.', { exact: true }).waitFor()
    expect(provider.requests[0]!.body).toMatchObject({
      model: 'gpt-pirate',
      messages: [
        { role: 'system', content: 'Talk like a pirate.' },
        { role: 'user', content: 'Where is the gold?' }
      ]
    })
    await page
      .getByRole('list', { name: 'Conversations, newest first' })
      .getByText(/^2 messages · Pirate$/)
      .waitFor()
    await screenshot(page, '62-agent-conversation')
    // The agent counts its conversation.
    await nav(/Agents/).click()
    await card('Pirate').getByText('1', { exact: true }).waitFor()
    expect(await page.content()).not.toContain(KEY)
    expect(pageErrors).toEqual([])
  })
})
