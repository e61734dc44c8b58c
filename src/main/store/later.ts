// A task run once, a while after it is asked for; asking again while it waits changes nothing.
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

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
