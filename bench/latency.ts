// Latency percentiles of a search run one query after another: p50, p95 and p99 in milliseconds.

export interface Latency {
  p50: number
  p95: number
  p99: number
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

export async function latency(run: () => Promise<unknown> | unknown, count: number): Promise<Latency> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint()
    await run()
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) }
}

/** Milliseconds as a table shows them: two decimals under 10, whole above. */
export function ms(n: number): string {
  return n < 10 ? n.toFixed(2) : n.toFixed(0)
}
