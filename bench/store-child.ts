// Child process of `npm run bench`: opens one data folder's store with one backend, times the first page from a
// cold process, runs the workload (store-workload.ts), closes the store and prints everything as one JSON line.
import { parseArgs } from 'node:util'
import { runProbe } from './probe-main'
import { BACKENDS, openBackend, type BackendName } from './store-backends'
import { PAGE_SIZE, runWorkload } from './store-workload'

const MIB = 1024 * 1024

function backendName(text: string): BackendName {
  const found = BACKENDS.find((name) => name === text)
  if (!found) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got "${text}"`)
  return found
}

function count(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a count, got "${text}"`)
  return value
}

async function probe(dir: string, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: 'string', default: 'sqlite' },
      conversations: { type: 'string', default: '0' },
      creates: { type: 'string', default: '1000' },
      renames: { type: 'string', default: '1000' },
      appends: { type: 'string', default: '2000' },
      'budget-ms': { type: 'string', default: 'Infinity' }
    },
    strict: true
  })
  const backend = backendName(values.backend)
  const budgetMs = Number(values['budget-ms'])
  if (!(budgetMs > 0)) throw new Error(`--budget-ms must be positive, got "${values['budget-ms']}"`)

  // Modules are loaded by now: the clock starts where the app's would, at opening the store.
  const started = performance.now()
  const { store, durability } = await openBackend(backend, dir)
  const opened = performance.now()
  const firstPage = store.conversations.list({ limit: PAGE_SIZE })
  const ready = performance.now()
  const rssAfterOpenMb = process.memoryUsage().rss / MIB

  const result = runWorkload(store, {
    conversations: count('--conversations', values.conversations),
    creates: count('--creates', values.creates),
    renames: count('--renames', values.renames),
    appends: count('--appends', values.appends),
    budgetMs
  })
  const closing = performance.now()
  await store.close()
  const closeMs = performance.now() - closing

  process.stdout.write(
    `${JSON.stringify({
      ok: true,
      backend,
      durability,
      open_ms: opened - started,
      first_list_ms: ready - opened,
      first_page_ms: ready - started,
      since_process_start_ms: ready,
      first_page_items: firstPage.items.length,
      rss_after_open_mb: rssAfterOpenMb,
      close_ms: closeMs,
      conversations_read: result.conversationsRead,
      series: result.series
    })}\n`
  )
}

runProbe(
  'store-child',
  '<data dir> [--backend json|sqlite] [--conversations N] [--creates N] [--renames N] [--appends N] [--budget-ms MS]',
  probe
)
