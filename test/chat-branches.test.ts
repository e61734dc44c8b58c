// Branching conversations against a fake provider on 127.0.0.1 and real SQLite files: Regenerate and Edit make a
// sibling of the message they replace and ask the model with the active path only, switching versions brings back
// the path beneath as it was last seen, paging walks the active path, and export (and a rollback) writes the active
// path with the hidden versions kept under "x_personal_agent", which a new migration keeps.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { checkConsistency } from '../src/main/store/consistency-check'
import { StoreStats } from '../src/main/store/store-stats'
import { openDatabase } from '../src/main/store/sqlite/database'
import { exportLegacyFiles } from '../src/main/store/sqlite/legacy-export'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { chatFixture, type ChatFixture } from './support/chat-fixture'
import { cli, cliJson } from './support/cli'
import { useFakeProvider } from './support/fake-providers'
import { tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-branches-')
const provider = useFakeProvider()

async function fixture(): Promise<ChatFixture> {
  return chatFixture(fixtures.fresh(), { provider: 'ollama', baseUrl: provider.url, model: 'llama-test' })
}

/** Sends `text`, the reply being `answer`. */
async function say(c: ChatFixture, text: string, answer: string): Promise<{ user: string; reply: string }> {
  provider.script({ kind: 'stream', deltas: [answer] })
  const turn = await c.chat.send({ conversationId: c.conversationId, text })
  return { user: turn.userMessage.id, reply: turn.reply.id }
}

/** The active path as [text, "index/count" or ""]. */
function shown(c: ChatFixture): [string, string][] {
  return c.conversations
    .messages(c.conversationId, { limit: 500 })
    .items.map((m) => [m.text, m.branch ? `${m.branch.index}/${m.branch.count}` : ''])
}

/** The messages the last request asked with. */
function asked(): [unknown, unknown][] {
  const body = provider.requests.at(-1)!.body as { messages: { role: string; content: string }[] }
  return body.messages.map((m) => [m.role, m.content])
}

describe('branches: regenerate and edit', () => {
  it('regenerate makes a sibling reply asked with the history before it; switching back shows the old path', async () => {
    const c = await fixture()
    const first = await say(c, 'Q1', 'A1')
    await say(c, 'Q2', 'A2')

    provider.script({ kind: 'stream', deltas: ['A1', ' again'] })
    const turn = await c.chat.regenerate({ conversationId: c.conversationId, messageId: first.reply })
    expect(asked()).toEqual([['user', 'Q1']])
    expect(turn.userMessage.id).toBe(first.user)
    expect(turn.reply).toMatchObject({ text: 'A1 again', status: 'complete' })
    expect(shown(c)).toEqual([
      ['Q1', ''],
      ['A1 again', '2/2']
    ])
    expect(c.conversations.get(c.conversationId).messageCount).toBe(2)
    expect(c.conversations.transcript(c.conversationId).map((m) => m.text)).toEqual(['Q1', 'A1 again'])

    c.conversations.switchBranch(c.conversationId, turn.reply.id, 1)
    expect(shown(c)).toEqual([
      ['Q1', ''],
      ['A1', '1/2'],
      ['Q2', ''],
      ['A2', '']
    ])
    expect(c.conversations.get(c.conversationId).messageCount).toBe(4)
    c.conversations.switchBranch(c.conversationId, first.reply, 2)
    expect(shown(c)).toEqual([
      ['Q1', ''],
      ['A1 again', '2/2']
    ])

    // The next turn follows the version shown, and asks with it alone.
    await say(c, 'Q3', 'A3')
    expect(asked()).toEqual([
      ['user', 'Q1'],
      ['assistant', 'A1 again'],
      ['user', 'Q3']
    ])
  })

  it('edit makes a sibling of the user’s message; switching restores the path beneath as last seen', async () => {
    const c = await fixture()
    const first = await say(c, 'Q1', 'A1')
    const second = await say(c, 'Q2', 'A2')

    provider.script({ kind: 'stream', deltas: ['A2b'] })
    const edited = await c.chat.edit({
      conversationId: c.conversationId,
      messageId: second.user,
      text: 'Q2b'
    })
    expect(asked()).toEqual([
      ['user', 'Q1'],
      ['assistant', 'A1'],
      ['user', 'Q2b']
    ])
    expect(shown(c)).toEqual([
      ['Q1', ''],
      ['A1', ''],
      ['Q2b', '2/2'],
      ['A2b', '']
    ])

    // The first message too: its versions follow nothing.
    provider.script({ kind: 'stream', deltas: ['A1b'] })
    const top = await c.chat.edit({ conversationId: c.conversationId, messageId: first.user, text: 'Q1b' })
    expect(asked()).toEqual([['user', 'Q1b']])
    expect(shown(c)).toEqual([
      ['Q1b', '2/2'],
      ['A1b', '']
    ])
    // Back to the first version: its path is the one last seen there (the edited Q2b), not the original Q2.
    c.conversations.switchBranch(c.conversationId, top.userMessage.id, 1)
    expect(shown(c)).toEqual([
      ['Q1', '1/2'],
      ['A1', ''],
      ['Q2b', '2/2'],
      ['A2b', '']
    ])
    c.conversations.switchBranch(c.conversationId, edited.userMessage.id, 1)
    expect(shown(c)).toEqual([
      ['Q1', '1/2'],
      ['A1', ''],
      ['Q2', '1/2'],
      ['A2', '']
    ])
    // Every message written is still stored: 4 sent, 2 edits with their replies.
    const stored = c.db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }
    expect(stored.n).toBe(8)
  })

  it('refuses what cannot branch, in one line, and changes nothing', async () => {
    const c = await fixture()
    const turn = await say(c, 'Q1', 'A1')
    await expect(
      c.chat.regenerate({ conversationId: c.conversationId, messageId: turn.user })
    ).rejects.toThrow(/cannot be regenerated/)
    await expect(
      c.chat.edit({ conversationId: c.conversationId, messageId: turn.reply, text: 'x' })
    ).rejects.toThrow(/only your own messages can be edited/)
    expect(() => c.conversations.switchBranch(c.conversationId, turn.reply, 2)).toThrow(
      /has 1 version; choose one from 1 to 1/
    )
    // A reply still arriving: nothing after it can be replaced until it is stopped.
    const streaming = c.conversations.startReply(c.conversationId, { model: 'm', profileId: c.profileId })
    expect(() => c.conversations.editMessage(c.conversationId, turn.user, 'x')).toThrow(/still arriving/)
    c.conversations.finishReply(streaming.id, { status: 'stopped', text: '' })
    expect(shown(c)).toEqual([
      ['Q1', ''],
      ['A1', ''],
      ['', '']
    ])
  })

  it('pages the active path of a long branched conversation through the position index', async () => {
    const c = await fixture()
    const ids: string[] = []
    for (let i = 0; i < 300; i++)
      ids.push(
        c.conversations.appendMessage(c.conversationId, {
          role: i % 2 === 0 ? 'user' : 'assistant',
          content: `m${i}`
        }).id
      )
    const edited = c.conversations.editMessage(c.conversationId, ids[100]!, 'm100b')
    const page = (): string[] => {
      const texts: string[] = []
      let cursor: string | null = null
      do {
        const got = c.conversations.messages(c.conversationId, { limit: 40, cursor })
        texts.push(...got.items.map((m) => m.text))
        cursor = got.nextCursor
      } while (cursor)
      return texts
    }
    // From the end, as the window opens a conversation: the same path, newest page first, with the versions' places.
    const pageFromEnd = (): string[] => {
      const texts: string[] = []
      let cursor: string | null = null
      do {
        const got = c.conversations.messages(c.conversationId, { limit: 40, cursor, fromEnd: true })
        texts.unshift(
          ...got.items.map((m) => (m.branch ? `${m.text} ${m.branch.index}/${m.branch.count}` : m.text))
        )
        cursor = got.nextCursor
      } while (cursor)
      return texts
    }
    expect(page()).toEqual([...ids.slice(0, 100).map((_, i) => `m${i}`), 'm100b'])
    expect(pageFromEnd()).toEqual([...ids.slice(0, 100).map((_, i) => `m${i}`), 'm100b 2/2'])
    c.conversations.switchBranch(c.conversationId, edited.id, 1)
    expect(page()).toEqual(ids.map((_, i) => `m${i}`))
    expect(pageFromEnd()).toEqual(ids.map((_, i) => (i === 100 ? 'm100 1/2' : `m${i}`)))
    const plan = c.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = 1 AND position > 5 AND inactive IS NULL
         ORDER BY position LIMIT 41`
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('messages_by_position')
  })
})

const LEGACY = {
  conversations: [
    {
      id: 'conv-1',
      title: 'Trains',
      pinned: true,
      x_personal_agent: { summaries: [{ upTo: 'm2', text: 'about trains' }] },
      messages: [
        { id: 'm1', role: 'user', content: 'When is the night train?', created_at: '2025-01-25T12:00:00Z' },
        { id: 'm2', role: 'assistant', content: 'At 23:10.', created_at: '2025-01-25T12:00:05Z' }
      ],
      created_at: '2025-01-25T12:00:00Z',
      updated_at: '2025-01-25T12:00:05Z'
    },
    {
      id: 'conv-2',
      title: 'Linear',
      messages: [{ id: 'n1', role: 'user', content: 'Untouched', created_at: '2025-01-26T09:00:00Z' }]
    }
  ],
  profiles: [
    { id: 'prof-1', name: 'Local', provider: 'ollama', model: 'llama', base_url: 'http://127.0.0.1:9' }
  ]
}

interface ExportedConversation {
  id: string
  messages: { id: string; content: string }[]
  x_personal_agent?: {
    summaries?: unknown[]
    branches?: { parent: string | null; message: { id: string } }[]
  }
}

function conversationsIn(dir: string): ExportedConversation[] {
  return (
    JSON.parse(readFileSync(join(dir, 'conversations.json'), 'utf8')) as {
      conversations: ExportedConversation[]
    }
  ).conversations
}

/** Regenerates a reply through the store (the part a turn writes), ending it with `text`. */
function storeRegenerate(
  conversations: SqliteConversations,
  conversationId: string,
  replyId: string,
  text: string
): string {
  const reply = conversations.startReply(conversationId, { model: 'llama', profileId: 'prof-1' }, replyId)
  conversations.finishReply(reply.id, { status: 'complete', text })
  return reply.id
}

describe('branches: export, rollback and a new migration', () => {
  it('export writes the active path and keeps every hidden version; a linear conversation is unchanged', async () => {
    const dir = tempDir('pa-branches-export-')
    fixtures.track(new SecretStore(dir))
    migrateLegacyChatFolder(dir, LEGACY)
    const before = tempDir('pa-branches-before-')
    expect(cli(['export', '--out', before, '--data-dir', dir]).code).toBe(0)

    const db = openDatabase(join(dir, 'personal-agent.db'))
    const conversations = new SqliteConversations(db)
    const newId = storeRegenerate(conversations, 'conv-1', 'm2', 'Around 23:10.')
    const out = tempDir('pa-branches-out-')
    await exportLegacyFiles(db, new SecretStore(dir), out)
    // The consistency checker reads the branched record as export writes it (as the hybrid mirror holds it).
    const report = await checkConsistency(out, db, new SecretStore(dir), new StoreStats(out))
    expect(report.ok, JSON.stringify(report.kinds)).toBe(true)
    db.close()
    // A branch is the user's change: verification still passes.
    const verify = cliJson(['verify', '--data-dir', dir])
    expect(verify.json['ok'], verify.run.stdout).toBe(true)

    const [branched, linear] = conversationsIn(out)
    const [original, linearBefore] = conversationsIn(before)
    expect(branched!.messages.map((m) => [m.id, m.content])).toEqual([
      ['m1', 'When is the night train?'],
      [newId, 'Around 23:10.']
    ])
    expect(branched!.x_personal_agent).toEqual({
      summaries: [{ upTo: 'm2', text: 'about trains' }],
      branches: [{ parent: 'm1', message: original!.messages[1] }]
    })
    expect(linear).toEqual(linearBefore)
    // The file's bytes for the untouched conversation are the same as before.
    const record = (file: string): string =>
      readFileSync(join(file, 'conversations.json'), 'utf8').split('\n')[2]!
    expect(record(out)).toBe(record(before))
  })

  it('a rollback after branching writes the branches into the restored file, and migrating again keeps them', async () => {
    const dir = tempDir('pa-branches-rollback-')
    fixtures.track(new SecretStore(dir))
    migrateLegacyChatFolder(dir, LEGACY)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const conversations = new SqliteConversations(db)
    const regenerated = storeRegenerate(conversations, 'conv-1', 'm2', 'Around 23:10.')
    conversations.switchBranch('conv-1', regenerated, 1)
    conversations.appendMessage('conv-1', { role: 'user', content: 'Thanks' })
    db.close()

    const back = cli(['rollback', '--data-dir', dir])
    expect(back.code, back.stderr).toBe(0)
    const [rolled] = conversationsIn(dir)
    expect(rolled!.messages.map((m) => m.content)).toEqual([
      'When is the night train?',
      'At 23:10.',
      'Thanks'
    ])
    expect(rolled!.x_personal_agent!.branches!.map((b) => [b.parent, b.message.id])).toEqual([
      ['m1', regenerated]
    ])

    const migrated = cli(['migrate', '--data-dir', dir])
    expect(migrated.code, migrated.stderr).toBe(0)
    const again = tempDir('pa-branches-again-')
    expect(cli(['export', '--out', again, '--data-dir', dir]).code).toBe(0)
    expect(conversationsIn(again)[0]).toEqual(rolled)

    // A new branch after that adds to the kept ones.
    const db2 = openDatabase(join(dir, 'personal-agent.db'))
    const store = new SqliteConversations(db2)
    const thanks = rolled!.messages[2]!.id
    const edited = store.editMessage('conv-1', thanks, 'Thank you')
    const out = tempDir('pa-branches-out2-')
    await exportLegacyFiles(db2, new SecretStore(dir), out)
    db2.close()
    const [latest] = conversationsIn(out)
    expect(latest!.messages.map((m) => m.content)).toEqual([
      'When is the night train?',
      'At 23:10.',
      'Thank you'
    ])
    expect(latest!.messages[2]!.id).toBe(edited.id)
    expect(latest!.x_personal_agent!.branches!.map((b) => [b.parent, b.message.id])).toEqual([
      ['m1', regenerated],
      ['m2', thanks]
    ])
    expect(latest!.x_personal_agent!.summaries).toEqual(LEGACY.conversations[0]!.x_personal_agent!.summaries)
  })
})
