// The work after the commit, while the store is already usable: the full-text index, then SQLite's checks, in a
// worker; the legacy files are retired only once both pass, and a failure here rolls the migration back by itself.
import { UserError } from '../../shared/errors'
import { logger } from '../logging/logger'
import type { Db } from '../store/sqlite/database'
import { searchTriggerRows, type SearchTriggers } from '../store/sqlite/staging/bulk-load'
import type { SecretStore } from '../secrets/secret-store'
import type { ProgressTracker } from './progress-tracker'
import { rollback } from './rollback'
import { startSearchIndex } from './search-index'
import type { StateFile } from './state-file'

/** The index or the checks failed after the commit: the run rolls back once it has let go of its lock. */
export class AfterCommitFailure extends Error {}

/** Builds the index (unless `triggers` is null: built already), then runs SQLite's checks; throws AfterCommitFailure. */
export async function indexAndCheck(
  dbPath: string,
  triggers: SearchTriggers | null,
  progress: ProgressTracker,
  bytesTotal: number
): Promise<void> {
  progress.phase('index', 'Building the search index; your data is ready to use')
  const build = startSearchIndex(dbPath, triggers, (share) => progress.bytes(share * bytesTotal))
  let problems: string[]
  try {
    await build.indexed
    progress.phase('checks', "Running SQLite's integrity and foreign-key checks")
    problems = await build.done
    await build.checkpoint()
  } catch (error) {
    await build.stop()
    throw new AfterCommitFailure(error instanceof Error ? error.message : String(error))
  }
  if (problems.length > 0) throw new AfterCommitFailure(problems.join('; '))
}

/** The triggers a committed store still needs its index built with, or null when its index is built. */
export function pendingSearchTriggers(db: Db, state: StateFile): SearchTriggers | null {
  if (searchTriggerRows(db).length > 0) return null
  if (!state.searchTriggers?.length)
    throw new UserError(
      'WRONG_STATE',
      'The interrupted migration left a store without its search index, and state.json does not say how to build it. Run "personal-agent rollback" to restore the backup.'
    )
  return state.searchTriggers
}

/** Rolls the migration back after a failure past its commit, and says so in one line. */
export async function rollBackAfter(
  dataDir: string,
  failure: AfterCommitFailure,
  secrets: SecretStore
): Promise<never> {
  logger.error('migration: the search index or the database checks failed after the commit', failure)
  try {
    await rollback(dataDir, { secrets })
  } catch (error) {
    throw new UserError(
      'VERIFY_FAILED',
      `The migrated store failed its last checks (${failure.message}), and the automatic rollback failed too (${error instanceof Error ? error.message : String(error)}). Run "personal-agent rollback" to restore the backup.`
    )
  }
  throw new UserError(
    'VERIFY_FAILED',
    `The migrated store failed its last checks (${failure.message}), so the migration was rolled back: your legacy files are live again, unchanged. The details are in the log.`
  )
}
