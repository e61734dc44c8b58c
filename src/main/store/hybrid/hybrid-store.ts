// The hybrid backend: SQLite is primary (a failed SQLite write fails the change); every change is mirrored to the
// legacy files for an older app version; reads fall back to the mirror, with a logged warning, when SQLite fails.
import { UserError } from '../../../shared/errors'
import { logger } from '../../logging/logger'
import type { SecretStore } from '../../secrets/secret-store'
import { openJsonStore } from '../json/json-store'
import { isUserRefusal, settle, wrapMethods, type MethodName } from '../method-wrappers'
import {
  AGENT_READS,
  AGENT_WRITES,
  CONVERSATION_READS,
  CONVERSATION_WRITES,
  MCP_READS,
  MCP_WRITES,
  openSqliteParts,
  PROFILE_READS,
  PROFILE_WRITES,
  sqliteStore
} from '../sqlite/sqlite-store'
import type { StoreStats } from '../store-stats'
import type { Store } from '../store'
import { JsonMirror } from './json-mirror'

export interface HybridOptions {
  dataDir: string
  dbPath: string
  secrets: SecretStore
  stats: StoreStats
  mirrorDebounceMs?: number
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function unavailable(dbPath: string, cause: unknown): UserError {
  return new UserError(
    'STORE_FAILED',
    `The database ${dbPath} cannot be read (${reason(cause)}), so changes cannot be saved; what you see comes from the JSON mirror. Restore a backup or roll back ("personal-agent rollback") to repair it.`,
    { cause }
  )
}

/**
 * Opens the hybrid store. When the database cannot be opened, the store still opens: reads come from the mirror
 * (each counted as a fallback) and writes fail with the reason.
 */
export async function openHybridStore(options: HybridOptions): Promise<Store> {
  const { dataDir, dbPath, secrets, stats } = options
  let mirrorCopy: Store | null = null
  const mirrorStore = (): Store => (mirrorCopy ??= openJsonStore(dataDir, stats))

  let openFailure: unknown = null
  const parts = await openSqliteParts(dbPath, secrets).catch((error: unknown) => {
    openFailure = error
    logger.warn(`hybrid store: ${dbPath} cannot be opened; reading from the JSON mirror`, error)
    return null
  })
  const primary = parts ? sqliteStore(parts, stats) : null
  const mirror = parts
    ? new JsonMirror({
        db: parts.db,
        dbPath,
        secrets,
        dataDir,
        stats,
        debounceMs: options.mirrorDebounceMs,
        onFlushed: () => {
          mirrorCopy = null
        }
      })
    : null
  // The mirror is written whole at open: it may be missing (hybrid just chosen) or behind (the last run was killed).
  void mirror?.flush(true)

  function side<T extends object>(
    pick: (store: Store) => T,
    reads: readonly MethodName<T>[],
    writes: readonly MethodName<T>[]
  ): T {
    return wrapMethods<T>([...reads, ...writes], (name, call) => {
      const isWrite = writes.includes(name)
      if (!primary) {
        if (isWrite) throw unavailable(dbPath, openFailure)
        stats.bump('sqlite', 'fallbacks')
        return call(pick(mirrorStore()))
      }
      if (isWrite)
        return settle(
          () => call(pick(primary)),
          (value) => {
            mirror?.schedule()
            return value
          },
          (error) => {
            throw error
          }
        )
      return settle(
        () => call(pick(primary)),
        (value) => value,
        (error) => {
          if (isUserRefusal(error)) throw error
          stats.bump('sqlite', 'fallbacks')
          logger.warn(`hybrid store: SQLite could not answer ${name}; answering from the JSON mirror`, error)
          return call(pick(mirrorStore()))
        }
      )
    })
  }

  return {
    backend: 'hybrid',
    conversations: side((s) => s.conversations, CONVERSATION_READS, CONVERSATION_WRITES),
    profiles: side((s) => s.profiles, PROFILE_READS, PROFILE_WRITES),
    mcp: side((s) => s.mcp, MCP_READS, MCP_WRITES),
    agents: side((s) => s.agents, AGENT_READS, AGENT_WRITES),
    counters: () => stats.totals(),
    flush: async (options) => {
      await mirror?.flush(options?.force === true)
      stats.save()
    },
    close: async () => {
      await mirror?.flush()
      if (!primary) return stats.save()
      // Closing the SQLite store saves the counters. A damaged database may refuse its last checkpoint: the store
      // still closes.
      await primary.close().catch((error: unknown) => logger.warn(`could not close ${dbPath} cleanly`, error))
    }
  }
}
