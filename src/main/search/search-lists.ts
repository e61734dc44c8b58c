// The ranked lists hybrid search fuses: three from the full-text indexes (messages, conversation titles, knowledge
// items; bm25 order, snippets with the match marked) and one from the embeddings (nearest chunks first, one result
// per record, only above the embedder's similarity floor).
import type { SearchHitView } from '../../shared/search-types'
import type { Db } from '../store/sqlite/database'
import { nearestChunks } from './chunk-vectors'
import type { Embedder } from './embedder'
import { KNOWLEDGE_TEXT_SQL } from './embedding-indexer'
import { MARK_END, MARK_START, snippetParts, windowSnippet } from './snippets'
import { messagesHolding } from './term-counts'

export interface RankedHit {
  key: string
  item: SearchHitView
}

const MARKS = `'${MARK_START}', '${MARK_END}'`

interface MessageRow {
  id: number
  uid: string | null
  role: string | null
  conversation_uid: string
  conversation_title: string | null
  marked: string
}

function messageHit(row: MessageRow, snippet: SearchHitView['snippet']): RankedHit {
  return {
    key: `message:${row.id}`,
    item: {
      kind: 'message',
      conversationId: row.conversation_uid,
      messageId: row.uid ?? `#${row.id}`,
      conversationTitle: row.conversation_title ?? '',
      role: row.role ?? '',
      snippet,
      sources: [],
      score: 0
    }
  }
}

function knowledgeHit(
  row: { id: number; uid: string; title: string; source_path: string | null },
  snippet: SearchHitView['snippet']
): RankedHit {
  return {
    key: `knowledge:${row.id}`,
    item: {
      kind: 'knowledge',
      itemId: row.uid,
      title: row.title,
      sourcePath: row.source_path,
      snippet,
      sources: [],
      score: 0
    }
  }
}

/** How the messages list ranks. bm25 counts, for each word of a query, every message holding it (about 100 ms for a
 * word in 230,000 messages of a million), and scores every match it ranks. So a query with a word held by more than
 * `bm25MaxDocuments` messages lists its newest matches first; any other ranks by bm25 its newest `window` matches
 * (all of them when there are fewer, as before). */
export interface MessageRanking {
  window: number
  bm25MaxDocuments: number
}

export const MESSAGE_RANKING: MessageRanking = { window: 4000, bm25MaxDocuments: 20_000 }

const SNIPPET = `snippet(messages_fts, 0, ${MARKS}, '…', 16)`

/** The best `limit` messages matching, in order, with their snippets (computed for those only). */
function bestMatches(
  db: Db,
  match: string,
  limit: number,
  ranking: MessageRanking
): { id: number; marked: string }[] {
  // ftsQuery's terms are quoted words, one space apart.
  const common = match.split(' ').some((term) => messagesHolding(db, term) > ranking.bm25MaxDocuments)
  if (common)
    return db
      .prepare(
        `SELECT rowid AS id, ${SNIPPET} AS marked FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
      )
      .all(match, limit) as { id: number; marked: string }[]
  const best = db
    .prepare(
      `WITH newest AS (
         SELECT rowid AS id, bm25(messages_fts) AS score FROM messages_fts WHERE messages_fts MATCH ?
         ORDER BY rowid DESC LIMIT ?
       )
       SELECT id FROM newest ORDER BY score, id DESC LIMIT ?`
    )
    .all(match, ranking.window, limit) as { id: number }[]
  if (best.length === 0) return []
  // Snippets on the walk over the newest matches, for the chosen ones only: FTS5 finds one row by id through every
  // segment of the index (5 to 10 ms a row at a million messages), where the walk takes a millisecond or two.
  const marked = new Map(
    (
      db
        .prepare(
          `SELECT rowid AS id, CASE WHEN rowid IN (SELECT value FROM json_each(?)) THEN ${SNIPPET} END AS marked
           FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
        )
        .all(JSON.stringify(best.map(({ id }) => id)), match, ranking.window) as {
        id: number
        marked: string | null
      }[]
    ).flatMap((row) => (row.marked === null ? [] : [[row.id, row.marked] as const]))
  )
  return best.flatMap(({ id }) => {
    const snippet = marked.get(id)
    return snippet === undefined ? [] : [{ id, marked: snippet }]
  })
}

function messageMatches(db: Db, match: string, limit: number, ranking: MessageRanking): MessageRow[] {
  const row = db.prepare(
    `SELECT m.id, m.uid, m.role, c.uid AS conversation_uid, c.title AS conversation_title
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`
  )
  return bestMatches(db, match, limit, ranking).flatMap(({ id, marked }) => {
    const found = row.get(id) as Omit<MessageRow, 'marked'> | undefined
    return found ? [{ ...found, marked }] : []
  })
}

export function ftsLists(
  db: Db,
  match: string,
  limit: number,
  ranking: MessageRanking = MESSAGE_RANKING
): RankedHit[][] {
  const messages = messageMatches(db, match, limit, ranking)
  const titles = db
    .prepare(
      `SELECT c.id, c.uid, highlight(conversation_titles_fts, 0, ${MARKS}) AS marked
       FROM conversation_titles_fts JOIN conversations c ON c.id = conversation_titles_fts.rowid
       WHERE conversation_titles_fts MATCH ? ORDER BY bm25(conversation_titles_fts) LIMIT ?`
    )
    .all(match, limit) as { id: number; uid: string; marked: string }[]
  const knowledge = db
    .prepare(
      `SELECT k.id, k.uid, k.title, k.source_path, snippet(knowledge_fts, -1, ${MARKS}, '…', 16) AS marked
       FROM knowledge_fts JOIN knowledge_items k ON k.id = knowledge_fts.rowid
       WHERE knowledge_fts MATCH ? ORDER BY bm25(knowledge_fts, 2.0, 1.0) LIMIT ?`
    )
    .all(match, limit) as {
    id: number
    uid: string
    title: string
    source_path: string | null
    marked: string
  }[]
  return [
    messages.map((row) => messageHit(row, snippetParts(row.marked))),
    titles.map((row) => ({
      key: `conversation:${row.id}`,
      item: {
        kind: 'conversation',
        conversationId: row.uid,
        title: snippetParts(row.marked)
          .map((part) => part.text)
          .join(''),
        snippet: snippetParts(row.marked),
        sources: [],
        score: 0
      }
    })),
    knowledge.map((row) => knowledgeHit(row, snippetParts(row.marked)))
  ]
}

interface ChunkRow {
  similarity: number
  owner_kind: 'message' | 'knowledge'
  owner_id: number
  start: number
  end: number
}

export async function vectorList(
  db: Db,
  embedder: Embedder,
  query: string,
  limit: number
): Promise<RankedHit[]> {
  const [vector] = await embedder.embed([query])
  if (!vector) return []
  const nearest = nearestChunks(db, embedder.id, vector, limit * 4)
  const chunk = db.prepare('SELECT owner_kind, owner_id, start, end FROM embedding_chunks WHERE id = ?')
  const rows = nearest.flatMap(({ chunkId, similarity }) => {
    const row = chunk.get(chunkId) as Omit<ChunkRow, 'similarity'> | undefined
    return row ? [{ ...row, similarity }] : []
  })
  const seen = new Set<string>()
  const hits: RankedHit[] = []
  const message = db.prepare(
    `SELECT m.id, m.uid, m.role, m.content, c.uid AS conversation_uid, c.title AS conversation_title
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`
  )
  const knowledge = db.prepare(
    `SELECT k.id, k.uid, k.title, k.source_path, ${KNOWLEDGE_TEXT_SQL} AS text FROM knowledge_items k WHERE k.id = ?`
  )
  for (const row of rows) {
    if (row.similarity < embedder.minSimilarity || hits.length >= limit) break
    const key = `${row.owner_kind}:${row.owner_id}`
    if (seen.has(key)) continue
    seen.add(key)
    if (row.owner_kind === 'message') {
      const found = message.get(row.owner_id) as
        (Omit<MessageRow, 'marked'> & { content: string }) | undefined
      if (found)
        hits.push(
          messageHit({ ...found, marked: '' }, windowSnippet(found.content.slice(row.start, row.end), query))
        )
    } else {
      const found = knowledge.get(row.owner_id) as
        { id: number; uid: string; title: string; source_path: string | null; text: string } | undefined
      if (found) hits.push(knowledgeHit(found, windowSnippet(found.text.slice(row.start, row.end), query)))
    }
  }
  return hits
}
