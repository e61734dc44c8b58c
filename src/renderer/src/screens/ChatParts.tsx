// The chat parts of an open conversation: a reply sent from this window (streaming with a cursor, then stopped or
// failed with Retry, its tool calls as cards between its texts), and the composer (message, profile, Send or Stop).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { call } from '../api'
import { Alert } from '../components/Alert'
import { SelectField, TextField } from '../components/Field'
import { Markdown } from '../components/Markdown'
import { RetryAlert } from '../components/LoadStatus'
import { useFollowEnd } from '../follow-end'
import { useAsyncAction } from '../hooks'
import { streamingReplyIn, useChat, type LiveReply } from '../stores/chat'
import { useProfiles } from '../stores/profiles'
import { ContextGauge } from './ContextGauge'
import { ReplyUsage } from './ReplyUsage'
import { ToolCard } from './ToolCard'

/** The text and end state of a reply sent from this window; only this re-renders as the reply streams in. */
export function LiveReplyBody({ replyId, reply }: { replyId: string; reply: LiveReply }) {
  const send = useChat((state) => state.send)
  const retry = useAsyncAction('notice')
  const streaming = reply.status === 'streaming'
  const footer = useRef<HTMLDivElement>(null)
  useFollowEnd(footer, [reply.text, reply.status, reply.parts.length])
  const tools = reply.parts.some((part) => part.kind === 'tool')
  const last = reply.parts[reply.parts.length - 1]
  return (
    <>
      {tools ? (
        reply.parts.map((part, index) =>
          part.kind === 'tool' ? (
            <ToolCard key={part.messageId} messageId={part.messageId} tool={part.call} result={part.result} />
          ) : (
            <div key={index} className="message-text markdown">
              <Markdown text={part.text} />
              {streaming && part === last ? <span className="chat-cursor" aria-hidden="true" /> : null}
            </div>
          )
        )
      ) : (
        <div className="message-text markdown">
          {reply.text === '' && (reply.status === 'complete' || reply.status === 'stopped') ? (
            <em className="muted">(empty)</em>
          ) : (
            <Markdown text={reply.text} />
          )}
          {streaming ? <span className="chat-cursor" aria-hidden="true" /> : null}
        </div>
      )}
      <div className="reply-footer" ref={footer} data-reply-id={replyId}>
        {streaming ? (
          <span className="muted small">
            {reply.parts.some((part) => part.kind === 'tool' && part.call.status === 'awaiting-approval')
              ? 'Waiting for your approval…'
              : 'Writing…'}
          </span>
        ) : null}
        {reply.status === 'stopped' ? <span className="badge badge-warn">Stopped</span> : null}
      </div>
      {reply.stored ? <ReplyUsage reply={reply.stored} /> : null}
      {reply.status === 'error' ? (
        <RetryAlert
          onRetry={() =>
            void retry.run(async () => {
              await send(reply.conversationId, reply.userText, reply.profileId)
            })
          }
        >
          {reply.error}
        </RetryAlert>
      ) : null}
    </>
  )
}

/** Picks the conversation's profile: the one `chat:profileFor` names, until the user picks another. */
function useConversationProfile(conversationId: string): [string, (id: string) => void] {
  const [profileId, setProfileId] = useState('')
  useEffect(() => {
    let current = true
    setProfileId('')
    call('chat:profileFor', { conversationId }).then(
      (profile) => current && setProfileId(profile.id),
      () => undefined
    )
    return () => {
      current = false
    }
  }, [conversationId])
  return [profileId, setProfileId]
}

export function Composer({ conversationId }: { conversationId: string }) {
  const send = useChat((state) => state.send)
  const stop = useChat((state) => state.stop)
  const streamingId = useChat((state) => streamingReplyIn(state, conversationId))
  const profiles = useProfiles((state) => state.items)
  const profilesLoaded = useProfiles((state) => state.loaded)
  const loadProfiles = useProfiles((state) => state.load)
  const [profileId, setProfileId] = useConversationProfile(conversationId)
  const [text, setText] = useState('')
  const sending = useAsyncAction('inline')

  useEffect(() => {
    if (!profilesLoaded) void loadProfiles()
  }, [profilesLoaded, loadProfiles])

  const canSend = text.trim() !== '' && streamingId === null && !sending.busy
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    // The message moves from the composer to the conversation at once; it comes back if it could not be sent.
    const sent = text
    setText('')
    void sending.run(async () => {
      try {
        await send(conversationId, sent, profileId || undefined)
      } catch (error) {
        setText((current) => (current === '' ? sent : current))
        throw error
      }
    })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const inText = event.target instanceof HTMLTextAreaElement
    if (inText && event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  const options = profiles.length
    ? profiles.map((profile) => ({ value: profile.id, label: `${profile.name} · ${profile.model}` }))
    : [{ value: '', label: 'No profiles yet' }]
  return (
    <form className="composer" onSubmit={submit} onKeyDown={onKeyDown} aria-label="Send a message">
      {sending.error !== null ? <Alert tone="error">{sending.error}</Alert> : null}
      <TextField
        label="Message"
        hint="Enter sends, Shift+Enter starts a new line."
        rows={3}
        value={text}
        onChange={setText}
        placeholder="Write a message…"
      />
      <div className="composer-actions">
        <SelectField
          label="Profile"
          className="composer-profile"
          value={profileId}
          onChange={setProfileId}
          options={options}
        />
        <ContextGauge
          conversationId={conversationId}
          profileId={profileId}
          draftChars={text.length}
          turn={streamingId}
        />
        {streamingId !== null ? (
          <button
            type="button"
            className="button"
            aria-keyshortcuts="Escape"
            onClick={() => void stop(streamingId)}
          >
            Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  )
}
