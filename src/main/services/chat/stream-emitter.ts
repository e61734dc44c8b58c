// Hands a reply's chunks to a listener, coalesced to at most one update per `intervalMs` (about 30 a second), each
// carrying the stream's id, so the app can forward them to the window without flooding it. A chunk that comes when
// an update is due goes out at once (the first token shows without waiting for a timer). A tool call's state goes
// out at once, after the text before it.
import type { ToolStreamView } from '../../../shared/chat-types'

export type ToolStreamPart = ToolStreamView
export interface ChatStreamEvent {
  streamId: string
  conversationId: string
  messageId: string
  /** The text that arrived since the previous event. */
  delta: string
  /** True on the last event of the stream. */
  done: boolean
  /** A tool call's new state (with an empty delta). */
  tool?: ToolStreamPart
}

export type ChatStreamListener = (event: ChatStreamEvent) => void

export class StreamEmitter {
  private pending = ''
  private timer: NodeJS.Timeout | null = null
  private lastEmit = 0

  constructor(
    private readonly base: Omit<ChatStreamEvent, 'delta' | 'done'>,
    private readonly listener: ChatStreamListener | undefined,
    private readonly intervalMs = 33
  ) {}

  push(delta: string): void {
    if (!this.listener) return
    this.pending += delta
    if (this.timer) return
    const wait = this.lastEmit + this.intervalMs - Date.now()
    // Due already (the first chunk, or the first after a pause): out at once, not a timer's turn later.
    if (wait <= 0) this.emit(false)
    else this.timer = setTimeout(() => this.emit(false), wait)
  }

  /** Sends the text pending, then the tool call's state. */
  tool(part: ToolStreamPart): void {
    if (!this.listener) return
    this.emit(false)
    this.listener({ ...this.base, delta: '', done: false, tool: part })
  }

  /** Sends what is pending as the stream's last event. */
  end(): void {
    this.emit(true)
  }

  private emit(done: boolean): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.listener || (!done && this.pending === '')) return
    const delta = this.pending
    this.pending = ''
    this.lastEmit = Date.now()
    this.listener({ ...this.base, delta, done })
  }
}
