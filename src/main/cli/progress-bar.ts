// A one-line progress bar on stderr for terminal users; silent when stderr is not a TTY.
import type { MigrationProgress } from '../../shared/types'

function megabytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`
}

export function progressPrinter(
  stream: NodeJS.WriteStream | null
): ((p: MigrationProgress) => void) | undefined {
  if (!stream) return undefined
  return (p) => {
    const width = 30
    const filled = Math.round(p.fraction * width)
    const eta = p.etaMs === null ? '' : ` ~${Math.ceil(p.etaMs / 1000)}s left`
    const bytes =
      p.bytesTotal > 0 && p.bytesDone > 0 ? ` ${megabytes(p.bytesDone)}/${megabytes(p.bytesTotal)}` : ''
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(p.fraction * 100)).padStart(3)}% ${p.phase} ${p.done}/${p.total}${bytes}${eta}\x1b[K`
    )
    if (p.phase === 'done') stream.write('\n')
  }
}

/** The same bar for imports and embedding passes (counts, no bytes), ended with a newline when complete. */
export function importProgressPrinter(
  stream: NodeJS.WriteStream | null
): ((p: { phase: string; done: number; total: number; message: string }) => void) | undefined {
  if (!stream) return undefined
  return (p) => {
    const width = 30
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0
    const filled = Math.round(share * width)
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${p.phase} ${p.done}/${p.total} ${p.message.slice(0, 40)}\x1b[K`
    )
    if (p.total > 0 && p.done >= p.total) stream.write('\n')
  }
}
