// Latency samples summed up for the concurrency tables: count, p50, p95, p99 and max (nearest-rank, ms).
import { percentile } from './op-series'

export interface LatencyStats {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number): number => percentile(sorted, p) ?? 0
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? 0 }
}

/** `12.3` or `140`: ms as the tables show them. */
export function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : value.toFixed(0)
}
