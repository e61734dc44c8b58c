// A long conversation's request reads only what the model's window can reach: the newest messages whole, the older
// ones by their size (SQLite counts and trims them). Against a real migrated SQLite store, with system messages,
// messages kept as parts, whitespace-only ones, tool calls and summaries: for every window, draft and regenerate, the
// request built from that read is the one built from the whole transcript, and old messages' texts stay unread.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildRequest,
  readRequestHistory,
  type ChatRequest,
  type HistoryRead
} from '../src/main/services/chat/chat-request'
import { openDatabase, type Db } from '../src/main/store/sqlite/database'
import { TRIMMED_CHARACTERS } from '../src/main/store/sqlite/recent-transcript'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import type { ChatMessage, StoredSummary } from '../src/main/store/store'
import { tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'

const CONVERSATION = 'c-long'

/** The legacy messages: a system message, parts, blanks of every kind of whitespace, and text in several scripts. */
function legacyMessages(): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [
    { id: 'sys-1', role: 'system', content: 'House rules: be brief.' },
    {
      id: 'u-parts',
      role: 'user',
      content: [{ type: 'text', text: 'A question in parts, ' }, 'two of them.']
    },
    { id: 'a-blank-nbsp', role: 'assistant', content: '\u00a0\u3000\u2028 \t' },
    { id: 'u-zero-width', role: 'user', content: '\u200b' },
    { id: 'a-scripts', role: 'assistant', content: 'Déjà vu — 日本語のテキスト, Ελληνικά, עברית.' },
    { id: 'u-empty', role: 'user', content: '' }
  ]
  for (let i = 0; i < 60; i++)
    messages.push({
      id: `m-${i}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `${i}: ${'Ünïcode and plain words. '.repeat(1 + ((i * 7) % 11))}`
    })
  messages.splice(30, 0, { id: 'sys-2', role: 'system', content: 'Later rule: answer in English.' })
  return messages
}

let dir: string
let db: Db
let store: SqliteConversations
let full: ChatMessage[]
let summaries: StoredSummary[]

beforeAll(() => {
  dir = tempDir('pa-recent-history-')
  migrateLegacyChatFolder(dir, {
    conversations: [{ id: CONVERSATION, title: 'Long', messages: legacyMessages() }],
    profiles: [
      { id: 'p1', name: 'P', provider: 'openai', model: 'gpt-4o', api_key: 'sk-recent-history-0123' }
    ]
  })
  db = openDatabase(join(dir, 'personal-agent.db'))
  store = new SqliteConversations(db)
  // A reply with no text that called two tools (one done, one failed), then more of the conversation.
  const reply = store.startReply(CONVERSATION, { model: 'gpt-4o', profileId: 'p1' })
  const calls = [
    { callId: 'call-1', modelName: 'search', arguments: { q: 'trains' } },
    { callId: 'call-2', modelName: 'fetch', arguments: { url: 'https://example.org' } }
  ]
  store.finishReply(reply.id, { status: 'complete', text: '', finishReason: 'tool-calls', toolCalls: calls })
  const done = store.startToolCall(CONVERSATION, {
    ...calls[0]!,
    serverId: 's',
    serverName: 'S',
    tool: 'search'
  })
  store.updateToolCall(done.id, { status: 'done', result: 'Found: '.repeat(300) })
  const failed = store.startToolCall(CONVERSATION, {
    ...calls[1]!,
    serverId: 's',
    serverName: 'S',
    tool: 'fetch'
  })
  store.updateToolCall(failed.id, { status: 'error', error: 'The page did not load.' })
  for (let i = 0; i < 40; i++)
    store.appendMessage(CONVERSATION, {
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `late ${i}: ${'more words here. '.repeat(1 + ((i * 5) % 9))}`
    })
  full = store.transcript(CONVERSATION)
  summaries = [
    store.addSummary(CONVERSATION, {
      text: 'Early part.',
      throughMessageId: 'm-10',
      profileId: null,
      model: null
    }),
    store.addSummary(CONVERSATION, {
      text: 'Most of it.',
      throughMessageId: full[full.length - 12]!.id,
      profileId: null,
      model: null
    })
  ]
})

afterAll(() => db?.close())

/** The request from the whole transcript (cut before `replacing`), and the one from the short read. */
function bothWays(
  budgetTokens: number,
  options: { summaries?: StoredSummary[]; draftTokens?: number; from?: HistoryRead } = {}
): { whole: ChatRequest; read: ChatRequest; unread: number; recent: number } {
  const window = { budgetTokens, summaries: options.summaries ?? [], draftTokens: options.draftTokens }
  const cut = options.from?.replacing ? full.findIndex((m) => m.id === options.from!.replacing) : -1
  const whole = buildRequest('Be kind.', cut < 0 ? full : full.slice(0, cut), window)
  const history = readRequestHistory(store, CONVERSATION, budgetTokens, options.from)
  return {
    whole,
    read: buildRequest('Be kind.', history, window),
    unread: history.earlier.filter((m) => m.text === null).length,
    recent: history.recent.length
  }
}

describe('a request’s history read newest first', () => {
  it('builds the same request as the whole transcript for every window, with and without summaries and a draft', () => {
    const budgets = [1, 30, 60, 120, 250, 400, 700, 1000, 1500, 2200, 3000, 4000, 6000, 100_000]
    let shortReads = 0
    for (const budgetTokens of budgets)
      for (const options of [{}, { summaries }, { draftTokens: 90 }, { summaries, draftTokens: 400 }]) {
        const { whole, read, unread, recent } = bothWays(budgetTokens, options)
        expect(read, `budget ${budgetTokens} ${JSON.stringify(options)}`).toEqual(whole)
        if (unread > 0) shortReads++
        expect(recent + unread).toBeLessThanOrEqual(full.length)
      }
    // Most windows are smaller than the conversation: their reads left old texts unread.
    expect(shortReads).toBeGreaterThan(30)
  })

  it('reads no older text than the window can reach: a small window reads the newest messages only', () => {
    const { whole, recent, unread } = bothWays(300)
    expect(whole.omitted).toBeGreaterThan(80)
    expect(recent).toBeLessThan(20)
    expect(recent).toBeGreaterThan(whole.messages.length - 1)
    expect(unread).toBeGreaterThan(80)
    // The system messages, however old, are read and sent as instructions.
    expect(whole.instructions).toBe('Be kind.\n\nHouse rules: be brief.\n\nLater rule: answer in English.')
  })

  it('reads back to the message being answered, and leaves out the reply being regenerated and what follows it', () => {
    const asked = full.findLast((m, i) => m.role === 'user' && i < full.length - 20)!
    const replacing = full[full.indexOf(asked) + 1]!.id
    for (const budgetTokens of [1, 200, 900, 3000, 100_000]) {
      const from = { through: asked.id, replacing }
      const { whole, read } = bothWays(budgetTokens, { from, summaries })
      expect(read, `budget ${budgetTokens}`).toEqual(whole)
      expect(read.messages.at(-1)).toEqual({ role: 'user', content: asked.text })
    }
  })

  it('counts an unread message’s characters as SQLite does: a character beyond the BMP once', () => {
    const emoji = tempDir('pa-recent-emoji-')
    migrateLegacyChatFolder(emoji, {
      conversations: [
        {
          id: 'c-emoji',
          messages: [
            { id: 'old', role: 'user', content: '🚂🚂🚂🚂🚂🚂🚂🚂' },
            ...Array.from({ length: 8 }, (_, i) => ({
              id: `n${i}`,
              role: i % 2 === 0 ? 'assistant' : 'user',
              content: 'x'.repeat(400)
            }))
          ]
        }
      ],
      profiles: []
    })
    const emojiDb = openDatabase(join(emoji, 'personal-agent.db'))
    try {
      const history = readRequestHistory(new SqliteConversations(emojiDb), 'c-emoji', 150)
      expect(history.earlier[0]).toMatchObject({ id: 'old', text: null, chars: 8, blank: false })
    } finally {
      emojiDb.close()
    }
  })

  it('trims, in SQLite, exactly the characters JavaScript’s trim() removes', () => {
    const trimmed: string[] = []
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      const c = String.fromCharCode(code)
      if (`${c}a${c}`.trim() === 'a') trimmed.push(c)
    }
    expect([...TRIMMED_CHARACTERS].sort()).toEqual(trimmed.sort())
    const blank = db.prepare("SELECT trim(?, ?) = '' AS blank")
    for (const c of trimmed) expect(blank.get(`${c}${c}`, TRIMMED_CHARACTERS)).toEqual({ blank: 1 })
    expect(blank.get('\u200b', TRIMMED_CHARACTERS)).toEqual({ blank: 0 })
  })
})
