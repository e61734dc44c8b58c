// `npm run bench:search`: the folder import and search on generated notes folders (1k and 10k notes by default):
// import throughput with one parsing thread and with two, the offline embedding pass, and search latency by words
// alone against hybrid search (words and meaning, fused). Prints a table, writes bench/results/search-*.json and the
// search section of docs/benchmarks.md.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { importFolder } from '../src/main/imports/folder/folder-import'
import { openImportStore } from '../src/main/imports/import-store'
import { embedPending } from '../src/main/search/embedding-indexer'
import { ftsQuery } from '../src/main/search/fts-query'
import { offlineEmbedder, words } from '../src/main/search/offline-embedder'
import { ftsLists } from '../src/main/search/search-lists'
import { SearchService } from '../src/main/services/search-service'
import { optionsOrExit, resultsLine, runBenchMain, startBench } from './bench-main'
import { DOCS_FILE, DOCS_HEADER, docsStamp, writeResults } from './bench-output'
import { writeSection } from './docs-section'
import { latency, ms, type Latency } from './latency'
import { measureMessages, messageTable, type MessageResult } from './search-messages'
import { machineLine } from './machine-info'
import { writeNotes } from './notes-folder'
import { mulberry32 } from './prng'

const START = '<!-- bench:search:start -->'
const END = '<!-- bench:search:end -->'
const USAGE = `Usage: npm run bench:search -- [--sizes 1000,10000] [--messages 1000000] [--queries 200] [--recall-queries 200] [--work-dir DIR]
  --sizes 0 skips the notes rows; --messages 0 (the default) skips the message row.`

interface Options {
  sizes: number[]
  /** Generated messages of the message row; 0 for none. */
  messages: number
  queries: number
  recallQueries: number
  workDir: string
}

function parse(argv: string[]): Options | null {
  const options: Options = {
    sizes: [1000, 10000],
    messages: 0,
    queries: 200,
    recallQueries: 200,
    workDir: '/tmp/personal-agent-bench-search'
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === '--help') return null
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (flag === '--sizes') options.sizes = value === '0' ? [] : value.split(',').map(Number)
    else if (flag === '--messages') options.messages = Number(value)
    else if (flag === '--recall-queries') options.recallQueries = Number(value)
    else if (flag === '--queries') options.queries = Number(value)
    else if (flag === '--work-dir') options.workDir = value
    else throw new Error(`unknown option ${flag}`)
    i++
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 1) || !(options.queries >= 1))
    throw new Error('--sizes takes whole numbers, --queries a number of at least 1')
  if (!Number.isInteger(options.messages) || options.messages < 0 || !(options.recallQueries >= 1))
    throw new Error('--messages takes a whole number, --recall-queries a number of at least 1')
  return options
}

interface SizeResult {
  notes: number
  importMs: { oneThread: number; twoThreads: number }
  notesPerSecond: number
  embedMs: number
  chunks: number
  words: Latency
  hybrid: Latency
  peakRssMb: number
}

async function measure(options: Options, size: number): Promise<SizeResult> {
  const root = join(options.workDir, `notes-${size}`)
  rmSync(root, { recursive: true, force: true })
  const rng = mulberry32(size)
  writeNotes(join(root, 'notes'), size, rng)
  let peak = 0
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  try {
    const importMs: Record<'oneThread' | 'twoThreads', number> = { oneThread: 0, twoThreads: 0 }
    for (const [key, workers] of [
      ['oneThread', 1],
      ['twoThreads', 2]
    ] as const) {
      const store = await openImportStore(join(root, `data-${workers}`))
      const started = Date.now()
      await importFolder(store, join(root, 'notes'), { workers })
      importMs[key] = Date.now() - started
      if (workers === 1) store.close()
      else {
        const embedStarted = Date.now()
        const summary = await embedPending(store.db, offlineEmbedder, { batchSize: 64 })
        const embedMs = Date.now() - embedStarted
        const vocabulary = store.db
          .prepare('SELECT content FROM knowledge_items ORDER BY id LIMIT 200')
          .all() as { content: string }[]
        const terms = vocabulary.flatMap((row) => words(row.content).filter((w) => w.length > 4))
        const queries = Array.from({ length: options.queries }, () => `${rng.pick(terms)} ${rng.pick(terms)}`)
        let q = 0
        const words1 = await latency(() => {
          const match = ftsQuery(queries[q++ % queries.length]!)
          return match === null ? [] : ftsLists(store.db, match, 20)
        }, options.queries)
        q = 0
        const service = new SearchService(store.db, offlineEmbedder)
        const hybrid = await latency(
          () => service.search(queries[q++ % queries.length]!, { limit: 20 }),
          options.queries
        )
        store.close()
        return {
          notes: size,
          importMs,
          notesPerSecond: Math.round(size / (importMs.oneThread / 1000)),
          embedMs,
          chunks: summary.chunks,
          words: words1,
          hybrid,
          peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 ** 2)
        }
      }
    }
    throw new Error('unreachable')
  } finally {
    clearInterval(sample)
  }
}

function table(results: SizeResult[]): string {
  return [
    '| notes | import, 1 thread (default) | import, 2 threads | notes/s, 1 thread | embedding (offline) | chunks | words p50 / p99 | hybrid p50 / p99 | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.notes.toLocaleString('en')} | ${(r.importMs.oneThread / 1000).toFixed(1)} s | ${(r.importMs.twoThreads / 1000).toFixed(1)} s | ${r.notesPerSecond.toLocaleString('en')} | ${(r.embedMs / 1000).toFixed(1)} s | ${r.chunks.toLocaleString('en')} | ${ms(r.words.p50)} / ${ms(r.words.p99)} ms | ${ms(r.hybrid.p50)} / ${ms(r.hybrid.p99)} ms | ${r.peakRssMb} MB |`
    )
  ].join('\n')
}

runBenchMain('bench:search', async () => {
  const parsed = optionsOrExit('bench:search', parse, USAGE)
  if ('exit' in parsed) return parsed.exit
  const { options } = parsed
  const start = await startBench('bench:search', options.workDir, () => ({
    ok: true,
    message:
      options.messages > 0
        ? `about ${((options.messages * 3) / 1e6).toFixed(1)} GB needed for ${options.messages} messages`
        : 'a few hundred MB needed'
  }))
  if (!start) return 1
  const results: SizeResult[] = []
  for (const size of options.sizes) {
    process.stdout.write(`${size} notes…\n`)
    results.push(await measure(options, size))
  }
  let messages: MessageResult | null = null
  if (options.messages > 0) {
    process.stdout.write(`${options.messages} messages…\n`)
    messages = await measureMessages(
      options.workDir,
      options.messages,
      options.queries,
      options.recallQueries
    )
  }
  const notesPart =
    results.length > 0
      ? [
          `Generated Markdown notes (front matter and a few paragraphs, 100 per folder); ${options.queries} two-word queries drawn from their words; search returns 20 results.`,
          '',
          table(results)
        ]
      : []
  const messagesPart = messages
    ? [
        `${messages.messages.toLocaleString('en')} messages: generated conversations of 16 to 24 messages (user and assistant in turn, lengths as the legacy generator draws them, from its vocabulary of about 250 English words) written into a real store and embedded by the offline embedder; ${options.queries} two-word queries drawn from their words; search returns 20 results. Recall@10 compares the vector search's 10 nearest chunks (bit codes, then the 6-bit re-rank) with exact float cosine over the same vectors, for the first ${messages.recallQueries} queries; ✓ and ✗ mark the targets (words p95 ≤ 50 ms, hybrid p95 ≤ 100 ms, store ≤ 1.5 GB, recall ≥ 0.95).`,
        '',
        messageTable(messages)
      ]
    : []
  const body = [
    `## Folder import and search (\`npm run bench:search\`)`,
    '',
    `${docsStamp(start.started)}, ${machineLine(start.machine)}.`,
    '',
    ...notesPart,
    ...(notesPart.length > 0 && messagesPart.length > 0 ? [''] : []),
    ...messagesPart
  ].join('\n')
  const tables = [
    ...(results.length > 0 ? [table(results)] : []),
    ...(messages ? [messageTable(messages)] : [])
  ].join('\n\n')
  process.stdout.write(`\n${tables}\n`)
  const { path } = writeResults('search', start.started, {
    options,
    machine: start.machine,
    results,
    messages
  })
  writeSection(DOCS_FILE, START, END, body, DOCS_HEADER)
  process.stdout.write(`${resultsLine(path, DOCS_FILE, START, END)}\n`)
  return 0
})
