// The words list ranks the newest matching messages (a window) by bm25: under the window the ranking is the whole
// bm25 order, as before; over it, the best of the newest; with a word too common for bm25, the newest first.
import { describe, expect, it } from 'vitest'
import { ftsQuery } from '../src/main/search/fts-query'
import { ftsLists } from '../src/main/search/search-lists'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-rank-window-')

/** 30 messages with "kestrel"; the 5th and the 25th say it three times (the best matches by bm25). */
function store(): { ids: string[]; list: (window: number, bm25MaxDocuments?: number) => string[] } {
  const { db } = fixtures.fresh()
  const chats = new SqliteConversations(db)
  const conversation = chats.create({ title: 'Birds' }).id
  for (let i = 0; i < 30; i++)
    chats.appendMessage(conversation, {
      role: 'user',
      content:
        i === 5 || i === 25 ? 'kestrel kestrel kestrel over the field' : `a kestrel and ${i} other birds seen`
    })
  const ids = (db.prepare('SELECT uid FROM messages ORDER BY id').all() as { uid: string }[]).map(
    (r) => r.uid
  )
  const list = (window: number, bm25MaxDocuments = 1000): string[] =>
    ftsLists(db, ftsQuery('kestrel')!, 3, { window, bm25MaxDocuments })[0]!.map((hit) =>
      hit.item.kind === 'message' ? hit.item.messageId : ''
    )
  return { ids, list }
}

describe('the words list of messages', () => {
  it('ranks every match by bm25 when they fit the window', () => {
    const { ids, list } = store()
    const found = list(1000)
    expect(found.slice(0, 2).sort()).toEqual([ids[5], ids[25]].sort())
    expect(found).toHaveLength(3)
  })

  it('ranks the newest matches when there are more than the window', () => {
    const { ids, list } = store()
    const found = list(10)
    expect(found[0]).toBe(ids[25])
    expect(found.every((id) => ids.indexOf(id) >= 20)).toBe(true)
  })

  it('lists the newest first when a word of the query is in more messages than bm25 can count quickly', () => {
    const { ids, list } = store()
    expect(list(1000, 20)).toEqual([ids[29], ids[28], ids[27]])
  })
})
