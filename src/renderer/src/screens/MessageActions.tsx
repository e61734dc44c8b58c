// The actions under a message of the open conversation: Copy, Regenerate (replies), Edit with an inline editor
// (the user's messages: Save & send, Cancel, Esc cancels), and the ‹ 2/3 › switcher between a message's versions.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import type { MessageView } from '../../../shared/types'
import { TextField } from '../components/Field'
import { Alert } from '../components/Alert'
import { useAsyncAction } from '../hooks'
import { streamingReplyIn, useChat } from '../stores/chat'
import { useConversations } from '../stores/conversations'

/** How long "Copied" shows after a copy. */
const COPIED_MS = 1500

function VersionSwitcher({ message, busy }: { message: MessageView; busy: boolean }) {
  const switchBranch = useConversations((state) => state.switchBranch)
  const conversationId = useConversations((state) => state.selectedId)
  const action = useAsyncAction('notice')
  const place = message.branch
  if (!place || conversationId === null) return null
  const go = (index: number) => void action.run(() => switchBranch(conversationId, message.id, index))
  const off = busy || action.busy
  return (
    <span className="version-switcher" role="group" aria-label="Versions">
      <button
        type="button"
        className="button button-small"
        aria-label="Previous version"
        disabled={off || place.index <= 1}
        onClick={() => go(place.index - 1)}
      >
        ‹
      </button>
      <span className="small" aria-label={`Version ${place.index} of ${place.count}`}>
        {place.index}/{place.count}
      </span>
      <button
        type="button"
        className="button button-small"
        aria-label="Next version"
        disabled={off || place.index >= place.count}
        onClick={() => go(place.index + 1)}
      >
        ›
      </button>
    </span>
  )
}

function EditForm({ message, onDone }: { message: MessageView; onDone: () => void }) {
  const edit = useChat((state) => state.edit)
  const conversationId = useConversations((state) => state.selectedId)
  const [text, setText] = useState(message.text)
  const saving = useAsyncAction('inline')
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => form.current?.querySelector('textarea')?.focus(), [])
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (conversationId === null || text.trim() === '' || saving.busy) return
    void saving.run(async () => {
      await edit(conversationId, message, text)
      onDone()
    })
  }
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onDone()
    }
  }
  return (
    <form
      ref={form}
      className="message-edit"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-label="Edit the message"
    >
      {saving.error !== null ? <Alert tone="error">{saving.error}</Alert> : null}
      <TextField label="Edited message" hint="Esc cancels." rows={3} value={text} onChange={setText} />
      <div className="message-actions">
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={text.trim() === '' || saving.busy}
        >
          Save & send
        </button>
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** The row of actions under one message; `text` is what Copy copies (a live reply's text as it stands). */
export function MessageActions({ message, text }: { message: MessageView; text: string }) {
  const conversationId = useConversations((state) => state.selectedId)
  const streamingId = useChat((state) => streamingReplyIn(state, conversationId))
  // This message is the reply streaming (under whichever id the list holds it).
  const streaming = useChat((state) => state.replies[message.id]?.status === 'streaming')
  const regenerate = useChat((state) => state.regenerate)
  const action = useAsyncAction('notice')
  const [editing, setEditing] = useState(false)
  const [copied, setCopied] = useState(false)
  if (streaming || conversationId === null) return null
  if (editing) return <EditForm message={message} onDone={() => setEditing(false)} />
  const busy = streamingId !== null || action.busy
  const copy = () =>
    void action.run(async () => {
      await navigator.clipboard.writeText(text)
      setCopied(true)
      setTimeout(() => setCopied(false), COPIED_MS)
    })
  return (
    <div className="message-actions" role="group" aria-label="Message actions">
      <VersionSwitcher message={message} busy={busy} />
      <button type="button" className="button button-small" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
      {message.role === 'assistant' ? (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => void action.run(async () => void (await regenerate(conversationId, message)))}
        >
          Regenerate
        </button>
      ) : null}
      {message.role === 'user' ? (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
      ) : null}
    </div>
  )
}
