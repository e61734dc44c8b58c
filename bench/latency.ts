// Latency percentiles of a search run one query after another: p50, p95 and p99 in milliseconds.
import { latencyStats } from './latency-stats'

export interface Latency {
  p50: number
  p95: number
  p99: number
}

export async function latency(run: () => Promise<unknown> | unknown, count: number): Promise<Latency> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint()
    await run()
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  const { p50, p95, p99 } = latencyStats(times)
  return { p50, p95, p99 }
}

/** Milliseconds as the search tables show them: two decimals under 10, whole above. */
export function ms(n: number): string {
  return n < 10 ? n.toFixed(2) : n.toFixed(0)
}
