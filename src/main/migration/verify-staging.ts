// The staging database's last step before its commit: verification against the backup on this thread while
// another builds the search index and then runs SQLite's own checks over the finished file.
import type { LegacySourceFile } from '../legacy/legacy-files'
import type { SecretStore } from '../secrets/secret-store'
import type { Db } from '../store/sqlite/database'
import type { SearchTriggers } from '../store/sqlite/staging/bulk-load'
import type { ProgressTracker } from './progress-tracker'
import { startSearchIndex } from './search-index'
import type { DigestSource } from './source-digests'
import { verifyStore, type VerifyResult } from './verify'

export interface StagingCheck {
  db: Db
  dbPath: string
  secrets: SecretStore
  backupDir: string
  files: readonly LegacySourceFile[]
  digests: Partial<Record<LegacySourceFile, DigestSource>>
  /** The full-text triggers the bulk load dropped: the index build puts them back. */
  searchTriggers: SearchTriggers
  progress: ProgressTracker
  bytesTotal: number
}

export async function verifyAndIndex(check: StagingCheck): Promise<VerifyResult> {
  const { db, progress, bytesTotal } = check
  // WAL lets the index worker write while this connection reads.
  db.pragma('journal_mode = WAL')
  let verifiedBytes = 0
  let indexed = 0
  // The phase is as far along as the slower of the two.
  const report = (): void => progress.bytes(Math.min(verifiedBytes, indexed * bytesTotal))
  const index = startSearchIndex(check.dbPath, check.searchTriggers, (share) => {
    indexed = share
    report()
  })
  let result: VerifyResult
  let problems: string[]
  try {
    result = await verifyStore(db, check.secrets, check.backupDir, check.files, {
      digests: check.digests,
      sqliteChecks: false,
      onBytes: (bytes) => {
        verifiedBytes = bytes
        report()
      }
    })
    verifiedBytes = bytesTotal
    if (indexed < 1) progress.phase('index', 'Finishing the search index')
    problems = await index.done
    await index.checkpoint()
  } catch (error) {
    await index.stop()
    throw error
  }
  result.discrepancies.push(...problems)
  result.ok = result.discrepancies.length === 0
  return result
}
