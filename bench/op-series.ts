// Times a series of store operations one by one, stopping at a time budget, and sums them up: ms per op, p50, p99.

export interface SeriesSummary {
  /** Operations the full series would have done. */
  planned: number
  /** Operations actually timed (fewer than planned when the budget ran out). */
  done: number
  /** Sum of the timed operations. */
  totalMs: number
  /** totalMs / done: the figure extrapolated to the whole series when it was cut short. */
  msPerOp: number | null
  p50Ms: number | null
  p99Ms: number | null
  maxMs: number | null
  /** Stopped by the time budget before `planned` operations. */
  cut: boolean
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null
}

/** Operation times of one series, with the deadline the budget sets from its first operation. */
export class OpSeries {
  private readonly samples: number[] = []
  private deadline: number | null = null

  constructor(
    readonly planned: number,
    private readonly budgetMs: number
  ) {}

  /** True while operations remain and the budget is not spent (the first operation always runs). */
  get open(): boolean {
    if (this.samples.length >= this.planned) return false
    return this.deadline === null || performance.now() < this.deadline
  }

  /** Runs and times one operation. */
  time<T>(op: () => T): T {
    const started = performance.now()
    if (this.deadline === null) this.deadline = started + this.budgetMs
    const result = op()
    this.samples.push(performance.now() - started)
    return result
  }

  /** Times an operation that was measured elsewhere (a page's list call inside a shared budget, say). */
  add(ms: number): void {
    this.samples.push(ms)
  }

  summary(): SeriesSummary {
    const sorted = [...this.samples].sort((a, b) => a - b)
    const totalMs = sorted.reduce((sum, ms) => sum + ms, 0)
    const done = sorted.length
    return {
      planned: this.planned,
      done,
      totalMs,
      msPerOp: done === 0 ? null : totalMs / done,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      maxMs: sorted.at(-1) ?? null,
      cut: done < this.planned
    }
  }
}
