// `npm run bench:concurrency`: many writers on one data folder. Four processes on the services (as the CLI and
// `serve` use them) and one app host run 1,000 mixed operations each at once; every acknowledged write is checked
// afterwards, errors are counted by code, and latency is reported by operation. Then the wait of an interactive
// append while a large import, and its rollback, hold the write lock. Prints the tables, writes
// bench/results/concurrency-*.json and the concurrency section of docs/benchmarks.md.
import { join } from 'node:path'
import { optionsOrExit, resultsLine, runBenchMain, startBench } from './bench-main'
import { DOCS_FILE, DOCS_HEADER, docsStamp, writeResults } from './bench-output'
import { runLoad, type LoadOptions, type LoadResult } from './concurrency-load'
import { OP_KINDS, OP_WEIGHTS } from './concurrency-ops'
import { writeSection } from './docs-section'
import { latencyStats, ms, type LatencyStats } from './latency-stats'
import { machineLine } from './machine-info'
import { measureWriteWait, type WaitResult, type WaitWindow } from './write-wait'

const START = '<!-- bench:concurrency:start -->'
const END = '<!-- bench:concurrency:end -->'
const USAGE = `Usage: npm run bench:concurrency -- [--writers 4] [--ops 1000] [--large-import 3000] [--work-dir DIR]`

interface Options extends LoadOptions {
  largeImport: number
}

function parse(argv: string[]): Options | null {
  const options: Options = {
    workDir: '/tmp/personal-agent-bench-concurrency',
    writers: 4,
    ops: 1000,
    importNotes: 5,
    conversations: 200,
    notes: 500,
    seed: 19,
    largeImport: 3000
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (flag === '--help') return null
    if (value === undefined) throw new Error(`${flag} needs a value`)
    if (flag === '--writers') options.writers = Number(value)
    else if (flag === '--ops') options.ops = Number(value)
    else if (flag === '--large-import') options.largeImport = Number(value)
    else if (flag === '--work-dir') options.workDir = value
    else throw new Error(`unknown option ${flag}`)
    i++
  }
  if (![options.writers, options.ops, options.largeImport].every((n) => Number.isInteger(n) && n >= 1))
    throw new Error('--writers, --ops and --large-import take whole numbers of at least 1')
  return options
}

function row(name: string, s: LatencyStats): string {
  return `| ${name} | ${s.count.toLocaleString('en')} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`
}

function loadTable(load: LoadResult): string {
  const header = ['| operation | count | p50 ms | p95 ms | p99 ms | max ms |', '|---|---|---|---|---|---|']
  const all = (kind: (typeof OP_KINDS)[number]): number[] => load.reports.flatMap((r) => r.samples[kind])
  return [...header, ...OP_KINDS.map((kind) => row(kind, latencyStats(all(kind))))].join('\n')
}

/** `SQLITE_BUSY 2, LOCKED 1`, or `none`. */
function codes(errors: Record<string, number>): string {
  const listed = Object.entries(errors).map(([code, n]) => `${code} ${n}`)
  return listed.length === 0 ? 'none' : listed.join(', ')
}

function loadErrors(load: LoadResult): Record<string, number> {
  const errors: Record<string, number> = {}
  for (const report of load.reports)
    for (const [code, n] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + n
  return errors
}

function waitTable(wait: WaitResult): string {
  const line = (name: string, window: WaitWindow): string =>
    `${row(name, window.latency)} ${codes(window.errors)} |`
  return [
    '| interactive append while… | count | p50 ms | p95 ms | p99 ms | max ms | errors |',
    '|---|---|---|---|---|---|---|',
    line('no long writer', wait.idle),
    line(
      `a ${wait.notes.toLocaleString('en')}-note import (${(wait.importMs / 1000).toFixed(1)} s)`,
      wait.import
    ),
    line(`its rollback, one transaction (${(wait.rollbackMs / 1000).toFixed(1)} s)`, wait.rollback)
  ].join('\n')
}

function summary(options: Options, load: LoadResult, wait: WaitResult): string {
  const processes = options.writers + 1
  return [
    `${processes} processes (${options.writers} on the services, 1 app host), ${options.ops.toLocaleString('en')} operations each, ${(load.wallMs / 1000).toFixed(1)} s. Mix by weight: ${OP_KINDS.map((k) => `${k} ${OP_WEIGHTS[k]}`).join(', ')}; an import is a ${options.importNotes}-note folder through the real folder import (backup, run records, integrity checks).`,
    '',
    `Errors that reached a caller: ${codes(loadErrors(load))}. Acknowledged writes: ${load.acknowledged.toLocaleString('en')}, lost: ${load.lost.length}. Processes that crashed: ${load.crashed.length}.`,
    '',
    loadTable(load),
    '',
    `Interactive write wait: one process appends a message every 20 ms while another imports ${wait.notes.toLocaleString('en')} notes and then rolls the run back (appends over 100 ms during the import: ${wait.importOver100}).`,
    '',
    waitTable(wait)
  ].join('\n')
}

runBenchMain('bench:concurrency', async () => {
  const parsed = optionsOrExit('bench:concurrency', parse, USAGE)
  if ('exit' in parsed) return parsed.exit
  const { options } = parsed
  const start = await startBench('bench:concurrency', options.workDir, () => ({
    ok: true,
    message: 'about 100 MB needed'
  }))
  if (!start) return 1
  process.stdout.write(`${options.writers + 1} processes × ${options.ops} operations…\n`)
  const load = await runLoad(options)
  process.stdout.write('Interactive write wait during a large import…\n')
  const wait = await measureWriteWait({
    dataDir: join(options.workDir, 'data'),
    workDir: options.workDir,
    notes: options.largeImport,
    conversation: load.shared[0] ?? '',
    everyMs: 20
  })
  const text = summary(options, load, wait)
  process.stdout.write(`\n${text}\n`)
  if (load.lost.length > 0) process.stdout.write(`\nLost:\n${load.lost.slice(0, 20).join('\n')}\n`)
  const { path } = writeResults('concurrency', start.started, {
    options,
    machine: start.machine,
    load: {
      ...load,
      reports: load.reports.map((r) => ({
        ...r,
        samples: undefined,
        latency: Object.fromEntries(OP_KINDS.map((k) => [k, latencyStats(r.samples[k])]))
      }))
    },
    wait
  })
  const body = [
    '## Many writers at once (`npm run bench:concurrency`)',
    '',
    `${docsStamp(start.started)}, ${machineLine(start.machine)}.`,
    '',
    text
  ].join('\n')
  writeSection(DOCS_FILE, START, END, body, DOCS_HEADER)
  process.stdout.write(`${resultsLine(path, DOCS_FILE, START, END)}\n`)
  return load.crashed.length === 0 ? 0 : 1
})
