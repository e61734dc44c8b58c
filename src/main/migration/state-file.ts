// state.json: the migration state of a data folder, written atomically so a crash never leaves it half-written.
import { readFileSync } from 'node:fs'
import { writeFileAtomic } from '../fs/atomic-write'

export type StoredState = 'migrating' | 'migrated' | 'rolled-back'

/**
 * Phases of a run that matter for recovery after a crash. 'indexing': the verified store is committed and usable;
 * its full-text index and SQLite's checks are still running, and the legacy files are retired only after both.
 */
export type RunPhase = 'preparing' | 'importing' | 'committing' | 'indexing' | 'retiring'

export interface StateFile {
  state: StoredState
  runId: string | null
  backupId: string | null
  phase: RunPhase | null
  /** Steps that failed and can be retried with `migrate` (e.g. 'mcp_servers'). */
  incomplete: string[]
  /**
   * From the commit until the full-text index is built: the CREATE TRIGGER statements the bulk load dropped, which
   * the index build puts back (a run killed before then builds the index from these at the next start).
   */
  searchTriggers?: string[]
  appVersion: string
  updatedAt: string
}

export function readStateFile(path: string): StateFile | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>
    if (parsed.state !== 'migrating' && parsed.state !== 'migrated' && parsed.state !== 'rolled-back')
      return null
    return {
      state: parsed.state,
      runId: parsed.runId ?? null,
      backupId: parsed.backupId ?? null,
      phase: parsed.phase ?? null,
      incomplete: Array.isArray(parsed.incomplete) ? parsed.incomplete : [],
      ...(Array.isArray(parsed.searchTriggers) ? { searchTriggers: parsed.searchTriggers } : {}),
      appVersion: parsed.appVersion ?? 'unknown',
      updatedAt: parsed.updatedAt ?? ''
    }
  } catch {
    return null
  }
}

export function writeStateFile(path: string, state: Omit<StateFile, 'updatedAt'>): void {
  writeFileAtomic(path, `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`)
}
