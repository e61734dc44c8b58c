// One behaviour suite run on every storage backend (sqlite, json, hybrid): conversations, profiles and MCP servers
// give the same answers, refuse the same input, keep secrets masked, and keep every change after a reopen.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UserError } from '../src/shared/errors'
import { validateIpcRequest } from '../src/shared/ipc-schema'
import { STORAGE_BACKENDS, type ConversationSummary } from '../src/shared/types'
import type { Store } from '../src/main/store/store'
import { backendFixtures } from './support/backends'

const fixtures = backendFixtures()

/** The one-line message of the INVALID_INPUT `fn` throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof UserError && error.code === 'INVALID_INPUT') return error.message
    throw error
  }
  throw new Error('nothing was refused')
}

function code(fn: () => unknown): string | null {
  try {
    fn()
    return null
  } catch (error) {
    return error instanceof UserError ? error.code : 'not a UserError'
  }
}

async function asyncCode(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise
    return null
  } catch (error) {
    return error instanceof UserError ? error.code : 'not a UserError'
  }
}

function allConversations(store: Store, query?: string): ConversationSummary[] {
  const items: ConversationSummary[] = []
  let cursor: string | null = null
  do {
    const page = store.conversations.list({ cursor, limit: 2, query })
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

describe.each(STORAGE_BACKENDS)('the %s backend', (backend) => {
  it('creates, pages, renames, appends to and deletes conversations', async () => {
    const { store } = await fixtures.open(backend)
    const created = ['first', 'second', 'third', 'fourth', 'fifth'].map((title) =>
      store.conversations.create({ title })
    )
    expect(store.conversations.get(created[0]!.id)).toMatchObject({ title: 'first', messageCount: 0 })
    const listed = allConversations(store)
    expect(listed.map((c) => c.title)).toEqual(['fifth', 'fourth', 'third', 'second', 'first'])

    // The appends below must come at a later millisecond than the creates, to move their conversation first.
    await new Promise((resolve) => setTimeout(resolve, 5))
    const renamed = store.conversations.rename(created[1]!.id, 'renamed')
    expect(renamed.title).toBe('renamed')
    const message = store.conversations.appendMessage(created[0]!.id, {
      role: 'user',
      content: 'needle in here'
    })
    expect(message).toMatchObject({ role: 'user', text: 'needle in here' })
    store.conversations.appendMessage(created[0]!.id, { role: 'assistant', content: 'second answer' })
    expect(store.conversations.get(created[0]!.id).messageCount).toBe(2)
    expect(allConversations(store)[0]!.id).toBe(created[0]!.id)
    const messages = store.conversations.messages(created[0]!.id, { limit: 1 })
    expect(messages.items.map((m) => m.text)).toEqual(['needle in here'])
    const rest = store.conversations.messages(created[0]!.id, { cursor: messages.nextCursor, limit: 5 })
    expect(rest.items.map((m) => m.text)).toEqual(['second answer'])
    expect(rest.nextCursor).toBeNull()

    expect(allConversations(store, 'NEEDLE').map((c) => c.id)).toEqual([created[0]!.id])
    expect(allConversations(store, 'renam').map((c) => c.id)).toEqual([created[1]!.id])

    await store.conversations.delete(created[2]!.id)
    expect(code(() => store.conversations.get(created[2]!.id))).toBe('NOT_FOUND')
    expect(allConversations(store)).toHaveLength(4)
  })

  it('refuses bad input with the same codes', async () => {
    const { store } = await fixtures.open(backend)
    expect(code(() => store.conversations.create({ title: 42 as unknown as string }))).toBe('INVALID_INPUT')
    expect(code(() => store.conversations.get(7 as unknown as string))).toBe('INVALID_INPUT')
    expect(code(() => store.conversations.get('missing'))).toBe('NOT_FOUND')
    expect(code(() => store.conversations.list({ cursor: 'not-a-cursor' }))).toBe('INVALID_INPUT')
    const c = store.conversations.create({ title: 'x' })
    expect(
      code(() => store.conversations.appendMessage(c.id, { role: 'user', content: 5 as unknown as string }))
    ).toBe('INVALID_INPUT')
    expect(await asyncCode(store.profiles.create({ name: 'n' } as never))).toBe('INVALID_INPUT')
    expect(await asyncCode(store.profiles.get('missing'))).toBe('NOT_FOUND')
    expect(await asyncCode(store.mcp.update('missing', { name: 'x' }))).toBe('NOT_FOUND')
  })

  it('checks what direct callers give it by the IPC contract’s own rules, with the same one-line message', async () => {
    const { store } = await fixtures.open(backend)
    const long = { title: 'x'.repeat(1_001) }
    const atBoundary = messageOf(() => validateIpcRequest('conversations:create', long))
    const inStore = messageOf(() => store.conversations.create(long))
    expect(atBoundary).toMatch(/^conversations:create: \$\.title must be a string of at most 1000 characters/)
    expect(inStore).toBe(atBoundary.replace('conversations:create', 'The new conversation'))
    const c = store.conversations.create({ title: 'x' })
    const noRole = { role: '', content: 'hi' }
    expect(messageOf(() => store.conversations.appendMessage(c.id, noRole))).toBe(
      messageOf(() => validateIpcRequest('conversations:append', { id: c.id, ...noRole })).replace(
        'conversations:append',
        'The new message'
      )
    )
    expect(messageOf(() => store.conversations.rename(c.id, 'y'.repeat(1_001)))).toMatch(
      /^The title: \$ must be/
    )
  })

  it('keeps API keys and secret env values masked, and unchanged when the masked form comes back', async () => {
    const { store } = await fixtures.open(backend)
    const key = 'sk-contract-0123456789wxyz'
    const profile = await store.profiles.create({ name: 'A', provider: 'openai', model: 'gpt', apiKey: key })
    expect(profile.maskedApiKey).not.toBeNull()
    expect(JSON.stringify(await store.profiles.list())).not.toContain(key)
    const same = await store.profiles.update(profile.id, { name: 'A', apiKey: profile.maskedApiKey! })
    expect(same.maskedApiKey).toBe(profile.maskedApiKey)
    const second = await store.profiles.create({ name: 'B', provider: 'x', model: 'y' })
    expect((await store.profiles.getDefault())?.id).toBe(profile.id)
    await store.profiles.setDefault(second.id)
    expect((await store.profiles.list()).map((p) => p.isDefault)).toEqual([false, true])
    const cleared = await store.profiles.update(profile.id, { apiKey: '' })
    expect(cleared.maskedApiKey).toBeNull()
    await store.profiles.delete(second.id)
    expect((await store.profiles.getDefault())?.id).toBe(profile.id)

    const token = 'ghp_contract_token_987654'
    const server = await store.mcp.create({
      name: 'git',
      command: 'mcp-git',
      env: { GITHUB_TOKEN: token, LOG: 'info' }
    })
    expect(server.secretEnvKeys).toEqual(['GITHUB_TOKEN'])
    expect(JSON.stringify(server)).not.toContain(token)
    const kept = await store.mcp.update(server.id, { env: server.env, args: ['--x'] })
    expect(kept.env).toEqual(server.env)
    expect(kept.args).toEqual(['--x'])
    await store.mcp.setEnabled(server.id, false)
    expect((await store.mcp.get(server.id)).enabled).toBe(false)
    await store.mcp.delete(server.id)
    expect(await store.mcp.list()).toEqual([])
  })

  it('keeps every change after a reopen', async () => {
    const fixture = await fixtures.open(backend)
    const c = fixture.store.conversations.create({ title: 'kept' })
    fixture.store.conversations.appendMessage(c.id, { role: 'user', content: 'still here' })
    const p = await fixture.store.profiles.create({
      name: 'P',
      provider: 'x',
      model: 'y',
      apiKey: 'sk-reopen-abcdef1234'
    })
    await fixture.store.close()
    const store = await fixture.reopen()
    expect(store.conversations.get(c.id)).toMatchObject({ title: 'kept', messageCount: 1 })
    expect(store.conversations.messages(c.id).items[0]!.text).toBe('still here')
    expect((await store.profiles.get(p.id)).maskedApiKey).toBe(p.maskedApiKey)
  })

  it('shows legacy data the same way', async () => {
    const { store } = await fixtures.open(backend, { seed: true })
    expect(allConversations(store).map((c) => [c.id, c.title, c.messageCount])).toEqual([
      ['c-file', 'From its own file', 1],
      ['c-new', 'Newer chat', 1],
      ['c-old', 'Old chat', 2],
      ['c-s1', 'From a workspace session', 1]
    ])
    expect(store.conversations.messages('c-s1').items.map((m) => m.text)).toEqual(['per workspace'])
    expect(store.conversations.get('c-old')).toMatchObject({
      profileId: 'p-1',
      createdAt: '2025-01-01T10:00:00Z',
      updatedAt: '2025-01-01T10:01:00Z'
    })
    expect(store.conversations.messages('c-old').items).toEqual([
      { id: 'm1', role: 'user', text: 'hello there', createdAt: '2025-01-01T10:00:00Z' },
      { id: 'm2', role: 'assistant', text: 'hi', createdAt: '2025-01-01T10:01:00.000Z' }
    ])
    expect(store.conversations.messages('c-new').items[0]!.text).toBe('')
    const profiles = await store.profiles.list()
    expect(profiles.map((p) => [p.id, p.isDefault, p.maskedApiKey === null])).toEqual([
      ['p-1', false, false],
      ['p-2', true, true]
    ])
    const [server] = await store.mcp.list()
    expect(server).toMatchObject({
      id: 's-1',
      name: 'git',
      args: ['--repo', '.'],
      secretEnvKeys: ['GITHUB_TOKEN']
    })
    expect(server!.env.LOG).toBe('info')
    expect(server!.env.GITHUB_TOKEN).not.toContain('seed_token')
  })
})

describe('the json backend writes the legacy shape', () => {
  it('changes a conversation of the conversation folders in its own file, and nothing else', async () => {
    const { store, dataDir } = await fixtures.open('json', { seed: true })
    const unchanged = ['conversations.json', 'models.json', 'mcp_config.json', 'conversations/c-file.json']
    const before = Object.fromEntries(unchanged.map((f) => [f, readFileSync(join(dataDir, f), 'utf8')]))
    store.conversations.appendMessage('c-s1', { role: 'assistant', content: 'answered in the session file' })
    for (const file of unchanged) expect(readFileSync(join(dataDir, file), 'utf8'), file).toBe(before[file])
    const session = JSON.parse(readFileSync(join(dataDir, 'sessions', 'ws1.json'), 'utf8')) as {
      messages: { content: string }[]
    }[]
    expect(session[0]!.messages.map((m) => m.content)).toEqual([
      'per workspace',
      'answered in the session file'
    ])

    store.conversations.rename('c-file', 'Renamed in its file')
    expect(JSON.parse(readFileSync(join(dataDir, 'conversations', 'c-file.json'), 'utf8'))).toMatchObject({
      id: 'c-file',
      title: 'Renamed in its file'
    })
    await store.conversations.delete('c-file')
    expect(existsSync(join(dataDir, 'conversations', 'c-file.json'))).toBe(false)
    expect(store.conversations.list().items.map((c) => c.id)).toEqual(['c-s1', 'c-new', 'c-old'])
  })

  it('keeps fields it does not know, the file shape and plain-text keys, as the old app expects', async () => {
    const { store, dataDir } = await fixtures.open('json', { seed: true })
    store.conversations.rename('c-old', 'Renamed')
    await store.profiles.update('p-1', { model: 'gpt-4o' })
    const conversations = JSON.parse(readFileSync(join(dataDir, 'conversations.json'), 'utf8')) as {
      conversations: { id: string; title: string; pinned?: boolean }[]
    }
    expect(conversations.conversations[0]).toMatchObject({ id: 'c-old', title: 'Renamed', pinned: true })
    const models = JSON.parse(readFileSync(join(dataDir, 'models.json'), 'utf8')) as {
      profiles: { api_key: string; model: string }[]
    }
    expect(models.profiles[0]).toMatchObject({ api_key: 'sk-seed-0123456789abcd', model: 'gpt-4o' })
  })
})
