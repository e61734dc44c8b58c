// A conversation longer than the model's window, against a real server on 127.0.0.1 and a real SQLite store: the
// request carries the system prompt and the newest messages that fit, and says how many were left out; a summary
// written through the same profile is sent in place of the older messages, which stay in the store; a provider's
// context-length refusal is sent again with fewer messages, or ends in one line; and the export carries summaries.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChatError } from '../src/main/services/chat/chat-errors'
import { SUMMARY_INSTRUCTIONS } from '../src/main/services/chat/older-summary'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { chatFixture, type ChatFixture } from './support/chat-fixture'
import { cli } from './support/cli'
import { tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'
import { useFakeProvider, type SeenRequest } from './support/fake-providers'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-chat-context-')
const KEY = 'sk-chat-context-test-0123456789abcdef'
const provider = useFakeProvider()

/** A profile whose model takes 1,500 tokens, 200 of them kept for the reply. */
async function smallWindow(extra: Record<string, unknown> = {}): Promise<ChatFixture> {
  return chatFixture(fixtures.fresh(), {
    provider: 'openai',
    baseUrl: provider.url,
    apiKey: KEY,
    extra: { context_window: 1500, max_tokens: 200, system_prompt: 'You are terse.', ...extra }
  })
}

/** `count` stored messages alternating user/assistant, each about 100 tokens, numbered "old 0", "old 1", … */
function longHistory(c: ChatFixture, count: number): void {
  for (let i = 0; i < count; i++)
    c.conversations.appendMessage(c.conversationId, {
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: `old ${i} `.padEnd(400, '.')
    })
}

function sentTexts(request: SeenRequest): string[] {
  return (request.body.messages as { role: string; content: string }[]).map((m) => m.content)
}

function lastRequest(): SeenRequest {
  return provider.requests[provider.requests.length - 1]!
}

describe('the context window', () => {
  it('sends the system prompt and the newest messages that fit, and says how many were not sent', async () => {
    const c = await smallWindow()
    longHistory(c, 30)
    provider.requests.length = 0
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'Newest question' })

    expect(provider.requests).toHaveLength(1)
    const messages = provider.requests[0]!.body.messages as { role: string; content: string }[]
    expect(messages[0]).toEqual({ role: 'system', content: 'You are terse.' })
    expect(messages[1]!.role).toBe('user')
    expect(messages[messages.length - 1]).toEqual({ role: 'user', content: 'Newest question' })
    const sentOld = messages.slice(1, -1).map((m) => Number(/^old (\d+)/.exec(m.content)![1]))
    // The newest ones, in order, ending with the last stored before the question.
    expect(sentOld[sentOld.length - 1]).toBe(29)
    expect(sentOld).toEqual(sentOld.map((_, i) => 30 - sentOld.length + i))
    expect(sentOld.length).toBeGreaterThan(3)
    expect(sentOld.length).toBeLessThan(13)
    expect(turn.omittedMessages).toBe(30 - sentOld.length)
    expect(turn.summarisedMessages).toBe(0)
    expect(turn.reply.status).toBe('complete')

    const gauge = await c.chat.context(c.conversationId)
    expect(gauge.windowTokens).toBe(1500)
    // The whole conversation is over the window, as the gauge shows.
    expect(gauge.usedTokens).toBeGreaterThan(1500)
    expect(gauge.omittedMessages).toBeGreaterThanOrEqual(turn.omittedMessages)
    const typing = await c.chat.context(c.conversationId, null, 2000)
    expect(typing.usedTokens).toBe(gauge.usedTokens + 500)
    expect(typing.omittedMessages).toBeGreaterThan(gauge.omittedMessages)
  })

  it('summarises the older messages through the same profile and sends the summary in their place', async () => {
    const c = await smallWindow()
    longHistory(c, 30)
    const before = c.conversations.transcript(c.conversationId)
    provider.requests.length = 0
    const answer = { kind: 'stream' as const, deltas: ['They counted ', 'from 0 upwards.'] }
    provider.script(answer, answer, answer, answer, answer, answer)
    const summary = await c.chat.summarise(c.conversationId)
    provider.script()

    expect(summary).toMatchObject({
      text: 'They counted from 0 upwards.',
      profileId: c.profileId,
      model: 'test-model'
    })
    const asked = provider.requests.map((r) => r.body.messages as { role: string; content: string }[])
    // Too long for one request: in rounds, each after the summary so far.
    expect(asked.length).toBeGreaterThanOrEqual(2)
    expect(asked[0]![0]).toEqual({ role: 'system', content: SUMMARY_INSTRUCTIONS })
    expect(asked[0]![1]!.content).toContain('User: old 0 ')
    expect(asked[1]![1]!.content).toMatch(/^The summary so far:\n\nThey counted from 0 upwards\./)
    for (const round of asked) expect(round.length).toBe(2)
    // The messages are untouched: the summary is stored beside them.
    expect(c.conversations.transcript(c.conversationId)).toEqual(before)
    expect(c.conversations.summaries(c.conversationId)).toEqual([summary])

    const covered = before.findIndex((m) => m.id === summary!.throughMessageId) + 1
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'And now?' })
    const texts = sentTexts(lastRequest())
    expect(texts[0]).toBe('You are terse.')
    expect(texts[1]).toContain('They counted from 0 upwards.')
    expect(texts.some((t) => t.startsWith('old 0 '))).toBe(false)
    expect(texts.filter((t) => t.startsWith('old ')).length).toBe(30 - covered)
    expect(turn).toMatchObject({ omittedMessages: 0, summarisedMessages: covered })
    const gauge = await c.chat.context(c.conversationId)
    expect(gauge).toMatchObject({ omittedMessages: 0, summarisedMessages: covered })
    expect(gauge.usedTokens).toBeLessThanOrEqual(1300)
  })

  it('sends a refused request again with fewer messages, and ends in one line when that is not enough', async () => {
    // The profile claims a large window; the provider refuses what the estimate thought would fit.
    const c = await smallWindow({ context_window: 100_000 })
    longHistory(c, 20)
    provider.requests.length = 0
    const tooLong = {
      kind: 'status' as const,
      status: 400,
      body: {
        error: {
          message:
            "This model's maximum context length is 1000 tokens. However, your messages resulted in 2300 tokens.",
          code: 'context_length_exceeded'
        }
      }
    }
    provider.script(tooLong)
    const turn = await c.chat.send({ conversationId: c.conversationId, text: 'Question' })
    expect(provider.requests).toHaveLength(2)
    expect(sentTexts(provider.requests[1]!).length).toBeLessThan(sentTexts(provider.requests[0]!).length)
    expect(turn.reply.status).toBe('complete')
    expect(turn.omittedMessages).toBeGreaterThan(0)
    // What was learned shows in the gauge.
    expect((await c.chat.context(c.conversationId)).windowTokens).toBeLessThanOrEqual(1000)

    provider.script(tooLong, tooLong, tooLong)
    const error = await c.chat.send({ conversationId: c.conversationId, text: 'Again' }).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ChatError)
    const line = (error as ChatError).message
    expect((error as ChatError).kind).toBe('context-length')
    expect(line).not.toContain('\n')
    expect(line).toMatch(/^Profile "Test profile": the conversation is longer than "test-model" accepts/)
    expect(line).toMatch(/choose a model with a larger context window in Profiles\.$/)
    provider.script()
  })

  it('exports summaries under the conversation record’s x_personal_agent object, and migrating that keeps them', () => {
    const dir = tempDir('pa-chat-context-export-')
    migrateLegacyChatFolder(dir, {
      conversations: [
        {
          id: 'conv-a',
          title: 'With summary',
          x_personal_agent: { branches: [{ id: 'b1' }] },
          messages: [
            { id: 'a1', role: 'user', content: 'One', created_at: '2024-01-01T00:00:00Z' },
            { id: 'a2', role: 'assistant', content: 'Two', created_at: '2024-01-01T00:00:01Z' }
          ]
        },
        { id: 'conv-b', title: 'Without', messages: [{ id: 'b1', role: 'user', content: 'Hi' }] }
      ],
      profiles: []
    })
    const plain = join(dir, 'plain')
    expect(cli(['export', '--out', plain, '--data-dir', dir]).code).toBe(0)

    const db = openDatabase(join(dir, 'personal-agent.db'))
    const stored = new SqliteConversations(db).addSummary('conv-a', {
      text: 'They counted to two.',
      throughMessageId: 'a2',
      profileId: 'prof-x',
      model: 'gpt-x'
    })
    db.close()
    const out = join(dir, 'out')
    expect(cli(['export', '--out', out, '--data-dir', dir]).code).toBe(0)
    const exported = JSON.parse(readFileSync(join(out, 'conversations.json'), 'utf8')) as {
      conversations: Record<string, unknown>[]
    }
    const [withSummary, without] = exported.conversations
    expect(withSummary!.x_personal_agent).toEqual({
      branches: [{ id: 'b1' }],
      summaries: [
        {
          id: stored.id,
          text: 'They counted to two.',
          through_message_id: 'a2',
          profile_id: 'prof-x',
          model: 'gpt-x',
          created_at: stored.createdAt
        }
      ]
    })
    // A conversation without summaries exports exactly as before.
    const before = JSON.parse(readFileSync(join(plain, 'conversations.json'), 'utf8')) as typeof exported
    expect(without).toEqual(before.conversations[1])
    expect(before.conversations[0]!.x_personal_agent).toEqual({ branches: [{ id: 'b1' }] })

    // Migrating the export again keeps the summary, sent in place of the messages it covers, and exports it once.
    const again = tempDir('pa-chat-context-again-')
    for (const name of ['conversations.json', 'models.json', 'mcp_config.json'])
      writeFileSync(join(again, name), readFileSync(join(out, name)))
    expect(cli(['migrate', '--data-dir', again]).code).toBe(0)
    const db2 = openDatabase(join(again, 'personal-agent.db'))
    expect(new SqliteConversations(db2).summaries('conv-a')).toEqual([stored])
    db2.close()
    const out2 = join(again, 'out')
    expect(cli(['export', '--out', out2, '--data-dir', again]).code).toBe(0)
    expect(readFileSync(join(out2, 'conversations.json'), 'utf8')).toBe(
      readFileSync(join(out, 'conversations.json'), 'utf8')
    )
  })
})
