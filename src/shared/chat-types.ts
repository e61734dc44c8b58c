// Chat as the renderer sees it: what `chat:send` answers at once, and the `chat:stream` events that carry the reply
// as it arrives and then its end state. Never a key. No Node or DOM imports here.
import type { MessageView } from './types'

/** The profile a turn uses (what the window shows of it). */
export interface ChatProfileView {
  id: string
  name: string
  provider: string
  model: string
}

/** `chat:send`'s answer: the user's message is stored and the reply has started; it streams as `chat:stream`. */
export interface ChatSendView {
  streamId: string
  conversationId: string
  userMessage: MessageView
  /** The reply's message id (stored empty, marked streaming, filled as it arrives). */
  replyId: string
  profile: ChatProfileView
}

/** How a reply ended: complete, stopped by the user (the partial text kept), or failed (the text so far kept). */
export type ChatEndStatus = 'complete' | 'stopped' | 'error'

/** One `chat:stream` event; the last one of a stream has `done` and the end state. */
export interface ChatStreamView {
  streamId: string
  conversationId: string
  messageId: string
  /** The text that arrived since the stream's previous event. */
  delta: string
  done: boolean
  /** On the last event only. */
  status?: ChatEndStatus
  /** On the last event of a failed reply: the one-line error. */
  error?: string
  /** On the last event: the reply as stored, with its state, model and usage. */
  reply?: MessageView
}
