// Command-line options of `npm run bench` (the JSON store against the SQLite store).
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_WORK_DIR, integer, positive, positiveList } from './bench-options'

export interface StoreBenchOptions {
  /** Conversation counts. */
  sizes: number[]
  seed: number
  /** Each JSON series stops after this long and is extrapolated. */
  jsonBudgetS: number
  creates: number
  renames: number
  appends: number
  workDir: string
  clean: boolean
}

export const STORE_USAGE = `Usage: npm run bench -- [options]

  --sizes 1000,10000,100000  conversation counts (about 20 messages each), default 1000,10000,100000
  --seed N                   generator seed (default 1); same count and seed, same data
  --json-budget S            stop each JSON store series after S seconds and extrapolate (default 25);
                             SQLite series always run in full
  --creates N                conversations created (default 1000)
  --renames N                conversations renamed (default 1000)
  --appends N                messages appended to one conversation (default 2000)
  --work-dir DIR             generated data, migrated stores and run folders (default: ${DEFAULT_WORK_DIR})
  --clean                    delete the generated data afterwards (kept for reuse by default)`

function whole(name: string, text: string): number {
  const value = positive(name, text)
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be a whole number, got "${text}"`)
  return value
}

/** The options, or null when --help was asked for. Throws on bad input. */
export function parseStoreBenchOptions(argv: string[]): StoreBenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      seed: { type: 'string', default: '1' },
      'json-budget': { type: 'string', default: '25' },
      creates: { type: 'string', default: '1000' },
      renames: { type: 'string', default: '1000' },
      appends: { type: 'string', default: '2000' },
      'work-dir': { type: 'string', default: DEFAULT_WORK_DIR },
      clean: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (values.help) return null
  return {
    sizes: positiveList('--sizes', values.sizes).map((n) => whole('--sizes', String(n))),
    seed: integer('--seed', values.seed),
    jsonBudgetS: positive('--json-budget', values['json-budget']),
    creates: whole('--creates', values.creates),
    renames: whole('--renames', values.renames),
    appends: whole('--appends', values.appends),
    workDir: resolve(values['work-dir']),
    clean: values.clean
  }
}
