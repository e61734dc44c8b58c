// Data shapes shared by the main process, the preload bridge and the renderer. No Node or DOM imports here.

export type Role = 'user' | 'assistant' | 'system' | 'tool' | string

/** One page of a keyset-paginated list. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface ConversationSummary {
  id: string
  title: string
  profileId: string | null
  createdAt: string | null
  updatedAt: string | null
  messageCount: number
  /** The agent the conversation was started with (absent or null: none, or it was deleted since). */
  agentId?: string | null
  agentName?: string | null
}

export interface MessageView {
  id: string
  role: string
  /** Plain text for display: string content as is, array parts joined, null as ''. Always rendered as text. */
  text: string
  createdAt: string | null
  /** Which version of the message this is, when a regenerate or an edit made others (absent or null: the only one). */
  branch?: BranchPlace | null
  /** A chat reply's state, model, end and usage (absent for messages that are not chat replies). */
  status?: ReplyStatus | null
  model?: string | null
  finishReason?: string | null
  usage?: ReplyUsage | null
  /** A failed or interrupted reply's one-line error. */
  error?: string | null
  /** A tool call's server, tool, arguments and outcome (role `tool`; its result is `text`). */
  tool?: ToolCallView | null
}

/** Where a tool call stands: awaiting the user's approval, running, or how it ended. */
export type ToolCallStatus = 'awaiting-approval' | 'running' | 'done' | 'error' | 'denied' | 'cancelled'

/** A tool call as the window shows it (its card); its full result is the message's text. */
export interface ToolCallView {
  /** The provider's id of the call. */
  callId: string
  serverId: string
  serverName: string
  /** The tool's own name on its server. */
  tool: string
  /** The arguments it runs (or ran) with: the model's, or the user's edit of them. */
  arguments: Record<string, unknown>
  status: ToolCallStatus
  /** The one-line error of a failed call, or the reason the user gave for a denial. */
  error: string | null
  durationMs: number | null
}

/** A message's place among its versions (siblings): `index` from 1 to `count`, oldest first. */
export interface BranchPlace {
  index: number
  count: number
}

/** Where a chat reply stands: written while it streams, then complete, stopped by the user, failed, or cut off. */
export type ReplyStatus = 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted'

export interface ReplyUsage {
  inputTokens: number
  outputTokens: number
  /** True when the provider gave no usage and the counts are estimated from the text. */
  estimated: boolean
  /** Input tokens the provider read from its prompt cache (part of inputTokens); absent when it said nothing. */
  cachedInputTokens?: number | null
  /** Input tokens the provider wrote to its prompt cache (Anthropic); absent when it said nothing. */
  cacheWriteTokens?: number | null
}

export interface ProfileView {
  id: string
  name: string
  provider: string
  model: string
  baseUrl: string | null
  isDefault: boolean
  /** Masked form such as `sk-…abcd`, or null when no key is stored. Never the key itself. */
  maskedApiKey: string | null
}

export interface ProfileInput {
  name: string
  provider: string
  model: string
  baseUrl?: string | null
  /** Written to the keychain; omitted means unchanged, empty string means remove. */
  apiKey?: string
}

export interface McpServerView {
  id: string
  name: string
  command: string | null
  args: string[]
  /** Env values; secret-looking ones are masked. */
  env: Record<string, string>
  secretEnvKeys: string[]
  enabled: boolean
  transport: string
  url: string | null
  /** The user marked it to start when the app opens (its record's `start_at_launch`). */
  startAtLaunch: boolean
  /** HTTP headers of an `sse`/`http` server; secret ones are masked. */
  headers: Record<string, string>
  secretHeaderKeys: string[]
  /** The server's own timeouts in milliseconds (its record's `connect_timeout_ms`, …); null: the default. */
  timeouts: McpTimeouts
}

/** Connect, list and call timeouts in milliseconds; null (or absent) is the default. */
export interface McpTimeouts {
  connectMs: number | null
  listMs: number | null
  callMs: number | null
}

/** The default of each timeout, as the form shows it. */
export const DEFAULT_MCP_TIMEOUTS: Readonly<Record<keyof McpTimeouts, number>> = {
  connectMs: 30_000,
  listMs: 30_000,
  callMs: 120_000
}

export interface McpServerInput {
  name: string
  command?: string | null
  args?: string[]
  env?: Record<string, string>
  enabled?: boolean
  transport?: string
  url?: string | null
  /** Replaces the whole header set; a secret header sent back masked keeps its keychain value. */
  headers?: Record<string, string>
  /** Only the given timeouts change; null clears one back to the default. */
  timeouts?: Partial<McpTimeouts>
}

export type MigrationStateName =
  'fresh' | 'legacy' | 'migrated' | 'interrupted' | 'rolled-back' | 'newer-schema'

export type MigrationPhase =
  | 'detect'
  | 'preflight'
  | 'backup'
  | 'conversations'
  | 'profiles'
  | 'mcp_servers'
  | 'verify'
  | 'commit'
  | 'index'
  | 'checks'
  | 'retire'
  | 'report'
  | 'done'

export interface MigrationProgress {
  phase: MigrationPhase
  /** Records moved so far, out of `total` (conversations, profiles and MCP servers). */
  done: number
  total: number
  /** Bytes of the legacy files the current pass has got through, out of `bytesTotal`. */
  bytesDone: number
  bytesTotal: number
  /** The whole run's share done, 0 to 1 (passes over the bytes weighted by what they cost). */
  fraction: number
  /** Estimated milliseconds left for the whole run, or null before there is enough to estimate. */
  etaMs: number | null
  message: string
  /** Set on the run's first progress, before the engine reports its own: the legacy files about to be read. */
  preparing?: PreparingFile[]
}

/** A legacy file (or a conversation folder, `conversations/`, with its file count) about to be migrated. */
export interface PreparingFile {
  name: string
  bytes: number
  count: number
}

export interface MigrationCounts {
  conversations: number
  messages: number
  profiles: number
  mcp_servers: number
  secrets: number
}

export interface QuarantineEntry {
  file: string
  jsonPath: string
  reason: string
  /** The record's title or name (a message's: its conversation's), where it has one. */
  title?: string
  /** The record's id (a message's: its conversation's), where it has one. */
  id?: string
}

/** What came from one of the old conversation folders (`conversations/<id>.json`, `sessions/<hash>.json`). */
export interface ConversationFolderCount {
  folder: string
  files: number
  conversations: number
  messages: number
}

export interface MigrationReport {
  runId: string
  backupId: string | null
  appVersion: string
  startedAt: string
  finishedAt: string
  durationMs: number
  counts: MigrationCounts
  quarantined: QuarantineEntry[]
  warnings: string[]
  phases: { phase: MigrationPhase; durationMs: number }[]
  incomplete: string[]
  /** Conversations migrated from the conversation folders (part of `counts`), one entry per folder present. */
  conversationFolders?: ConversationFolderCount[]
  /** Damaged files a salvage (`migrate --salvage`) read what it could of. */
  salvaged?: SalvagedFile[]
}

/** A damaged legacy file read by a salvage: records kept, and the byte runs set aside verbatim (in the quarantine). */
export interface SalvagedFile {
  file: string
  kept: number
  setAside: { start: number; end: number; what: string; sha256: string }[]
}

/** What "Migrate what can be read" would do (a salvage's dry run, nothing written): per damaged file, and in all. */
export interface SalvagePreview {
  files: SalvagedFile[]
  counts: MigrationCounts
  warnings: string[]
}

export interface BackupInfo {
  id: string
  createdAt: string
  sizeBytes: number
  files: string[]
  /** Stored encrypted (AES-256-GCM, key in the keychain); sizes and checksums are of the plaintext. */
  encrypted: boolean
  checksumsOk: boolean
  /** Why the backup cannot be used (damaged file, lost key), in one line; absent when it is intact. */
  problem?: string
}

/** The fewest characters a backup export's passphrase may have (the CLI, main and the dialog all check it). */
export const BACKUP_PASSPHRASE_MIN = 8

/** Where "Save a copy of this backup…" wrote the passphrase-protected export (null: the save dialog was cancelled). */
export interface BackupCopyView {
  saved: { path: string; bytes: number; files: number } | null
}

/** The backup "Add a backup from a file…" added (null: the open dialog was cancelled). */
export interface BackupAddView {
  added: { id: string; files: number } | null
}

export interface AppStatus {
  state: MigrationStateName
  dataDir: string
  appVersion: string
  schemaVersion: number
  latestSchemaVersion: number
  storageBackend: StorageBackend
  /** The backend asked for (environment, flag or setting); differs from storageBackend while it cannot be used. */
  requestedBackend: StorageBackend
  /** Why the requested backend is not the one in use, or null. */
  backendNotice: string | null
  counters: StoreCounters
  lastReport: MigrationReport | null
  incomplete: string[]
  /** Legacy files the old app wrote again since the migration (or their last import), or null when there are none. */
  newerLegacyData: NewerLegacyDataView | null
}

/** The old app's newer data, with what importing it would add (a dry run of the `legacy` import). */
export interface NewerLegacyDataView {
  files: string[]
  /** Records whose id the store does not know. */
  newRecords: number
  /** Records the store holds with other content (added beside the current ones). */
  changedRecords: number
}

/**
 * Where the app keeps its data: `sqlite` (the store, keys in the keychain), `json` (the legacy files are the live
 * store, as after a rollback) or `hybrid` (SQLite first, mirrored to the legacy files for an older app version).
 */
export type StorageBackend = 'sqlite' | 'json' | 'hybrid'
export const STORAGE_BACKENDS: readonly StorageBackend[] = ['sqlite', 'json', 'hybrid']

export interface SideCounters {
  /** Writes that succeeded on this side. */
  writes: number
  /** Writes (or mirror flushes) that failed on this side. */
  errors: number
  /** Reads this side could not answer, served by the other side instead. */
  fallbacks: number
}

/** Counters of the storage layer, kept across runs in the data folder. */
export interface StoreCounters {
  sqlite: SideCounters
  json: SideCounters
  consistency: { checks: number; failures: number }
}

/** A record-by-record comparison of the legacy JSON files with the SQLite store. */
export interface ConsistencyReport {
  ok: boolean
  checkedAt: string
  kinds: ConsistencyKindReport[]
}

export interface ConsistencyKindReport {
  /** conversations, profiles or mcp_servers */
  kind: string
  file: string
  sqliteTotal: number
  jsonTotal: number
  consistent: number
  /** Records on both sides that differ, with the top-level fields that differ (never their values). */
  inconsistent: { id: string; fields: string[] }[]
  onlyInSqlite: string[]
  onlyInJson: string[]
}
