// The Agents screen's parts a browser test drives: the sidebar, an agent's card, opening the screen (past the
// migration's report) and the add dialog filled in with an agent's name, prompt, profile and servers.
import type { Locator, Page } from 'playwright'

export interface AgentFields {
  name: string
  systemPrompt: string
  /** The profile as the dialog's list shows it: "Name · model". */
  profile: string
  /** The MCP servers it may use, by name. */
  servers: string[]
}

/** The screen's parts on the page `page()` returns (a function, so they can be made before the page is). */
export function agentsScreen(page: () => Page) {
  const nav = (name: RegExp): Locator =>
    page().getByRole('navigation', { name: 'Main' }).getByRole('button', { name })
  const card = (name: string): Locator =>
    page()
      .getByRole('listitem')
      .filter({ has: page().getByRole('heading', { name, exact: true }) })

  /** Opens Agents; a fresh window shows the migration's report first. */
  async function open(): Promise<void> {
    const proceed = page().getByRole('button', { name: 'Continue' })
    await nav(/Agents/)
      .or(proceed)
      .first()
      .waitFor({ timeout: 30_000 })
    if (await proceed.isVisible()) await proceed.click()
    await nav(/Agents/).click()
    await page().getByRole('heading', { name: 'Agents', exact: true }).waitFor()
  }

  /** The add dialog, filled in (not yet saved, for a test to add to it). */
  async function fillNewAgent(agent: AgentFields): Promise<Locator> {
    await page().getByRole('button', { name: 'Add agent' }).first().click()
    const dialog = page().getByRole('dialog', { name: 'Add agent' })
    await dialog.getByLabel('Name').fill(agent.name)
    await dialog.getByLabel('System prompt').fill(agent.systemPrompt)
    await dialog.getByRole('combobox', { name: 'Profile' }).selectOption({ label: agent.profile })
    for (const server of agent.servers)
      await dialog.getByRole('checkbox', { name: server, exact: true }).check()
    return dialog
  }

  /** Saves the add dialog and waits for it to close. */
  async function save(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Add agent' }).click()
    await dialog.waitFor({ state: 'detached' })
  }

  return { nav, card, open, fillNewAgent, save }
}
