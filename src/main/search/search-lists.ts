// The ranked lists hybrid search fuses: three from the full-text indexes (messages, conversation titles, knowledge
// items; bm25 order, snippets with the match marked) and one from the embeddings (nearest chunks first, one result
// per record, only above the embedder's similarity floor).
import type { SearchHitView } from '../../shared/search-types'
import type { Db } from '../store/sqlite/database'
import { nearestChunks } from './chunk-vectors'
import type { Embedder } from './embedder'
import { KNOWLEDGE_TEXT_SQL } from './embedding-indexer'
import { bestMessageMatches, MESSAGE_RANKING, type MessageRanking } from './message-ranking'
import { SQL_MARKS, snippetParts, windowSnippet } from './snippets'

export interface RankedHit {
  key: string
  item: SearchHitView
}

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

function messageMatches(db: Db, match: string, limit: number, ranking: MessageRanking): MessageRow[] {
  const row = db.prepare(
    `SELECT m.id, m.uid, m.role, c.uid AS conversation_uid, c.title AS conversation_title
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`
  )
  return bestMessageMatches(db, match, limit, ranking).flatMap(({ id, marked }) => {
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
      `SELECT c.id, c.uid, highlight(conversation_titles_fts, 0, ${SQL_MARKS}) AS marked
       FROM conversation_titles_fts JOIN conversations c ON c.id = conversation_titles_fts.rowid
       WHERE conversation_titles_fts MATCH ? ORDER BY bm25(conversation_titles_fts) LIMIT ?`
    )
    .all(match, limit) as { id: number; uid: string; marked: string }[]
  const knowledge = db
    .prepare(
      `SELECT k.id, k.uid, k.title, k.source_path, snippet(knowledge_fts, -1, ${SQL_MARKS}, '…', 16) AS marked
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
