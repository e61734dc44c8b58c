// Runs one migration variant (floor, naive or ours) or the first-page probe in a child process, on a run folder
// that holds a hard link to the generated conversations.json, and returns its measurements.
import { linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONVERSATIONS_FILE } from './generate-legacy'
import { measureChild, type ChildMeasurement } from './measure-child'

export type VariantName = 'floor' | 'naive' | 'ours' | 'app'

export const REPO = resolve(__dirname, '..')
const BIN = join(REPO, 'node_modules', '.bin')
/** Node 22 from node_modules: better-sqlite3 13 crashes on an older system node. */
export const NODE = join(BIN, 'node')

export interface VariantOptions {
  naiveTimeLimitS: number
}

/** The environment of a child: Node 22 from node_modules first on PATH. */
export function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: [BIN, process.env['PATH']].filter(Boolean).join(':') }
}

export function variantCommand(variant: VariantName, dir: string, options: VariantOptions): string[] {
  switch (variant) {
    case 'floor':
      return [NODE, '--import', 'tsx', join(REPO, 'bench', 'migrate-floor.ts'), dir]
    case 'naive':
      return [
        NODE,
        '--import',
        'tsx',
        join(REPO, 'bench', 'migrate-naive.ts'),
        dir,
        '--time-limit',
        String(options.naiveTimeLimitS)
      ]
    case 'ours':
      return [join(REPO, 'bin', 'personal-agent'), 'migrate', '--data-dir', dir, '--json']
    case 'app':
      return [NODE, '--import', 'tsx', join(REPO, 'bench', 'app-worker.ts'), dir]
  }
}

export function runVariant(
  variant: VariantName,
  dir: string,
  options: VariantOptions
): Promise<ChildMeasurement> {
  return measureChild(variantCommand(variant, dir, options), { cwd: REPO, env: childEnv() })
}

/** Opens the store `ours` migrated in `dir` and lists the first page of conversations (see first-page.ts). */
export function runFirstPage(dir: string): Promise<ChildMeasurement> {
  return measureChild([NODE, '--import', 'tsx', join(REPO, 'bench', 'first-page.ts'), dir], {
    cwd: REPO,
    env: childEnv()
  })
}

/** Node + tsx startup, which every child's wall time includes; null when it could not be measured. */
export async function startupMs(): Promise<number | null> {
  const m = await measureChild([NODE, '--import', 'tsx', '--eval', ''], { cwd: REPO })
  return m.exitCode === 0 ? m.wallMs : null
}

/**
 * Runs `fn` on a fresh folder under `runsDir` holding a hard link to `source` (no copy; a migration that retires
 * the file only unlinks its own link), then removes the folder.
 */
export async function withRunFolder<T>(
  source: string,
  runsDir: string,
  label: string,
  fn: (dir: string) => Promise<T>
): Promise<T> {
  mkdirSync(runsDir, { recursive: true })
  const dir = mkdtempSync(join(runsDir, `${label}-`))
  try {
    linkSync(source, join(dir, CONVERSATIONS_FILE))
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
