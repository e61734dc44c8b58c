// Paging a conversation's messages from the end (how the chat view opens a long conversation): the newest page
// first, each cursor leading to older messages, every page in the original order, on every backend.
import { describe, expect, it } from 'vitest'
import { STORAGE_BACKENDS } from '../src/shared/types'
import type { Store } from '../src/main/store/store'
import { backendFixtures } from './support/backends'

const fixtures = backendFixtures()

/** All pages from the end, as the texts of each page. */
function pagesFromEnd(store: Store, id: string, limit: number): string[][] {
  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const page = store.conversations.messages(id, { cursor, limit, fromEnd: true })
    pages.push(page.items.map((m) => m.text))
    cursor = page.nextCursor
  } while (cursor)
  return pages
}

describe.each(STORAGE_BACKENDS)('the %s backend', (backend) => {
  it('pages a conversation from its newest messages back to its first', async () => {
    const { store } = await fixtures.open(backend)
    const c = store.conversations.create({ title: 'long' })
    const texts = Array.from({ length: 7 }, (_, i) => `message ${i}`)
    for (const text of texts) store.conversations.appendMessage(c.id, { role: 'user', content: text })

    expect(pagesFromEnd(store, c.id, 3)).toEqual([
      ['message 4', 'message 5', 'message 6'],
      ['message 1', 'message 2', 'message 3'],
      ['message 0']
    ])
    expect(pagesFromEnd(store, c.id, 7)).toEqual([texts])
    // A message added after the first page is not in the older pages: they lead back from where the reader was.
    const first = store.conversations.messages(c.id, { limit: 3, fromEnd: true })
    store.conversations.appendMessage(c.id, { role: 'user', content: 'message 7' })
    const older = store.conversations.messages(c.id, { cursor: first.nextCursor, limit: 3, fromEnd: true })
    expect(older.items.map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3'])
    // A cursor of the other direction is refused, not misread.
    const forward = store.conversations.messages(c.id, { limit: 3 })
    expect(() => store.conversations.messages(c.id, { cursor: forward.nextCursor, fromEnd: true })).toThrow(
      /cursor/
    )
    const empty = store.conversations.create({ title: 'empty' })
    expect(store.conversations.messages(empty.id, { fromEnd: true })).toEqual({ items: [], nextCursor: null })
  })
})
