// Command-line options of `npm run bench:migrate`, and the parsers `npm run bench` shares with it.
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

export interface BenchOptions {
  sizesMb: number[]
  seed: number
  naiveTimeLimitS: number
  skipNaive: boolean
  workDir: string
  clean: boolean
}

/** The default folder for generated data and run folders, shared by the benchmarks. */
export const DEFAULT_WORK_DIR = join(tmpdir(), 'personal-agent-bench')

export const USAGE = `Usage: npm run bench:migrate -- [options]

  --sizes 50,200,1024      legacy conversations.json sizes in MB (MiB), default 50,200,1024
  --seed N                 generator seed (default 1); same size and seed, same bytes
  --naive-time-limit S     stop the naive variant after S seconds of inserts and extrapolate (default 120)
  --skip-naive             do not run the naive variant
  --work-dir DIR           generated data and run folders (default: ${DEFAULT_WORK_DIR})
  --clean                  delete the generated data afterwards (kept for reuse by default)`

export function positive(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${text}"`)
  return value
}

/** `1,10,5` as [1, 5, 10]: positive numbers, sorted, each once. */
export function positiveList(name: string, text: string): number[] {
  return [...new Set(text.split(',').map((s) => positive(name, s.trim())))].sort((a, b) => a - b)
}

export function integer(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${text}"`)
  return value
}

/** The options, or null when --help was asked for. Throws on bad input. */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '50,200,1024' },
      seed: { type: 'string', default: '1' },
      'naive-time-limit': { type: 'string', default: '120' },
      'skip-naive': { type: 'boolean', default: false },
      'work-dir': { type: 'string', default: DEFAULT_WORK_DIR },
      clean: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) return null
  return {
    sizesMb: positiveList('--sizes', values.sizes),
    seed: integer('--seed', values.seed),
    naiveTimeLimitS: positive('--naive-time-limit', values['naive-time-limit']),
    skipNaive: values['skip-naive'],
    workDir: resolve(values['work-dir']),
    clean: values.clean
  }
}
