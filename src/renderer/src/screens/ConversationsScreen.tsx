// Conversations: searchable list (newest first, loaded 100 at a time on scroll) beside the open conversation.
import { memo, useCallback, useEffect, useRef, useState } from 'react'
import type { ConversationSummary, MessageView } from '../../../shared/types'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { EmptyState } from '../components/EmptyState'
import { RetryAlert } from '../components/LoadStatus'
import { Icon } from '../components/Icons'
import { Markdown } from '../components/Markdown'
import { LoadingState, Spinner } from '../components/Spinner'
import { TitleDialog } from '../components/TitleDialog'
import { MeasuredList } from '../components/MeasuredList'
import { VirtualList } from '../components/VirtualList'
import { Composer, LiveReplyBody } from './ChatParts'
import { McpInputsNotice } from './McpInputsNotice'
import { ToolCard } from './ToolCard'
import { MessageActions } from './MessageActions'
import { ReplyUsage } from './ReplyUsage'
import { formatDateTime, formatShortDate, plural } from '../format'
import { useDebouncedValue, useLoadOncePerEpoch } from '../hooks'
import { messageListKey, streamingReplyIn, useChat } from '../stores/chat'
import { useConversations } from '../stores/conversations'
import { usePick } from '../stores/pick'

/** Start fetching the next page when the user is this close (in pixels) to the end of what is loaded. */
const NEAR_END_PX = 800

/** A message's height until it has been measured, and the space between messages (px). */
const MESSAGE_ESTIMATE_PX = 80
const MESSAGE_GAP_PX = 12

const messageKey = (message: MessageView): string => messageListKey(message.id)

const conversationKey = (conversation: ConversationSummary): string => conversation.id

const displayTitle = (title: string): string => (title.trim() === '' ? 'Untitled conversation' : title)

/** Fixed row height (px) of the windowed conversation list; rows are single-line title plus a meta line. */
const ROW_HEIGHT = 60

const ConversationRow = memo(function ConversationRow({
  conversation,
  selected,
  tabbable,
  onSelect
}: {
  conversation: ConversationSummary
  selected: boolean
  /** Roving tab stop: only one row is in the Tab order; the arrow keys move between rows. */
  tabbable: boolean
  onSelect: (id: string) => void
}) {
  return (
    <button
      type="button"
      className={`conversation-row${selected ? ' conversation-row-selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      tabIndex={tabbable ? 0 : -1}
      onClick={() => onSelect(conversation.id)}
    >
      <span className="conversation-row-title" title={displayTitle(conversation.title)}>
        {displayTitle(conversation.title)}
      </span>
      <span className="conversation-row-meta">
        <span className="truncate">
          {plural(conversation.messageCount, 'message')}
          {conversation.agentName ? ` · ${conversation.agentName}` : ''}
        </span>
        <span>{formatShortDate(conversation.updatedAt ?? conversation.createdAt)}</span>
      </span>
    </button>
  )
})

function ConversationList({ onNew }: { onNew: () => void }) {
  const { items, loaded, loading, error, nextCursor, query, selectedId, load, loadMore, select } = usePick(
    useConversations,
    'items',
    'loaded',
    'loading',
    'error',
    'nextCursor',
    'query',
    'selectedId',
    'load',
    'loadMore',
    'select'
  )

  const [search, setSearch] = useState(query)
  const debounced = useDebouncedValue(search, 250)

  const reload = useCallback(() => void load(), [load])
  useLoadOncePerEpoch('conversations', reload)

  useEffect(() => {
    if (debounced.trim() !== useConversations.getState().query.trim()) void load(debounced)
  }, [debounced, load])

  const onNearEnd = useCallback(() => void loadMore(), [loadMore])
  const onSelect = useCallback((id: string) => void select(id), [select])
  const renderRow = useCallback(
    (conversation: ConversationSummary, _index: number, tabbable: boolean) => (
      <ConversationRow
        conversation={conversation}
        selected={conversation.id === selectedId}
        tabbable={tabbable}
        onSelect={onSelect}
      />
    ),
    [selectedId, onSelect]
  )

  const searching = query.trim() !== ''
  const empty = loaded && items.length === 0 && !loading && error === null
  return (
    <section className="list-pane" aria-label="Conversation list">
      <div className="list-pane-toolbar">
        <div className="search">
          <Icon name="search" />
          <input
            type="search"
            className="input search-input"
            placeholder="Search conversations"
            aria-label="Search conversations"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <button type="button" className="button button-primary icon-text" onClick={onNew}>
          <Icon name="plus" />
          New
        </button>
      </div>
      <VirtualList
        className="list-scroll"
        items={items}
        rowHeight={ROW_HEIGHT}
        getKey={conversationKey}
        renderRow={renderRow}
        label={searching ? 'Search results' : 'Conversations, newest first'}
        setSize={nextCursor === null ? items.length : -1}
        onNearEnd={onNearEnd}
        resetKey={query}
        header={
          <>
            {!loaded && loading ? <LoadingState label="Loading conversations…" /> : null}
            {empty && searching ? (
              <EmptyState title="No matching conversations">Nothing matches “{query.trim()}”.</EmptyState>
            ) : null}
            {empty && !searching ? (
              <EmptyState
                title="No conversations yet"
                action={
                  <button type="button" className="button button-primary" onClick={onNew}>
                    New conversation
                  </button>
                }
              >
                Start one, and it will appear here.
              </EmptyState>
            ) : null}
          </>
        }
        footer={
          <>
            {loaded && loading && items.length > 0 ? (
              <div className="list-footer" role="status">
                <Spinner label="Loading more…" />
              </div>
            ) : null}
            {error !== null ? (
              <div className="list-footer">
                <RetryAlert onRetry={() => void (items.length ? loadMore() : load())}>{error}</RetryAlert>
              </div>
            ) : null}
          </>
        }
      />
    </section>
  )
}

const MessageItem = memo(function MessageItem({
  message,
  focused,
  top,
  measure
}: {
  message: MessageView
  focused: boolean
  /** Where the message list places it (px). */
  top: number
  measure: (element: HTMLElement | null) => () => void
}) {
  const role = message.role || 'unknown'
  const known = ['user', 'assistant', 'system', 'tool'].includes(role) ? role : 'other'
  // A reply sent from this window: its own state, so a streaming chunk re-renders only this message.
  const live = useChat((state) => state.replies[message.id])
  return (
    <li
      ref={measure}
      style={{ top }}
      className={`message message-${known}${focused ? ' message-focused' : ''}`}
      data-message-id={message.id}
      data-measure-key={messageListKey(message.id)}
      aria-current={focused ? 'true' : undefined}
    >
      <div className="message-meta">
        <span className="message-role">{role}</span>
        {live ? <span className="message-model">{live.model}</span> : null}
        <span>{formatDateTime(message.createdAt)}</span>
      </div>
      {live ? (
        <LiveReplyBody replyId={message.id} reply={live} />
      ) : message.tool ? (
        <ToolCard messageId={message.id} tool={message.tool} result={message.text} />
      ) : (
        <div className={known === 'assistant' ? 'message-text markdown' : 'message-text'}>
          {message.text === '' ? (
            <em className="muted">(empty)</em>
          ) : known === 'assistant' ? (
            <Markdown text={message.text} />
          ) : (
            message.text
          )}
        </div>
      )}
      {live || message.tool ? null : <ReplyUsage reply={message} />}
      <MessageActions message={message} text={live ? live.text : message.text} />
    </li>
  )
})

function ConversationView() {
  const { selected, selectedId, messages, focusMessageId, loadMoreMessages, select, rename, remove } =
    usePick(
      useConversations,
      'selected',
      'selectedId',
      'messages',
      'focusMessageId',
      'loadMoreMessages',
      'select',
      'rename',
      'remove'
    )
  // The open conversation's paging state, under the names it has in this view.
  const loaded = useConversations((state) => state.messagesLoaded)
  const loading = useConversations((state) => state.messagesLoading)
  const error = useConversations((state) => state.messagesError)
  const cursor = useConversations((state) => state.messagesCursor)
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const streamingId = useChat((state) => streamingReplyIn(state, selectedId))
  const stop = useChat((state) => state.stop)

  // Older messages page in above as the reader nears the top, and while the loaded ones do not fill the view.
  const onNearStart = useCallback(() => void loadMoreMessages(), [loadMoreMessages])
  useEffect(() => {
    const element = scroller.current
    if (element && cursor !== null && !loading && error === null && element.scrollTop < NEAR_END_PX)
      void loadMoreMessages()
  }, [messages.length, cursor, loading, error, loadMoreMessages])
  const renderMessage = useCallback(
    (message: MessageView, top: number, measure: (element: HTMLElement | null) => () => void) => (
      <MessageItem
        key={messageKey(message)}
        message={message}
        focused={message.id === focusMessageId}
        top={top}
        measure={measure}
      />
    ),
    [focusMessageId]
  )

  if (selectedId === null) {
    return (
      <section className="detail-pane" aria-label="Conversation">
        <EmptyState title="No conversation selected">
          Choose a conversation from the list to read it.
        </EmptyState>
      </section>
    )
  }

  const title = selected ? displayTitle(selected.title) : 'Conversation'
  return (
    <section className="detail-pane" aria-labelledby="conversation-title">
      <header className="detail-header">
        <div className="detail-heading">
          <h2 id="conversation-title" className="truncate" title={title}>
            {title}
          </h2>
          {selected ? (
            <p className="muted">
              {plural(selected.messageCount, 'message')} · updated{' '}
              {formatDateTime(selected.updatedAt ?? selected.createdAt)}
            </p>
          ) : null}
          {selected?.agentName ? (
            <p className="conversation-agent" aria-label="Agent">
              <span className="badge badge-accent">Agent</span> {selected.agentName}
            </p>
          ) : null}
        </div>
        <div className="detail-actions">
          <button type="button" className="button" onClick={() => setDialog('rename')} disabled={!selected}>
            Rename
          </button>
          <button type="button" className="button button-danger-quiet" onClick={() => setDialog('delete')}>
            Delete
          </button>
        </div>
      </header>
      <div
        className="chat-body"
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || streamingId === null) return
          event.preventDefault()
          void stop(streamingId)
        }}
      >
        <div className="message-scroll" ref={scroller} tabIndex={0} role="log" aria-label="Messages">
          {!loaded && loading ? <LoadingState label="Loading messages…" /> : null}
          {loaded && cursor !== null && error === null ? (
            <div className="list-footer">
              <button
                type="button"
                className="button"
                onClick={() => void loadMoreMessages()}
                disabled={loading}
              >
                {loading ? <Spinner label="Loading…" /> : 'Load earlier messages'}
              </button>
            </div>
          ) : null}
          {error !== null ? (
            <RetryAlert onRetry={() => void (messages.length ? loadMoreMessages() : select(selectedId))}>
              {error}
            </RetryAlert>
          ) : null}
          {loaded && messages.length === 0 && error === null ? (
            <EmptyState title="No messages yet">This conversation is empty.</EmptyState>
          ) : null}
          {messages.length > 0 ? (
            <MeasuredList
              className="message-list message-list-measured"
              items={messages}
              getKey={messageKey}
              renderRow={renderMessage}
              scroller={scroller}
              estimatedHeight={MESSAGE_ESTIMATE_PX}
              gap={MESSAGE_GAP_PX}
              resetKey={selectedId}
              focusKey={focusMessageId}
              onNearStart={onNearStart}
              nearStartPx={NEAR_END_PX}
            />
          ) : null}
        </div>
        <McpInputsNotice conversationId={selectedId} />
        <Composer key={selectedId} conversationId={selectedId} />
      </div>
      {dialog === 'rename' && selected ? (
        <TitleDialog
          title="Rename conversation"
          initialValue={selected.title}
          submitLabel="Rename"
          onSubmit={(value) => rename(selected.id, value)}
          notice="Conversation renamed"
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          title="Delete this conversation?"
          confirmLabel="Delete"
          onConfirm={() => remove(selectedId)}
          notice="Conversation deleted"
          onClose={() => setDialog(null)}
        >
          <p>
            “{title}”{selected ? ` and its ${plural(selected.messageCount, 'message')}` : ''} will be deleted.
            This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

export function ConversationsScreen() {
  const create = useConversations((state) => state.create)
  const [creating, setCreating] = useState(false)
  return (
    <div className="screen screen-split">
      <ConversationList onNew={() => setCreating(true)} />
      <ConversationView />
      {creating ? (
        <TitleDialog
          title="New conversation"
          initialValue="New conversation"
          submitLabel="Create"
          onSubmit={(value) => create(value)}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </div>
  )
}
