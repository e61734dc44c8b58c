// A task run once, a while after it is asked for: either at the first time asked (`soon`) or after the last (`again`).
export class Later {
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly task: () => void) {}

  /** Runs the task after `delayMs`, unless it is already waiting. The wait never keeps the process alive. */
  soon(delayMs: number): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.task()
    }, delayMs)
    this.timer.unref()
  }

  /** Runs the task after `delayMs` from now, whether or not it was already waiting (a debounce). */
  again(delayMs: number): void {
    this.cancel()
    this.soon(delayMs)
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
