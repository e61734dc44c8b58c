// Where the benchmarks put what they measured: bench/results/<name>-<stamp>.json and their sections of
// docs/benchmarks.md (the file's header when it does not exist yet).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './run-variant'

export const DOCS_FILE = join(REPO, 'docs', 'benchmarks.md')
export const RESULTS_DIR = join(REPO, 'bench', 'results')
export const DOCS_HEADER = `# Benchmarks

Measured by the harnesses in \`bench/\` on the machine named in each section; each section is rewritten by the
command in its title. Sizes are MiB (1024 MB = 1 GiB).

`

/** `2026-11-22T06-23-38-164Z`: the run's start, usable in a file name. */
export function fileStamp(started: Date): string {
  return started.toISOString().replace(/[:.]/g, '-')
}

/** `2026-11-22 06:23 UTC`: the run's start, for the docs. */
export function docsStamp(started: Date): string {
  return `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Writes `results` (pretty JSON) to bench/results/<name>-<stamp>.json through a temp file; returns the file name. */
export function writeResults(name: string, started: Date, results: object): { file: string; path: string } {
  const file = `${name}-${fileStamp(started)}.json`
  const path = join(RESULTS_DIR, file)
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`)
  renameSync(`${path}.tmp`, path)
  return { file, path }
}
