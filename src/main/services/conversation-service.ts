// The conversation use cases: browsing, creating, renaming and deleting conversations, and adding a message, which
// starts the background embedding so that the new words become searchable by meaning too.
import type { ConversationSummary, MessageView, Page } from '../../shared/types'
import type {
  ConversationListOptions,
  ConversationStore,
  MessageListOptions,
  NewConversation,
  NewMessage
} from '../store/store'
import type { NeedStore } from './store-access'

/** The pages read to find a switched version (at most the store's page size). */
const SWITCH_PAGE = 500

/** What runs the background embedding (the search host). */
export interface EmbeddingStarter {
  startEmbedding(): void
}

export class ConversationService {
  constructor(
    private readonly need: NeedStore,
    private readonly embedding: EmbeddingStarter
  ) {}

  private get conversations(): ConversationStore {
    return this.need().conversations
  }

  list(options: ConversationListOptions): Page<ConversationSummary> {
    return this.conversations.list(options)
  }

  get(id: string): ConversationSummary {
    return this.conversations.get(id)
  }

  messages(id: string, options: MessageListOptions): Page<MessageView> {
    return this.conversations.messages(id, options)
  }

  create(input: NewConversation): ConversationSummary {
    return this.conversations.create(input)
  }

  rename(id: string, title: string): ConversationSummary {
    return this.conversations.rename(id, title)
  }

  delete(id: string): Promise<void> {
    return this.conversations.delete(id)
  }

  /** Adds a message at the end; its words are embedded in the background. */
  append(id: string, message: NewMessage): MessageView {
    const added = this.conversations.appendMessage(id, message)
    this.embedding.startEmbedding()
    return added
  }

  /**
   * Shows another version of a message (and the path beneath it as last seen); answers the messages shown from that
   * version on, a page of them, with the cursor of the rest (what comes before it did not change).
   */
  switchBranch(id: string, messageId: string, index: number): Page<MessageView> {
    const shownId = this.need().conversations.switchBranch(id, messageId, index)
    let cursor: string | null = null
    for (;;) {
      const page = this.conversations.messages(id, { cursor, limit: SWITCH_PAGE })
      const at = page.items.findIndex((message) => message.id === shownId)
      if (at >= 0 || page.nextCursor === null)
        return { items: at >= 0 ? page.items.slice(at) : [], nextCursor: page.nextCursor }
      cursor = page.nextCursor
    }
  }
}
