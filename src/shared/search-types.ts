// Search results as the renderer shows them: where each leads (a message in its conversation, a conversation, a
// knowledge item), a snippet with the matching words marked, and which search found it. No Node or DOM imports here.

/** A piece of a snippet; `match` pieces are the words that matched (shown highlighted, always as text). */
export interface SnippetPart {
  text: string
  match: boolean
}

/** 'fts': the full-text index; 'vector': the embeddings (similar meaning or spelling). */
export type SearchSource = 'fts' | 'vector'

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
