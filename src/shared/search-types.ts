// Search results as the renderer shows them: where each leads (a message in its conversation, a conversation, a
// knowledge item), a snippet with the matching words marked, and which search found it. No Node or DOM imports here.

/** A piece of a snippet; `match` pieces are the words that matched (shown highlighted, always as text). */
export interface SnippetPart {
  text: string
  match: boolean
}

/** 'fts': the full-text index (the words as typed); 'spelling': a conversation title matching the words with a typo or
 * two; 'vector': the embeddings (similar meaning). */
export type SearchSource = 'fts' | 'spelling' | 'vector'

/** How the result line says a hit was found: by its words when the words matched, by meaning only when nothing
 * but the embeddings found it. */
export function foundBy(sources: readonly SearchSource[]): string {
  if (sources.includes('fts')) return 'Found by words'
  if (sources.includes('spelling')) return 'Found by similar spelling'
  return 'Found by meaning'
}

interface SearchHitBase {
  snippet: SnippetPart[]
  sources: SearchSource[]
  /** The reciprocal-rank-fusion score; higher is better. */
  score: number
}

export interface MessageHit extends SearchHitBase {
  kind: 'message'
  conversationId: string
  messageId: string
  conversationTitle: string
  role: string
}

export interface ConversationHit extends SearchHitBase {
  kind: 'conversation'
  conversationId: string
  title: string
}

export interface KnowledgeHit extends SearchHitBase {
  kind: 'knowledge'
  itemId: string
  title: string
  sourcePath: string | null
}

export type SearchHitView = MessageHit | ConversationHit | KnowledgeHit
