// Search over a real store: full-text hits for messages, titles and notes with the match marked, safe handling of
// any typed query, matches by meaning that full-text cannot find, reciprocal rank fusion, results that lead to the
// right record, resumable embedding, vectors that go when their record goes, and the CLI.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { SearchService } from '../src/main/services/search-service'
import { embedPending, pendingEmbeddings } from '../src/main/search/embedding-indexer'
import type { Embedder } from '../src/main/search/embedder'
import { ftsQuery } from '../src/main/search/fts-query'
import { offlineEmbedder } from '../src/main/search/offline-embedder'
import { fuseRanks, RRF_K } from '../src/main/search/rrf'
import { boundedDistance } from '../src/main/search/fuzzy-titles'
import { chunkText } from '../src/main/search/chunks'
import type { Db } from '../src/main/store/sqlite/database'
import { foundBy, type SearchHitView } from '../src/shared/search-types'
import { cliJson } from './support/cli'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-search-')

function addNote(db: Db, uid: string, title: string, content: string): void {
  db.prepare(
    `INSERT INTO knowledge_items(uid, title, content, format, source_path, content_hash, imported_at)
     VALUES (?, ?, ?, 'markdown', ?, ?, '2026-11-22T00:00:00Z')`
  ).run(uid, title, content, `/notes/${uid}.md`, uid)
}

function seeded(): { db: Db; chats: SqliteConversations; trip: string; tripMessage: string; db2: string } {
  const f = fixtures.fresh()
  const chats = new SqliteConversations(f.db, f.secrets)
  const trip = chats.create({ title: 'Planning the Lisbon trip' }).id
  chats.appendMessage(trip, {
    role: 'user',
    content: 'Where can I get the best pastéis de nata near the tram?'
  })
  const tripMessage = chats.appendMessage(trip, {
    role: 'assistant',
    content: 'Manteigaria in Chiado; take tram 28.'
  }).id
  const db2 = chats.create({ title: 'Database questions' }).id
  chats.appendMessage(db2, {
    role: 'user',
    content: 'How does the migration keep every message? Explain the backup.'
  })
  chats.appendMessage(db2, {
    role: 'assistant',
    content: 'It copies the files with checksums, then verifies each record.'
  })
  addNote(
    f.db,
    'note-sourdough',
    'Sourdough starter',
    'Feed the starter twice a day; bread rises better when warm.'
  )
  addNote(f.db, 'note-git', 'Git cheatsheet', 'git rebase -i HEAD~3 squashes the last commits.')
  return { db: f.db, chats, trip, tripMessage, db2 }
}

function where(hit: SearchHitView): string {
  if (hit.kind === 'message') return `message ${hit.conversationId}/${hit.messageId}`
  if (hit.kind === 'conversation') return `conversation ${hit.conversationId}`
  return `knowledge ${hit.itemId}`
}

function marked(hit: SearchHitView): string[] {
  return hit.snippet.filter((part) => part.match).map((part) => part.text)
}

describe('full-text search', () => {
  it('finds messages, titles and notes, marks the match, and leads to the record', async () => {
    const { db, trip, tripMessage } = seeded()
    await embedPending(db, offlineEmbedder)
    const search = new SearchService(db, offlineEmbedder)

    const tram = await search.search('tram 28')
    expect(where(tram[0]!)).toBe(`message ${trip}/${tripMessage}`)
    expect(tram[0]).toMatchObject({
      kind: 'message',
      conversationTitle: 'Planning the Lisbon trip',
      role: 'assistant'
    })
    expect(marked(tram[0]!)).toEqual(['tram', '28'])
    expect(tram[0]!.sources).toContain('fts')

    const title = (await search.search('lisbon')).find((hit) => hit.kind === 'conversation')!
    expect(where(title)).toBe(`conversation ${trip}`)
    expect(marked(title)).toEqual(['Lisbon'])

    const note = (await search.search('rebase'))[0]!
    expect(note).toMatchObject({
      kind: 'knowledge',
      itemId: 'note-git',
      title: 'Git cheatsheet',
      sourcePath: '/notes/note-git.md'
    })
    expect(marked(note)).toEqual(['rebase'])
    // Accents folded, and the last word matches as a prefix while it is being typed.
    expect(marked((await search.search('pasteis'))[0]!)).toEqual(['pastéis'])
    expect((await search.search('sourd'))[0]).toMatchObject({ itemId: 'note-sourdough' })
  })

  it('takes any typed text as words, never as query syntax', async () => {
    const { db } = seeded()
    const search = new SearchService(db, offlineEmbedder)
    expect(ftsQuery('tram AND "28')).toBe('"tram" "AND" "28"*')
    expect(ftsQuery('-git* NEAR(x) ^y')).toBe('"git" "NEAR" "x" "y"*')
    expect(ftsQuery('"" (( ** --')).toBeNull()
    for (const query of ['"', 'AND', 'OR NOT', 'a"b', '*', '-', '((', 'NEAR(', '😀', 'café', '\u0000x', ' '])
      await expect(search.search(query)).resolves.toBeInstanceOf(Array)
  })
})

describe('typos in conversation titles', () => {
  it('finds a title with a typo or two in the words typed, and says it was found by similar spelling', async () => {
    // Nothing embedded: only the words can find anything.
    const { db, chats } = seeded()
    const sql = chats.create({ title: 'SQL window functions' }).id
    const search = new SearchService(db, offlineEmbedder)
    const hits = await search.search('window functons')
    expect(hits[0]).toMatchObject({ kind: 'conversation', conversationId: sql, sources: ['spelling'] })
    expect(marked(hits[0]!)).toEqual(['window', 'functions'])
    expect(foundBy(hits[0]!.sources)).toBe('Found by similar spelling')
    expect((await search.search('Lisbn trip'))[0]).toMatchObject({
      kind: 'conversation',
      sources: ['spelling']
    })
    // Spelt right, the words search finds it alone; short words and far misspellings find nothing.
    expect((await search.search('window functions'))[0]!.sources).toEqual(['fts'])
    expect(await search.search('windaw fnctns')).toEqual([])
    expect(await search.search('sqx window')).toEqual([])
  })

  it('bounds the edit distance, giving up past the bound', () => {
    expect(boundedDistance('functons', 'functions', 2)).toBe(1)
    expect(boundedDistance('kitten', 'sitting', 2)).toBeNull()
    expect(boundedDistance('kitten', 'sitting', 3)).toBe(3)
    expect(foundBy(['fts', 'vector'])).toBe('Found by words')
    expect(foundBy(['vector'])).toBe('Found by meaning')
  })
})

describe('search by meaning', () => {
  it('finds a misspelt word that full-text cannot, and nothing for unrelated words', async () => {
    const { db, db2 } = seeded()
    await embedPending(db, offlineEmbedder)
    const search = new SearchService(db, offlineEmbedder)
    // Full-text needs every word, and "migrtion" is in no text: only the embeddings can find it.
    const typo = await search.search('migrtion backup')
    expect(typo[0]).toMatchObject({ kind: 'message', conversationId: db2, sources: ['vector'] })
    expect(marked(typo[0]!)).toEqual(['backup']) // the words of the query it contains are marked
    expect(await search.search('zebra quantum')).toEqual([])
  })

  it('fuses the lists by reciprocal rank: agreement beats a single first place', () => {
    const fused = fuseRanks([
      { name: 'fts', items: ['a', 'b', 'c'].map((key) => ({ key, item: key })) },
      { name: 'vector', items: ['b', 'd', 'e'].map((key) => ({ key, item: key })) }
    ])
    // b: 1/62 + 1/61; a: 1/61; d: 1/62; c and e: 1/63 each (a tie keeps the order of first appearance).
    expect(fused.map((f) => f.key)).toEqual(['b', 'a', 'd', 'c', 'e'])
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1), 10)
    expect(fused[0]!.sources).toEqual(['fts', 'vector'])
    expect(fused[1]!.score).toBeCloseTo(1 / (RRF_K + 1), 10)
  })

  it('ranks first what both searches found', async () => {
    const { db } = seeded()
    await embedPending(db, offlineEmbedder)
    const hits = await new SearchService(db, offlineEmbedder).search('starter bread')
    expect(hits[0]).toMatchObject({ itemId: 'note-sourdough', sources: ['fts', 'vector'] })
  })
})

describe('embedding', () => {
  it('resumes where it stopped and embeds each record once; long texts are chunked', async () => {
    const { db } = seeded()
    addNote(db, 'note-long', 'Long', 'word '.repeat(600))
    const calls: number[] = []
    const controller = new AbortController()
    const counting: Embedder = {
      ...offlineEmbedder,
      async embed(texts, signal) {
        calls.push(texts.length)
        if (calls.length === 2) controller.abort()
        return offlineEmbedder.embed(texts, signal)
      }
    }
    expect(pendingEmbeddings(db, counting.id)).toBe(7)
    const first = await embedPending(db, counting, { batchSize: 2, signal: controller.signal })
    expect(first).toMatchObject({ embedded: 4, stopped: true })
    expect(pendingEmbeddings(db, counting.id)).toBe(3)
    const second = await embedPending(db, counting, { batchSize: 2 })
    expect(second).toMatchObject({ embedded: 3, stopped: false })
    expect(pendingEmbeddings(db, counting.id)).toBe(0)
    const perOwner = db
      .prepare(
        'SELECT owner_kind, owner_id, COUNT(*) AS n FROM embedding_chunks GROUP BY owner_kind, owner_id HAVING n > 1'
      )
      .all() as { n: number }[]
    expect(perOwner).toEqual([
      {
        owner_kind: 'knowledge',
        owner_id: expect.any(Number),
        n: chunkText(`Long\n\n${'word '.repeat(600)}`).length
      }
    ])
    expect(db.prepare('SELECT COUNT(*) AS n FROM chunk_vectors').get()).toEqual(
      db.prepare('SELECT COUNT(*) AS n FROM embedding_chunks').get()
    )
  })

  it('counts as pending only messages with text and no first chunk; a blank one never waits', async () => {
    const { db, chats, trip } = seeded()
    chats.appendMessage(trip, { role: 'user', content: ' \t\n\r ' })
    const reply = chats.startReply(trip, { model: 'm', profileId: 'p' })
    // The four seeded messages, the two notes, and the reply's text once it has some (not the blank message).
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(6)
    await embedPending(db, offlineEmbedder)
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(0)
    chats.saveReplyText(reply.id, 'Pastel de nata, twice.')
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(1)
    // A pass with nothing to do reads nothing more and embeds nothing.
    expect(await embedPending(db, offlineEmbedder, { total: 0 })).toEqual({
      embedded: 0,
      chunks: 0,
      stopped: false
    })
    expect(await embedPending(db, offlineEmbedder)).toMatchObject({ embedded: 1, stopped: false })
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(0)
  })

  it('drops the vectors of deleted and edited records, and embeds an edited one again', async () => {
    const { db, chats, trip } = seeded()
    await embedPending(db, offlineEmbedder)
    const vectors = (): number =>
      (db.prepare('SELECT COUNT(*) AS n FROM chunk_vectors').get() as { n: number }).n
    expect(vectors()).toBe(6)
    await chats.delete(trip)
    expect(vectors()).toBe(4)
    db.prepare("DELETE FROM knowledge_items WHERE uid = 'note-git'").run()
    expect(vectors()).toBe(3)
    db.prepare(
      "UPDATE knowledge_items SET content = 'Rye flour works too.' WHERE uid = 'note-sourdough'"
    ).run()
    expect(vectors()).toBe(2)
    expect(pendingEmbeddings(db, offlineEmbedder.id)).toBe(1)
    await embedPending(db, offlineEmbedder)
    expect((await new SearchService(db, offlineEmbedder).search('rye flour'))[0]).toMatchObject({
      itemId: 'note-sourdough'
    })
    expect(await new SearchService(db, offlineEmbedder).search('tram')).toEqual([])
  })
})

describe('personal-agent search', () => {
  it('embeds what an import brought and answers in JSON with where each result leads', () => {
    const dataDir = join(tempDir(), 'data')
    cliJson(['import', join(__dirname, 'fixtures', 'notes'), '--data-dir', dataDir])
    const { run, json } = cliJson<{ embedder: string; results: SearchHitView[] }>([
      'search',
      'migrtion',
      '--data-dir',
      dataDir
    ])
    expect(run.code).toBe(0)
    expect(json.embedder).toBe('offline-ngram-v1')
    expect(json.results[0]).toMatchObject({
      kind: 'knowledge',
      title: 'Migration checklist',
      sources: ['vector']
    })
    const words = cliJson<{ results: SearchHitView[] }>([
      'search',
      'nata',
      '--limit',
      '1',
      '--data-dir',
      dataDir
    ]).json
    expect(words.results).toHaveLength(1)
    expect(words.results[0]).toMatchObject({ title: 'Lisbon trip, March 2024' })
    expect(words.results[0]!.sources).toContain('fts')
    const none = cliJson<{ results: SearchHitView[] }>(['search', 'zebra quantum', '--data-dir', dataDir])
    expect(none.json.results).toEqual([])
    expect(cliJson(['search', 'x', '--limit', '0', '--data-dir', dataDir]).run.code).toBe(2)
  })
})
