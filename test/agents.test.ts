// Agents over a real SQLite store and keychain: create, edit, duplicate and delete; the web version's agents (imported
// from test/fixtures/localstorage) listed and usable; a conversation remembers its agent and keeps chatting with its
// profile after the agent is deleted; the chat scope a conversation's agent gives; the json backend's one-line
// refusal; and export and rollback of the legacy files unchanged by agents.
import { copyFileSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { AgentService, agentScopeSource } from '../src/main/services/agent-service'
import { openBackend } from '../src/main/store/open-backend'
import type { Store } from '../src/main/store/store'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, sha256, tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const DUMP = resolve(__dirname, 'fixtures', 'localstorage', 'web-export.json')
const keychains = storeFixtures('pa-agents-')
const SMALL_SAMPLE = {
  seed: 7,
  conversations: 6,
  messagesPerConversation: 3,
  nasty: false,
  mcpShape: 'list',
  conversationsShape: 'object'
} as const

/** A folder with the web export imported (profiles, MCP servers and agents of two tenants). */
function importedFolder(): string {
  const dir = tempDir('pa-agents-')
  const dump = join(dir, 'web-export.json')
  copyFileSync(DUMP, dump)
  const dataDir = join(dir, 'data')
  keychains.track(new SecretStore(dataDir))
  const run = cli(['import', '--format', 'localstorage', dump, '--data-dir', dataDir])
  expect(run.code, run.stderr).toBe(0)
  return dataDir
}

async function withStore<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openBackend({ dataDir, backend: 'sqlite', secrets: new SecretStore(dataDir) })
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

describe('agents', () => {
  it('creates, edits, duplicates and deletes an agent, its servers and tool lists kept', async () => {
    await withStore(importedFolder(), async (store) => {
      const agents = new AgentService(() => store)
      const profile = (await store.profiles.list()).find((p) => p.name === 'Local Llama')!
      const [files, github] = await store.mcp.list()
      const created = await agents.create({
        name: 'Writer',
        systemPrompt: 'Write short sentences.',
        profileId: profile.id,
        servers: [
          { id: files!.id, toolNames: ['read_file', 'read_file', 'list_directory'] },
          { id: github!.id }
        ]
      })
      expect(created).toMatchObject({
        name: 'Writer',
        systemPrompt: 'Write short sentences.',
        profileId: profile.id,
        profileName: 'Local Llama',
        workspace: null,
        conversationCount: 0,
        servers: [
          { id: files!.id, name: 'files', toolNames: ['read_file', 'list_directory'] },
          { id: github!.id, name: 'github', toolNames: null }
        ]
      })
      const edited = await agents.update(created.id, { name: 'Editor', servers: [{ id: github!.id }] })
      expect(edited).toMatchObject({
        name: 'Editor',
        systemPrompt: 'Write short sentences.',
        profileId: profile.id
      })
      expect(edited.servers.map((s) => s.name)).toEqual(['github'])
      const copy = await agents.duplicate(created.id)
      expect(copy.id).not.toBe(created.id)
      expect(copy).toMatchObject({
        name: 'Editor (copy)',
        systemPrompt: 'Write short sentences.',
        profileId: profile.id
      })
      expect(copy.servers).toEqual(edited.servers)
      expect((await agents.duplicate(created.id)).name).toBe('Editor (copy 2)')
      await agents.delete(created.id)
      await expect(agents.get(created.id)).rejects.toThrow(/Agent .* was not found/)
      expect((await agents.get(copy.id)).name).toBe('Editor (copy)')
      // Unknown profiles and servers are refused in one line naming the agent and the fix.
      await expect(agents.create({ name: 'Lost', profileId: 'no-such-profile' })).rejects.toThrow(
        'Agent "Lost": profile no-such-profile was not found. Choose one of the profiles in Profiles.'
      )
      await expect(agents.update(copy.id, { servers: [{ id: 'gone' }] })).rejects.toThrow(
        /^Agent "Editor \(copy\)": MCP server gone was not found/
      )
      await expect(agents.create({ name: '' })).rejects.toThrow(/\$\.name/)
    })
  })

  it("lists the web version's agents with their profile and servers, and chats through them", async () => {
    await withStore(importedFolder(), async (store) => {
      const agents = new AgentService(() => store)
      const list = await agents.list()
      expect(list.map((a) => [a.name, a.workspace, a.profileName, a.servers.map((s) => s.name)])).toEqual([
        ['Support bot', 'acme', 'Default GPT', ['files', 'github']],
        ['Researcher', 'acme', null, ['github']],
        ['Support bot', 'globex', 'Default GPT', ['search']],
        ['Fine agent', 'umbrella', null, []]
      ])
      const acme = list[0]!
      expect(acme.systemPrompt).toBe('You answer Acme customers politely.')
      // Nothing secret in an agent: the keys the web agents' profiles and servers held are in the keychain only.
      expect(JSON.stringify(list)).not.toMatch(/sk-acme|ghp_acme|gx-search/)

      const scope = agentScopeSource(() => store)
      const conversation = store.conversations.create({ title: '', agentId: acme.id })
      expect(conversation).toMatchObject({
        agentId: acme.id,
        agentName: 'Support bot',
        profileId: acme.profileId
      })
      expect(await scope(conversation.id)).toEqual({
        agentId: acme.id,
        agentName: 'Support bot',
        systemPrompt: 'You answer Acme customers politely.',
        profileId: acme.profileId,
        mcpServerIds: acme.servers.map((s) => s.id),
        toolNames: null
      })
      await agents.update(acme.id, { servers: [{ id: acme.servers[0]!.id, toolNames: ['read_file'] }] })
      expect((await scope(conversation.id)).toolNames).toEqual({ [acme.servers[0]!.id]: ['read_file'] })
      expect((await agents.get(acme.id)).conversationCount).toBe(1)

      // The researcher's profile was never found: it still opens, says it has none, and chats with the default.
      const researcher = await agents.get(list[1]!.id)
      expect(researcher.profileId).toBeNull()
      const researching = store.conversations.create({ title: 'r', agentId: researcher.id })
      expect((await scope(researching.id)).profileId).toBeNull()

      // A conversation without an agent offers every enabled server.
      const plain = store.conversations.create({ title: 'plain' })
      const enabled = (await store.mcp.list()).filter((s) => s.enabled).map((s) => s.id)
      expect(await scope(plain.id)).toEqual({
        agentId: null,
        agentName: null,
        systemPrompt: null,
        profileId: null,
        mcpServerIds: enabled,
        toolNames: null
      })
      expect(enabled.length).toBeGreaterThan(0)
    })
  })

  it('keeps the conversations of a deleted agent, which keep chatting with its profile', async () => {
    await withStore(importedFolder(), async (store) => {
      const agents = new AgentService(() => store)
      const scope = agentScopeSource(() => store)
      const [agent] = await agents.list()
      const conversation = store.conversations.create({ title: 'Kept', agentId: agent!.id })
      store.conversations.appendMessage(conversation.id, { role: 'user', content: 'Hello' })
      await agents.delete(agent!.id)
      const kept = store.conversations.get(conversation.id)
      expect(kept).toMatchObject({ title: 'Kept', agentId: null, agentName: null, messageCount: 1 })
      expect(kept.profileId).toBe(agent!.profileId)
      expect((await scope(conversation.id)).agentId).toBeNull()
      await expect(() => store.conversations.create({ title: 'x', agentId: agent!.id })).toThrow(
        /Agent .* was not found/
      )
    })
  })

  it('opens an agent whose profile was deleted, and says it has none', async () => {
    await withStore(importedFolder(), async (store) => {
      const agents = new AgentService(() => store)
      const profile = (await store.profiles.list())[0]!
      const agent = await agents.create({ name: 'Orphan', profileId: profile.id })
      await store.profiles.delete(profile.id)
      expect(await agents.get(agent.id)).toMatchObject({ name: 'Orphan', profileId: null, profileName: null })
    })
  })

  it('refuses agents in one line on the json backend', async () => {
    const dir = tempDir('pa-agents-json-')
    writeSampleFolder(dir, SMALL_SAMPLE)
    const store = await openBackend({ dataDir: dir, backend: 'json', secrets: new SecretStore(dir) })
    try {
      await expect(store.agents.list()).rejects.toThrow(/^Agents need the SQLite store.*then use agents\.$/)
      expect(() => store.conversations.create({ title: 'x', agentId: 'a1' })).toThrow(
        /^Agents need the SQLite store/
      )
    } finally {
      await store.close()
    }
  })

  it('leaves export and rollback of the legacy files as they were', async () => {
    const dir = tempDir('pa-agents-legacy-')
    keychains.track(new SecretStore(dir))
    writeSampleFolder(dir, { ...SMALL_SAMPLE, nasty: true })
    const original = copyOf(dir)
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const profileId = (await withStore(dir, async (store) => (await store.profiles.list())[0]!.id))!
    const created = cliJson<{ id: string }>([
      'agents',
      'create',
      '--name',
      'Legacy helper',
      '--profile',
      profileId,
      '--data-dir',
      dir
    ])
    expect(created.run.code, created.run.stderr).toBe(0)
    // Agents have no legacy file: the export is the migrated files exactly.
    const exported = tempDir('pa-agents-export-')
    expect(cli(['export', '--out', exported, '--data-dir', dir]).code).toBe(0)
    expect(legacyDifferences(original, exported)).toEqual([])
    // A conversation with the agent is exported as an app conversation, without its agent.
    const conversation = await withStore(dir, async (store) =>
      store.conversations.create({ title: 'With agent', agentId: created.json.id })
    )
    const again = tempDir('pa-agents-export-')
    expect(cli(['export', '--out', again, '--data-dir', dir]).code).toBe(0)
    const text = readFileSync(join(again, 'conversations.json'), 'utf8')
    const records =
      (JSON.parse(text) as { conversations?: Record<string, unknown>[] }).conversations ??
      (JSON.parse(text) as Record<string, unknown>[])
    const mine = records.find((record) => record.id === conversation.id)!
    expect(Object.keys(mine).sort()).toEqual([
      'created_at',
      'id',
      'messages',
      'profile_id',
      'title',
      'updated_at'
    ])
    expect(text).not.toContain(created.json.id)
    // Rollback gives the original files back, byte for byte.
    const rolled = cli(['rollback', '--yes', '--discard-new-data', '--data-dir', dir])
    expect(rolled.code, rolled.stderr).toBe(0)
    for (const file of LEGACY_FILES) expect(sha256(join(dir, file)), file).toBe(sha256(join(original, file)))
  })
})
