// Titles from the first exchange, against a fake provider on 127.0.0.1 and the real keychain: a conversation made
// untitled asks the same profile for a title once its first reply is complete; a failing or slow title request
// leaves the first words of the message; a renamed or migrated conversation keeps its title and costs no request;
// and `personal-agent chat --new` titles the conversation before it exits.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { ConversationTitler } from '../src/main/services/chat/conversation-title'
import { openDatabase } from '../src/main/store/sqlite/database'
import { PLACEHOLDER_TITLE } from '../src/main/store/sqlite/sqlite-conversations'
import { chatFixture, type ChatFixture } from './support/chat-fixture'
import { cliAsync } from './support/cli'
import { useFakeProvider } from './support/fake-providers'
import { tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'
import { storeFixtures } from './support/store-fixture'
import { SCHEMA_MIGRATIONS } from '../src/main/store/sqlite/schema'
import { m0009ReplyCacheTokens } from '../src/main/store/sqlite/schema/0009_reply_cache_tokens'
import type { ChatMessage } from '../src/main/store/store'

const KEY = 'sk-chat-titles-test-0123456789abcdef'
const provider = useFakeProvider()
const fixtures = storeFixtures('pa-chat-titles-')

async function fixture(): Promise<ChatFixture & { titler: ConversationTitler }> {
  const c = await chatFixture(fixtures.fresh(), {
    provider: 'openai',
    baseUrl: provider.url,
    apiKey: KEY,
    model: 'gpt-titles'
  })
  return { ...c, titler: new ConversationTitler(c.conversations, c.profiles, { timeoutMs: 2_000 }) }
}

/** Sends `text` in the conversation and titles it, as the app does once the turn has ended. */
async function firstExchange(c: ChatFixture & { titler: ConversationTitler }, id: string, text: string) {
  const turn = await c.chat.send({ conversationId: id, text })
  return c.titler.title(id, turn.profileId)
}

describe('titles from the first exchange', () => {
  it('asks the same profile for a title once the first reply is complete, and stores it', async () => {
    const c = await fixture()
    const id = c.conversations.create({ title: PLACEHOLDER_TITLE, profileId: c.profileId }).id
    expect(c.conversations.awaitsTitle(id)).toBe(true)
    provider.requests.length = 0
    provider.script(
      { kind: 'stream', deltas: ['It leaves ', 'at 23:10 from platform 4.'] },
      { kind: 'stream', deltas: ['"Night ', 'train to Vienna."'] }
    )
    const titled = await firstExchange(c, id, 'When does the night train to Vienna leave?')
    expect(titled?.title).toBe('Night train to Vienna')
    expect(c.conversations.get(id).title).toBe('Night train to Vienna')
    expect(c.conversations.awaitsTitle(id)).toBe(false)
    // The title request went to the same profile (its model, its key) and quoted the exchange.
    expect(provider.requests).toHaveLength(2)
    const asked = provider.requests[1]!
    expect(asked.headers.authorization).toBe(`Bearer ${KEY}`)
    expect(asked.body.model).toBe('gpt-titles')
    const quoted = JSON.stringify(asked.body.messages)
    expect(quoted).toContain('When does the night train to Vienna leave?')
    expect(quoted).toContain('platform 4')
    // The next exchange leaves the title alone and asks for none.
    await firstExchange(c, id, 'And back?')
    expect(provider.requests).toHaveLength(3)
    expect(c.conversations.get(id).title).toBe('Night train to Vienna')
  })

  it('falls back to the first words when the title request fails, hangs, or there is no finished reply', async () => {
    const c = await fixture()
    const failing = c.conversations.create({ title: '', profileId: c.profileId }).id
    provider.script(
      { kind: 'stream', deltas: ['Sure.'] },
      { kind: 'status', status: 500, body: { error: { message: 'down' } } }
    )
    const first = await firstExchange(c, failing, '  Plan a   weekend\nin Lisbon for two  ')
    expect(first?.title).toBe('Plan a weekend in Lisbon for two')

    const slow = c.conversations.create({ title: '', profileId: c.profileId }).id
    provider.script({ kind: 'stream', deltas: ['Yes.'] }, { kind: 'hang' })
    const quick = new ConversationTitler(c.conversations, c.profiles, { timeoutMs: 200 })
    const turn = await c.chat.send({ conversationId: slow, text: 'Is it raining in Porto?' })
    const started = Date.now()
    expect((await quick.title(slow, turn.profileId))?.title).toBe('Is it raining in Porto?')
    expect(Date.now() - started).toBeLessThan(1_500)

    const long = 'word '.repeat(40)
    const refused = c.conversations.create({ title: '', profileId: c.profileId }).id
    provider.script({ kind: 'status', status: 401, body: { error: { message: 'no' } } })
    const asked = provider.requests.length
    await expect(c.chat.send({ conversationId: refused, text: long })).rejects.toThrow(/refused the API key/)
    const titled = await c.titler.title(refused, c.profileId)
    // A failed reply is not asked about: one request (the turn's), and the first words, cut to fit a row.
    expect(provider.requests.length).toBe(asked + 1)
    expect(titled?.title).toHaveLength(60)
    expect(titled?.title.endsWith('…')).toBe(true)
  })

  it('leaves a renamed conversation and a titled one alone, without a request', async () => {
    const c = await fixture()
    // Renamed by the user, even to the placeholder itself: that is the user's title.
    const renamed = c.conversations.create({ title: PLACEHOLDER_TITLE, profileId: c.profileId }).id
    c.conversations.rename(renamed, 'Holiday')
    c.conversations.rename(renamed, PLACEHOLDER_TITLE)
    const named = c.conversations.create({ title: 'Taxes 2025', profileId: c.profileId }).id
    for (const id of [renamed, named]) {
      const asked = provider.requests.length
      expect(await firstExchange(c, id, 'Hello there')).toBeNull()
      expect(provider.requests.length).toBe(asked + 1)
    }
    expect(c.conversations.get(renamed).title).toBe(PLACEHOLDER_TITLE)
    expect(c.conversations.get(named).title).toBe('Taxes 2025')
    // A rename while the title request is out wins over it.
    const racing = c.conversations.create({ title: '', profileId: c.profileId }).id
    await c.chat.send({ conversationId: racing, text: 'Hi' })
    expect(c.conversations.awaitsTitle(racing)).toBe(true)
    c.conversations.rename(racing, 'Mine')
    expect(c.conversations.setFirstExchangeTitle(racing, 'Generated')).toBeNull()
    expect(c.conversations.get(racing).title).toBe('Mine')
  })
})

describe('the schema step that brings titles in', () => {
  it('marks only empty conversations the app made untitled; migrated ones never await a title', () => {
    const db = openDatabase(join(tempDir('pa-chat-titles-schema-'), 'personal-agent.db'))
    try {
      const before = SCHEMA_MIGRATIONS.filter((m) => m.version < m0009ReplyCacheTokens.version)
      for (const m of before) db.exec(m.up)
      const add = db.prepare(
        `INSERT INTO conversations(uid, position, title, sort_ms, messages_shape, message_count, extra, origin, changed)
         VALUES (?, ?, ?, 0, 'array', ?, '{}', ?, 0)`
      )
      add.run('app-placeholder', 1, PLACEHOLDER_TITLE, 0, 'app')
      add.run('app-blank', 2, '', 0, 'app')
      add.run('app-named', 3, 'Taxes', 0, 'app')
      add.run('app-talked', 4, PLACEHOLDER_TITLE, 2, 'app')
      add.run('legacy-placeholder', 5, PLACEHOLDER_TITLE, 0, 'legacy')
      add.run('legacy-untitled', 6, null, 0, 'legacy')
      db.exec(m0009ReplyCacheTokens.up)
      const pending = db
        .prepare('SELECT uid FROM conversations WHERE title_pending = 1 ORDER BY position')
        .all()
      expect(pending).toEqual([{ uid: 'app-placeholder' }, { uid: 'app-blank' }])
    } finally {
      db.close()
    }
  })
})

describe('titles in personal-agent chat', () => {
  /** A migrated folder: one legacy conversation with the placeholder title, one untitled, and an OpenAI profile. */
  function migratedFolder(): string {
    const dir = tempDir('pa-chat-titles-cli-')
    fixtures.track(new SecretStore(dir))
    migrateLegacyChatFolder(dir, {
      conversations: [
        { id: 'conv-placeholder', title: PLACEHOLDER_TITLE, profile_id: 'prof-t', messages: [] },
        { id: 'conv-untitled', profile_id: 'prof-t', messages: [] }
      ],
      profiles: [
        {
          id: 'prof-t',
          name: 'Titles GPT',
          provider: 'openai',
          model: 'gpt-titles',
          api_key: KEY,
          base_url: provider.url,
          is_default: true
        }
      ]
    })
    return dir
  }

  /** Each conversation's title as the database holds it. */
  function storedTitles(dir: string): Map<string, string | null> {
    const db = openDatabase(join(dir, 'personal-agent.db'))
    try {
      const rows = db.prepare('SELECT uid, title FROM conversations').all() as {
        uid: string
        title: string | null
      }[]
      return new Map(rows.map((row) => [row.uid, row.title]))
    } finally {
      db.close()
    }
  }

  it('--new titles the conversation before exiting; a migrated conversation keeps its title', async () => {
    const dir = migratedFolder()
    provider.script(
      { kind: 'stream', deltas: ['Pack light.'], usage: { input: 900, output: 3, cached: 640 } },
      { kind: 'stream', deltas: ['Packing for Norway'] }
    )
    const run = await cliAsync([
      'chat',
      '--data-dir',
      dir,
      '--new',
      '--json',
      'What should I pack for Norway?'
    ])
    expect(run.code, run.stderr).toBe(0)
    const printed = JSON.parse(run.stdout) as {
      conversationId: string
      title: string
      messages: ChatMessage[]
    }
    expect(printed.title).toBe('Packing for Norway')
    // --json prints the reply's state, model, end and usage with the cached count.
    expect(printed.messages[1]).toMatchObject({
      status: 'complete',
      model: 'gpt-titles',
      finishReason: 'stop',
      usage: { inputTokens: 900, outputTokens: 3, cachedInputTokens: 640, estimated: false },
      error: null
    })
    expect(storedTitles(dir).get(printed.conversationId)).toBe('Packing for Norway')

    // The title request failing: the first words, and the command still succeeds.
    provider.script(
      { kind: 'stream', deltas: ['Fine.'] },
      { kind: 'status', status: 503, body: { error: { message: 'busy' } } }
    )
    const fallback = await cliAsync(['chat', '--data-dir', dir, '--json', 'Book a table for four'])
    expect(fallback.code, fallback.stderr).toBe(0)
    const second = JSON.parse(fallback.stdout) as { conversationId: string; title: string }
    expect(second.title).toBe('Book a table for four')

    // Migrated conversations, even with the placeholder title or none: no title request, titles unchanged.
    for (const id of ['conv-placeholder', 'conv-untitled']) {
      const asked = provider.requests.length
      const next = await cliAsync(['chat', '--data-dir', dir, '--conversation', id, 'Hello'])
      expect(next.code, next.stderr).toBe(0)
      expect(provider.requests.length).toBe(asked + 1)
    }
    const titles = storedTitles(dir)
    expect(titles.get('conv-placeholder')).toBe(PLACEHOLDER_TITLE)
    expect(titles.get('conv-untitled') ?? null).toBeNull()
  })
})
