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
