// `npm run bench:migrate`: generates legacy data folders, runs floor, naive and ours side by side on each, times the
// first page after ours, then prints a table and writes bench/results/*.json and a section of docs/benchmarks.md.
import { readdirSync, rmdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options'
import { checkFreeSpace, ensureDataset, type Dataset } from './bench-data'
import { markdownTable, ratioLines, ratios, scaling, textTable } from './bench-report'
import { writeSection } from './docs-section'
import { docsStamp, DOCS_FILE, DOCS_HEADER, writeResults } from './bench-output'
import { machineLine, type MachineInfo } from './machine-info'
import { firstPageRecord, harnessFailureRecord, variantRecord, type RunRecord } from './run-records'
import { runFirstPage, runVariant, withRunFolder, type VariantName } from './run-variant'
import { optionsOrExit, resultsLine, runBenchMain, startBench } from './bench-main'

const START_MARKER = '<!-- bench:migrate:start -->'
const END_MARKER = '<!-- bench:migrate:end -->'

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

function describeRecord(r: RunRecord): string {
  const wall = `${r.extrapolated ? '~' : ''}${(r.effectiveWallMs / 1000).toFixed(2)} s`
  return `[${r.sizeMb} MB] ${r.variant}: ${r.status}, ${wall}${r.reason ? ` (${r.reason})` : ''}`
}

/** Runs one variant on its own run folder (ours is followed by the first page on the folder it migrated). */
async function runOne(dataset: Dataset, variant: VariantName, options: BenchOptions): Promise<RunRecord[]> {
  const records: RunRecord[] = []
  try {
    await withRunFolder(
      dataset.file,
      join(options.workDir, 'runs'),
      `${variant}-${dataset.sizeMb}mb`,
      async (dir) => {
        const measured = await runVariant(variant, dir, options)
        const record = variantRecord(dataset.sizeMb, dataset.bytes, variant, measured)
        records.push(record)
        log(describeRecord(record))
        if (record.status === 'failed' && measured.stderrTail.length > 0)
          log(`  stderr:\n${measured.stderrTail.map((line) => `    ${line}`).join('\n')}`)
        if (variant === 'ours' && record.status === 'ok') {
          const page = firstPageRecord(dataset.sizeMb, await runFirstPage(dir))
          records.push(page)
          log(describeRecord(page))
        }
      }
    )
  } catch (error) {
    const record = harnessFailureRecord(dataset.sizeMb, variant, error)
    records.push(record)
    log(describeRecord(record))
  }
  return records
}

function prepareDataset(workDir: string, sizeMb: number, seed: number): Dataset {
  log(`[${sizeMb} MB] preparing legacy data (seed ${seed})…`)
  const dataset = ensureDataset(workDir, sizeMb, seed)
  const summary = `${dataset.bytes} bytes, ${dataset.conversations} conversations, ${dataset.messages} messages`
  if (dataset.generateMs === null) log(`[${sizeMb} MB] reused ${dataset.file}: ${summary}`)
  else {
    const rate = dataset.bytes / 1024 / 1024 / (dataset.generateMs / 1000)
    log(
      `[${sizeMb} MB] generated ${summary} in ${(dataset.generateMs / 1000).toFixed(2)} s (${rate.toFixed(0)} MB/s)`
    )
  }
  return dataset
}

function docsBody(
  records: RunRecord[],
  summary: string[],
  machine: MachineInfo,
  options: BenchOptions,
  startup: number | null,
  stamp: string,
  resultsFile: string
): string {
  return [
    '## Launch migration: `npm run bench:migrate`',
    '',
    `${stamp} · ${machineLine(machine)} · seed ${options.seed}`,
    '',
    '- **floor**: `readFileSync` + `JSON.parse` + one transaction of prepared inserts into two plain tables, no',
    '  backup, no verification, no index (`bench/migrate-floor.ts`).',
    '- **naive**: the same parse, then one autocommit INSERT per row (primary keys on id), default rollback journal',
    `  and synchronous; stopped after ${options.naiveTimeLimitS} s of inserts and extrapolated (\`~\`) (\`bench/migrate-naive.ts\`).`,
    '- **ours**: `personal-agent migrate --json`: preflight, backup, migrate, verify, commit, then the full-text',
    "  index and SQLite's checks, then retire. **usable s** is its `usable_ms`: from its process start to the",
    '  moment the verified store is committed and could be shown; the CLI waits for the rest before it exits.',
    '- **first page**: opening the migrated store and the first `SqliteConversations.list()` page, in a fresh',
    '  process; its wall time is that alone.',
    '- **app**: the same migration run as the desktop app runs it, in a worker thread with progress posted to the',
    "  main thread; its notes give the main thread's longest event-loop block and the widest gap between progress",
    '  reports (`bench/app-worker.ts`).',
    '',
    `Wall time is the whole child process, Node and tsx startup included${startup === null ? '' : ` (${(startup / 1000).toFixed(2)} s here)`}.`,
    'MB/s = file size / wall time. Peak RSS from `/usr/bin/time -v`.',
    '',
    markdownTable(records),
    '',
    ...summary.map((line) => `- ${line}`),
    '',
    `Every measurement: \`bench/results/${resultsFile}\`.`
  ].join('\n')
}

async function main(): Promise<number> {
  const parsed = optionsOrExit('bench:migrate', parseBenchOptions, USAGE)
  if ('exit' in parsed) return parsed.exit
  const { options } = parsed
  const start = await startBench('bench:migrate', options.workDir, () =>
    checkFreeSpace(options.workDir, options.sizesMb, options.seed)
  )
  if (start === null) return 1
  const { started, machine, startup } = start
  const datasets: Dataset[] = []
  const records: RunRecord[] = []
  const variants: VariantName[] = options.skipNaive
    ? ['floor', 'ours', 'app']
    : ['floor', 'naive', 'ours', 'app']
  for (const sizeMb of options.sizesMb) {
    const dataset = prepareDataset(options.workDir, sizeMb, options.seed)
    datasets.push(dataset)
    for (const variant of variants) records.push(...(await runOne(dataset, variant, options)))
    if (options.clean) rmSync(dataset.dir, { recursive: true, force: true })
  }
  try {
    if (readdirSync(join(options.workDir, 'runs')).length === 0) rmdirSync(join(options.workDir, 'runs'))
  } catch {
    // no runs folder: nothing to tidy
  }

  const sizeRatios = ratios(records)
  const scale = scaling(records)
  const summary = [...ratioLines(sizeRatios), ...(scale ? [scale.text] : [])]
  log(`\n${textTable(records)}\n`)
  for (const line of summary) log(line)

  const results = {
    benchmark: 'migrate',
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    argv: process.argv.slice(2),
    options,
    machine,
    startupMs: startup,
    datasets,
    runs: records,
    ratios: sizeRatios,
    scaling: scale
  }
  const { file: resultsFile, path: resultsPath } = writeResults('migrate', started, results)
  writeSection(
    DOCS_FILE,
    START_MARKER,
    END_MARKER,
    docsBody(records, summary, machine, options, startup, docsStamp(started), resultsFile),
    DOCS_HEADER
  )
  log(resultsLine(resultsPath, DOCS_FILE, START_MARKER, END_MARKER))
  return 0
}

runBenchMain('bench:migrate', main)
