// Runs store-child.ts for one backend and size in its own process, on a throwaway run folder: a hard link to the
// legacy file for the JSON store (it only ever replaces the file by rename), a copy of the database for SQLite.
import { copyFileSync, constants, linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE } from '../src/main/base/data-paths'
import { CONVERSATIONS_FILE } from './generate-legacy'
import { measureChild, type ChildMeasurement } from './measure-child'
import { childEnv, NODE, REPO } from './run-variant'
import type { BackendName } from './store-backends'
import type { StoreDataset } from './store-data'

export interface StoreRunOptions {
  creates: number
  renames: number
  appends: number
  /** Time budget of each JSON series in ms; SQLite is never cut short. */
  jsonBudgetMs: number
  workDir: string
}

function prepareRunFolder(backend: BackendName, dataset: StoreDataset, dir: string): void {
  if (backend === 'json') linkSync(join(dataset.legacyDir, CONVERSATIONS_FILE), join(dir, CONVERSATIONS_FILE))
  else copyFileSync(dataset.dbFile, join(dir, DB_FILE), constants.COPYFILE_FICLONE)
}

export async function runStoreChild(
  backend: BackendName,
  dataset: StoreDataset,
  options: StoreRunOptions
): Promise<ChildMeasurement> {
  const runs = join(options.workDir, 'store-runs')
  mkdirSync(runs, { recursive: true })
  const dir = mkdtempSync(join(runs, `${backend}-${dataset.conversations}-`))
  try {
    prepareRunFolder(backend, dataset, dir)
    const command = [
      NODE,
      '--import',
      'tsx',
      join(REPO, 'bench', 'store-child.ts'),
      dir,
      '--backend',
      backend,
      '--conversations',
      String(dataset.conversations),
      '--creates',
      String(options.creates),
      '--renames',
      String(options.renames),
      '--appends',
      String(options.appends),
      '--budget-ms',
      backend === 'json' ? String(options.jsonBudgetMs) : 'Infinity'
    ]
    return await measureChild(command, { cwd: REPO, env: childEnv() })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
