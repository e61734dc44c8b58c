// The sqlite backend: the services over the SQLite store (keys in the keychain), counting writes and failures.
import type { SecretStore } from '../../secrets/secret-store'
import { SqliteAgents } from './sqlite-agents'
import { SqliteConversations } from './sqlite-conversations'
import { SqliteMcpServers } from './sqlite-mcp-servers'
import { SqliteProfiles } from './sqlite-profiles'
import { isUserRefusal, settle, wrapMethods, type MethodName } from '../method-wrappers'
import type { StoreStats } from '../store-stats'
import type { Store } from '../store'
import type { Db } from './database'
import { IdleCheckpoint } from './idle-checkpoint'
import { closeStore, openStore } from './open-store'

export const CONVERSATION_WRITES = [
  'create',
  'rename',
  'appendMessage',
  'delete',
  'startReply',
  'saveReplyText',
  'finishReply',
  'markInterruptedReplies',
  'addSummary',
  'editMessage',
  'switchBranch',
  'setFirstExchangeTitle',
  'startToolCall',
  'updateToolCall',
  'addToolGrant',
  'revokeToolGrant',
  'setReadOnlyDefault'
] as const
export const CONVERSATION_READS = [
  'list',
  'get',
  'messages',
  'transcript',
  'recentTranscript',
  'summaries',
  'awaitsTitle',
  'toolGrants',
  'readOnlyServers'
] as const
export const PROFILE_WRITES = ['create', 'update', 'setDefault', 'delete'] as const
export const PROFILE_READS = [
  'list',
  'get',
  'getDefault',
  'defaultId',
  'chatSettings',
  'apiKey',
  'requestBaseUrl'
] as const
export const MCP_WRITES = [
  'create',
  'update',
  'setEnabled',
  'setStartAtLaunch',
  'saveInputs',
  'delete'
] as const
export const MCP_READS = ['list', 'get', 'connection'] as const
export const AGENT_WRITES = ['create', 'update', 'duplicate', 'delete'] as const
export const AGENT_READS = ['list', 'get'] as const

export interface SqliteParts {
  db: Db
  conversations: SqliteConversations
  profiles: SqliteProfiles
  mcp: SqliteMcpServers
  agents: SqliteAgents
}

export async function openSqliteParts(dbPath: string, secrets: SecretStore): Promise<SqliteParts> {
  const db = await openStore(dbPath)
  return {
    db,
    conversations: new SqliteConversations(db, secrets),
    profiles: new SqliteProfiles(db, secrets),
    mcp: new SqliteMcpServers(db, secrets),
    agents: new SqliteAgents(db, secrets)
  }
}

/** `target`'s methods, with each write counted on the sqlite side (a success as a write, a failure as an error). */
function counted<T extends object>(
  target: T,
  reads: readonly MethodName<T>[],
  writes: readonly MethodName<T>[],
  stats: StoreStats,
  checkpoint: IdleCheckpoint
): T {
  return wrapMethods<T>([...reads, ...writes], (name, call) => {
    if (!writes.includes(name)) return call(target)
    return settle(
      () => call(target),
      (value) => {
        stats.bump('sqlite', 'writes')
        checkpoint.changed()
        return value
      },
      (error) => {
        if (!isUserRefusal(error)) stats.bump('sqlite', 'errors')
        throw error
      }
    )
  })
}

export function sqliteStore(parts: SqliteParts, stats: StoreStats): Store & { db: Db } {
  const checkpoint = new IdleCheckpoint(parts.db)
  return {
    backend: 'sqlite',
    db: parts.db,
    conversations: counted<Store['conversations']>(
      parts.conversations,
      CONVERSATION_READS,
      CONVERSATION_WRITES,
      stats,
      checkpoint
    ),
    profiles: counted<Store['profiles']>(parts.profiles, PROFILE_READS, PROFILE_WRITES, stats, checkpoint),
    mcp: counted<Store['mcp']>(parts.mcp, MCP_READS, MCP_WRITES, stats, checkpoint),
    agents: counted<Store['agents']>(parts.agents, AGENT_READS, AGENT_WRITES, stats, checkpoint),
    counters: () => stats.totals(),
    flush: async () => stats.save(),
    close: async () => {
      checkpoint.stop()
      stats.save()
      closeStore(parts.db)
    }
  }
}
