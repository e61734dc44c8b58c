// Conversations: the keyset-paged list (newest first, searchable), the open conversation and its messages, paged
// from the newest back.
import { create } from 'zustand'
import type { IpcResponse } from '../../../shared/ipc'
import type { ConversationSummary, MessageView, Page } from '../../../shared/types'
import { call, errorMessage } from '../api'

export const PAGE_SIZE = 100

interface ConversationsState {
  items: ConversationSummary[]
  nextCursor: string | null
  /** True once the first page for the current query has arrived. */
  loaded: boolean
  loading: boolean
  error: string | null
  query: string
  selectedId: string | null
  /** Summary of the open conversation (kept even when a search hides it from the list). */
  selected: ConversationSummary | null
  /** A message to bring into view and highlight (where a search result leads). */
  focusMessageId: string | null
  messages: MessageView[]
  messagesCursor: string | null
  messagesLoaded: boolean
  messagesLoading: boolean
  messagesError: string | null
  /** Loads the first page for `query` (the current query when omitted), replacing the list. */
  load(query?: string): Promise<void>
  loadMore(): Promise<void>
  select(id: string | null): Promise<void>
  /** Opens a conversation at one of its messages, loading pages until it is there. */
  openAt(conversationId: string, messageId: string | null): Promise<void>
  /** Loads the page of messages before the loaded ones. */
  loadMoreMessages(): Promise<void>
  /** A new conversation, with an agent when `agentId` is given; it is selected. */
  create(title: string, agentId?: string): Promise<ConversationSummary>
  rename(id: string, title: string): Promise<void>
  remove(id: string): Promise<void>
  /** Shows messages just stored in a conversation (a sent message and its reply) at its end when it is open. */
  appendMessages(conversationId: string, added: MessageView[]): void
  /** Gives messages shown before they were stored (a sent message, its reply) their stored form, in place. */
  replaceShown(conversationId: string, stored: ReadonlyMap<string, MessageView>): void
  /** Takes back messages shown before they were stored, when storing them failed. */
  removeShown(conversationId: string, ids: readonly string[]): void
  /**
   * In the open conversation, replaces the messages from `fromId` on by `shown` (a new version and what follows it),
   * then reads the conversation's count again. `cursor`: where the rest of the path continues (null: the end).
   */
  replaceMessagesFrom(
    conversationId: string,
    fromId: string,
    shown: MessageView[],
    cursor: string | null
  ): void
  /** Shows version `index` (from 1) of a message instead of it, with the path beneath it as last seen. */
  switchBranch(conversationId: string, messageId: string, index: number): Promise<void>
  /** Reads the open conversation's messages after `cursor` to its end and shows them last (after a switch). */
  loadFollowing(conversationId: string, cursor: string): Promise<void>
}

/** The list and the open conversation with one conversation's message count moved by `delta` (never below 0). */
function recounted(
  { items, selected }: Pick<ConversationsState, 'items' | 'selected'>,
  conversationId: string,
  delta: number
): Pick<ConversationsState, 'items' | 'selected'> {
  const counted = (summary: ConversationSummary): ConversationSummary =>
    summary.id === conversationId
      ? { ...summary, messageCount: Math.max(0, summary.messageCount + delta) }
      : summary
  return { items: items.map(counted), selected: selected ? counted(selected) : null }
}

// Each list or message request gets a generation number, so a late answer for an older query is dropped.
let listGeneration = 0
let messagesGeneration = 0

/** One page of the list for `query` (all conversations when it is blank), from `cursor` on. */
function listPage(query: string, cursor: string | null): Promise<IpcResponse<'conversations:list'>> {
  const trimmed = query.trim()
  return call('conversations:list', { cursor, limit: PAGE_SIZE, ...(trimmed ? { query: trimmed } : {}) })
}

const emptyMessages = {
  messages: [] as MessageView[],
  messagesCursor: null,
  messagesLoaded: false,
  messagesLoading: false,
  messagesError: null
}

export const useConversations = create<ConversationsState>()((set, get) => ({
  items: [],
  nextCursor: null,
  loaded: false,
  loading: false,
  error: null,
  query: '',
  selectedId: null,
  selected: null,
  focusMessageId: null,
  ...emptyMessages,

  async load(query = get().query) {
    const generation = ++listGeneration
    set({ query, loading: true, error: null })
    try {
      const page = await listPage(query, null)
      if (generation !== listGeneration) return
      set({ items: page.items, nextCursor: page.nextCursor, loaded: true, loading: false })
    } catch (error) {
      if (generation !== listGeneration) return
      set({ loading: false, loaded: true, items: [], nextCursor: null, error: errorMessage(error) })
    }
  },

  async loadMore() {
    const { nextCursor, loading, query, error } = get()
    if (loading || nextCursor === null || error !== null) return
    const generation = listGeneration
    set({ loading: true })
    try {
      const page = await listPage(query, nextCursor)
      if (generation !== listGeneration) return
      // Skip anything already shown (a conversation created meanwhile can shift a page).
      const known = new Set(get().items.map((item) => item.id))
      const fresh = page.items.filter((item) => !known.has(item.id))
      // A page with nothing new would make the scroll loader spin forever: treat it as the end.
      const next = fresh.length === 0 ? null : page.nextCursor
      set({ items: [...get().items, ...fresh], nextCursor: next, loading: false })
    } catch (error) {
      if (generation !== listGeneration) return
      set({ loading: false, error: errorMessage(error) })
    }
  },

  async openAt(conversationId, messageId) {
    await get().select(conversationId)
    set({ focusMessageId: messageId })
    if (messageId === null) return
    // Bounded: a message that is gone (deleted since the search) stops at the last page.
    for (let page = 0; page < 1000; page++) {
      const { messages, messagesCursor, messagesError, selectedId } = get()
      if (selectedId !== conversationId || messagesError !== null) return
      if (messages.some((message) => message.id === messageId) || messagesCursor === null) return
      await get().loadMoreMessages()
    }
  },

  async select(id) {
    const generation = ++messagesGeneration
    const summary = id === null ? null : (get().items.find((item) => item.id === id) ?? null)
    set({ selectedId: id, selected: summary, focusMessageId: null, ...emptyMessages })
    if (id === null) return
    set({ messagesLoading: true })
    if (summary === null) {
      call('conversations:get', { id }).then(
        (found) => {
          if (generation === messagesGeneration) set({ selected: found })
        },
        () => undefined
      )
    }
    try {
      const page = await call('conversations:messages', { id, cursor: null, limit: PAGE_SIZE, fromEnd: true })
      if (generation !== messagesGeneration) return
      // Messages sent while the page was on its way follow it, unless it already holds them.
      const inPage = new Set(page.items.map((message) => message.id))
      set({
        messages: [...page.items, ...get().messages.filter((message) => !inPage.has(message.id))],
        messagesCursor: page.nextCursor,
        messagesLoaded: true,
        messagesLoading: false
      })
    } catch (error) {
      if (generation !== messagesGeneration) return
      set({ messagesLoading: false, messagesLoaded: true, messagesError: errorMessage(error) })
    }
  },

  async loadMoreMessages() {
    const { selectedId, messagesCursor, messagesLoading } = get()
    if (selectedId === null || messagesCursor === null || messagesLoading) return
    const generation = messagesGeneration
    set({ messagesLoading: true, messagesError: null })
    try {
      const page = await call('conversations:messages', {
        id: selectedId,
        cursor: messagesCursor,
        limit: PAGE_SIZE,
        fromEnd: true
      })
      if (generation !== messagesGeneration) return
      const known = new Set(get().messages.map((message) => message.id))
      set({
        messages: [...page.items.filter((message) => !known.has(message.id)), ...get().messages],
        messagesCursor: page.nextCursor,
        messagesLoading: false
      })
    } catch (error) {
      if (generation !== messagesGeneration) return
      set({ messagesLoading: false, messagesError: errorMessage(error) })
    }
  },

  async create(title, agentId) {
    const created = await call('conversations:create', agentId ? { title, agentId } : { title })
    set({ items: [created, ...get().items.filter((item) => item.id !== created.id)] })
    await get().select(created.id)
    return created
  },

  async rename(id, title) {
    const renamed = await call('conversations:rename', { id, title })
    set({
      items: get().items.map((item) => (item.id === id ? renamed : item)),
      ...(get().selectedId === id ? { selected: renamed } : {})
    })
  },

  async remove(id) {
    await call('conversations:delete', { id })
    set({ items: get().items.filter((item) => item.id !== id) })
    if (get().selectedId === id) await get().select(null)
  },

  appendMessages(conversationId, added) {
    const { selectedId, messages } = get()
    set(recounted(get(), conversationId, added.length))
    // The newest page is the one loaded first (or on its way, and then kept after it), so new messages go last.
    if (selectedId !== conversationId) return
    const known = new Set(messages.map((message) => message.id))
    set({ messages: [...messages, ...added.filter((message) => !known.has(message.id))] })
  },

  replaceShown(conversationId, stored) {
    const { selectedId, messages } = get()
    if (selectedId !== conversationId) return
    set({ messages: messages.map((message) => stored.get(message.id) ?? message) })
  },

  removeShown(conversationId, ids) {
    const { selectedId, messages } = get()
    const gone = new Set(ids)
    set(recounted(get(), conversationId, -ids.length))
    if (selectedId === conversationId) set({ messages: messages.filter((message) => !gone.has(message.id)) })
  },

  replaceMessagesFrom(conversationId, fromId, shown, cursor) {
    const { selectedId, messages } = get()
    const at = messages.findIndex((message) => message.id === fromId)
    if (selectedId !== conversationId || at < 0) return
    // The older pages stay as loaded; the path from the switched message on replaces what was shown below it.
    set({ messages: [...messages.slice(0, at), ...shown] })
    if (cursor !== null) void get().loadFollowing(conversationId, cursor)
    call('conversations:get', { id: conversationId }).then(
      (summary) =>
        set({
          items: get().items.map((item) => (item.id === conversationId ? summary : item)),
          ...(get().selectedId === conversationId ? { selected: summary } : {})
        }),
      () => undefined
    )
  },

  async switchBranch(conversationId, messageId, index) {
    const page = await call('conversations:switchBranch', { id: conversationId, messageId, index })
    get().replaceMessagesFrom(conversationId, messageId, page.items, page.nextCursor)
  },

  async loadFollowing(conversationId, cursor) {
    const generation = messagesGeneration
    // Bounded like openAt: a path beneath a switched version of at most 1000 pages.
    let next: string | null = cursor
    for (let pages = 0; next !== null && pages < 1000; pages++) {
      const page: Page<MessageView> = await call('conversations:messages', {
        id: conversationId,
        cursor: next,
        limit: PAGE_SIZE
      })
      if (generation !== messagesGeneration || get().selectedId !== conversationId) return
      const known = new Set(get().messages.map((message) => message.id))
      set({ messages: [...get().messages, ...page.items.filter((message) => !known.has(message.id))] })
      next = page.nextCursor
    }
  }
}))
