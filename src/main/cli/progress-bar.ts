// A one-line progress bar on stderr for terminal users; silent when stderr is not a TTY.
import type { MigrationProgress } from '../../shared/types'

export function progressPrinter(
  stream: NodeJS.WriteStream | null
): ((p: MigrationProgress) => void) | undefined {
  if (!stream) return undefined
  return (p) => {
    const width = 30
    const ratio = p.total > 0 ? p.done / p.total : p.phase === 'done' ? 1 : 0
    const filled = Math.round(ratio * width)
    const eta = p.etaMs === null ? '' : ` ~${Math.ceil(p.etaMs / 1000)}s left`
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.phase} ${p.done}/${p.total}${eta}\x1b[K`
    )
    if (p.phase === 'done') stream.write('\n')
  }
}
