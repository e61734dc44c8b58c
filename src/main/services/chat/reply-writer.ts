// Writes a streaming reply to the store as it arrives: the text so far at most every `flushMs` (and at least once
// a second), and a heartbeat while nothing arrives, so a crash leaves the partial reply saved and datable.
import type { ChatTranscriptStore } from '../../store/store'

export class ReplyWriter {
  private text = ''
  private saved = ''
  private lastWrite = Date.now()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly store: Pick<ChatTranscriptStore, 'saveReplyText'>,
    private readonly messageId: string,
    flushMs: number,
    private readonly heartbeatMs = 5_000
  ) {
    this.timer = setInterval(() => this.tick(), Math.min(flushMs, 1_000))
    this.timer.unref()
  }

  append(delta: string): void {
    this.text += delta
  }

  get current(): string {
    return this.text
  }

  /** Stops the timer; the caller writes the final state. */
  stop(): string {
    clearInterval(this.timer)
    return this.text
  }

  private tick(): void {
    if (this.text === this.saved && Date.now() - this.lastWrite < this.heartbeatMs) return
    this.store.saveReplyText(this.messageId, this.text)
    this.saved = this.text
    this.lastWrite = Date.now()
  }
}
