// How long to wait before retrying a rate-limited or overloaded request: the provider's Retry-After (seconds or an
// HTTP date, or retry-after-ms) when it gives one, else exponential backoff.
export function retryWaitMs(
  headers: Record<string, string>,
  attempt: number,
  baseMs: number,
  now = Date.now()
): number {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  const ms = Number(lower['retry-after-ms'])
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms
  const after = lower['retry-after']
  if (after !== undefined) {
    const seconds = Number(after)
    if (after.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(after)
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  return baseMs * 2 ** attempt
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason as Error)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
