// `npm run bench`: the legacy JSON store against the SQLite store on the same generated history (1k, 10k and 100k
// conversations), each backend × size in its own process; prints tables and target checks, and writes
// bench/results/store-*.json and the store section of docs/benchmarks.md.
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { docsStamp, DOCS_FILE, DOCS_HEADER, writeResults } from './bench-output'
import { writeSection } from './docs-section'
import { machineLine, type MachineInfo } from './machine-info'
import { BACKENDS } from './store-backends'
import { checkStoreSpace, ensureStoreDataset, type StoreDataset } from './store-data'
import { parseStoreBenchOptions, STORE_USAGE, type StoreBenchOptions } from './store-options'
import { backendRun, failedRun, opFigure, type BackendRun } from './store-records'
import { formatMs, gridMarkdown, gridText, operationsGrid, processGrid } from './store-report'
import { runStoreChild } from './store-run'
import { checkTargets, targetLines, type TargetCheck } from './store-targets'
import { optionsOrExit, resultsLine, runBenchMain, startBench } from './bench-main'

const START_MARKER = '<!-- bench:store:start -->'
const END_MARKER = '<!-- bench:store:end -->'

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function prepare(options: StoreBenchOptions, conversations: number): Promise<StoreDataset> {
  log(`[${conversations}] preparing the legacy folder and its migrated store (seed ${options.seed})…`)
  const dataset = await ensureStoreDataset(options.workDir, conversations, options.seed)
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`
  const made = [
    dataset.generateMs === null
      ? 'legacy file reused'
      : `generated in ${(dataset.generateMs / 1000).toFixed(1)} s`,
    dataset.migrateMs === null ? 'store reused' : `migrated in ${(dataset.migrateMs / 1000).toFixed(1)} s`,
    dataset.upgradeMs === null
      ? `schema v${dataset.schemaVersion}`
      : `brought to schema v${dataset.schemaVersion} in ${(dataset.upgradeMs / 1000).toFixed(1)} s (once, before the timed runs)`
  ].join(', ')
  log(
    `[${conversations}] ${dataset.messages} messages; conversations.json ${mb(dataset.bytes)}, ` +
      `personal-agent.db ${mb(dataset.dbBytes)}; ${made}`
  )
  return dataset
}

function describe(run: BackendRun): string {
  const head = `[${run.conversations}] ${run.backend}`
  if (run.status === 'failed') return `${head}: failed (${run.reason ?? '?'})`
  const append = opFigure(run, 'append')
  return (
    `${head}: first page ${formatMs(run.result?.first_page_ms ?? null)} ms, append ` +
    `${append?.cut ? '~' : ''}${formatMs(append?.msPerOp ?? null)} ms/op, peak RSS ${run.peakRssMb?.toFixed(0) ?? '?'} MB, ` +
    `${(run.wallMs / 1000).toFixed(1)} s`
  )
}

async function measure(dataset: StoreDataset, options: StoreBenchOptions): Promise<BackendRun[]> {
  const runs: BackendRun[] = []
  for (const backend of BACKENDS) {
    const dataBytes = backend === 'json' ? dataset.bytes : dataset.dbBytes
    let run: BackendRun
    try {
      const m = await runStoreChild(backend, dataset, {
        creates: options.creates,
        renames: options.renames,
        appends: options.appends,
        jsonBudgetMs: options.jsonBudgetS * 1000,
        workDir: options.workDir
      })
      run = backendRun(backend, dataset.conversations, dataset.messages, dataBytes, m)
      if (run.status === 'failed' && m.stderrTail.length > 0)
        log(`  stderr:\n${m.stderrTail.map((line) => `    ${line}`).join('\n')}`)
    } catch (error) {
      run = failedRun(backend, dataset.conversations, dataset.messages, error)
    }
    runs.push(run)
    log(describe(run))
  }
  return runs
}

function durabilityLines(runs: BackendRun[]): string[] {
  return BACKENDS.map((backend) => {
    const found = runs.find((r) => r.backend === backend && r.result)?.result?.durability ?? '?'
    return `${backend === 'json' ? 'JSON' : 'SQLite'} writes: ${found}`
  })
}

function schemaVersions(datasets: StoreDataset[]): string {
  return [...new Set(datasets.map((d) => d.schemaVersion))].join(', v')
}

function docsBody(
  datasets: StoreDataset[],
  runs: BackendRun[],
  targets: TargetCheck[],
  machine: MachineInfo,
  options: StoreBenchOptions,
  startup: number | null,
  started: Date,
  resultsFile: string
): string {
  const budget = options.jsonBudgetS
  return [
    '## The store: `npm run bench`',
    '',
    `${docsStamp(started)} · ${machineLine(machine)} · seed ${options.seed}`,
    '',
    'The legacy JSON store (`openJsonStore`: the files held in memory, every change rewriting the whole file) against',
    'the SQLite store (`sqliteStore`), on the same generated history: conversations of 16 to 24 messages of 100 to',
    '300 characters, written as `conversations.json` and migrated by `personal-agent migrate` for SQLite (then opened',
    `once, so a schema upgrade the app makes once after an update is not in a timed open; schema v${schemaVersions(datasets)}).`,
    'Each backend × size runs in its own process (`bench/store-child.ts`), in this order:',
    '',
    '- **open + first page**: opening the store and `list({limit: 50})`, timed from the call that opens the store',
    `  (modules already loaded); "ready since process start" adds Node, tsx and module loading (a bare \`node --import tsx\``,
    `  takes ${startup === null ? '?' : (startup / 1000).toFixed(2)} s here).`,
    '- **list page (50)** and **get**: paging through every conversation, 50 a page, and `get` of each as its page',
    '  arrives; **read all** is both, per conversation.',
    `- **create** ${options.creates} conversations, **rename** ${options.renames} spread over the history, **append** ${options.appends}`,
    '  messages of 200 characters to one conversation in the middle of the history.',
    '- **first page after writes**: `list({limit: 50})` once more, after all those writes.',
    '',
    `Every operation is timed alone. A JSON series stops after ${budget} s and its ms/op is extrapolated to the whole`,
    'series (`~`; "ops" says how many ran); SQLite series always run in full. p50 and p99 are of the operations that',
    `ran. "SQLite faster" is JSON ms/op over SQLite ms/op. ${durabilityLines(runs).join('. ')}.`,
    'Peak RSS of the whole child process from `/usr/bin/time -v`.',
    '',
    'Run it: `npm run bench` (all three sizes), `npm run bench -- --sizes 1000` for a quick run, `npm run bench -- --help`',
    'for the options. Generated folders and migrated stores are kept in `/tmp/personal-agent-bench/store-data` for the',
    'next run.',
    '',
    gridMarkdown(operationsGrid(runs)),
    '',
    gridMarkdown(processGrid(runs)),
    '',
    'Targets:',
    '',
    ...targetLines(targets, true).map((line) => `- ${line}`),
    '',
    `Every measurement: \`bench/results/${resultsFile}\`.`
  ].join('\n')
}

async function main(): Promise<number> {
  const parsed = optionsOrExit('bench', parseStoreBenchOptions, STORE_USAGE)
  if ('exit' in parsed) return parsed.exit
  const { options } = parsed
  const start = await startBench('bench', options.workDir, () =>
    checkStoreSpace(options.workDir, options.sizes, options.seed)
  )
  if (start === null) return 1
  const { started, machine, startup } = start
  const datasets: StoreDataset[] = []
  const runs: BackendRun[] = []
  for (const size of options.sizes) {
    const dataset = await prepare(options, size)
    datasets.push(dataset)
    runs.push(...(await measure(dataset, options)))
    if (options.clean) rmSync(dirname(dataset.legacyDir), { recursive: true, force: true })
  }

  const targets = checkTargets(runs)
  log(`\n${gridText(operationsGrid(runs))}\n\n${gridText(processGrid(runs))}\n`)
  for (const line of targetLines(targets, false)) log(line)

  const { file, path } = writeResults('store', started, {
    benchmark: 'store',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    argv: process.argv.slice(2),
    options,
    machine,
    startupMs: startup,
    datasets,
    runs,
    targets
  })
  writeSection(
    DOCS_FILE,
    START_MARKER,
    END_MARKER,
    docsBody(datasets, runs, targets, machine, options, startup, started, file),
    DOCS_HEADER
  )
  log(resultsLine(path, DOCS_FILE, START_MARKER, END_MARKER))
  return 0
}

runBenchMain('bench', main)
