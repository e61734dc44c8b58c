// A process that appends N events to a data folder's audit trail as fast as it can (for the concurrent-append test).
import { recordEvent } from '../../src/main/history/audit-log'

const [dataDir, count, tag] = process.argv.slice(2)
for (let n = 0; n < Number(count); n++)
  recordEvent(dataDir!, { action: 'import', outcome: 'ok', durationMs: n, detail: `${tag} ${n}` })
