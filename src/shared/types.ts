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
}

export interface MessageView {
  id: string
  role: string
  /** Plain text for display: string content as is, array parts joined, null as ''. Always rendered as text. */
  text: string
  createdAt: string | null
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
}

export interface McpServerInput {
  name: string
  command?: string | null
  args?: string[]
  env?: Record<string, string>
  enabled?: boolean
  transport?: string
  url?: string | null
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
  | 'index'
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
}

export interface BackupInfo {
  id: string
  createdAt: string
  sizeBytes: number
  files: string[]
  checksumsOk: boolean
}

export interface AppStatus {
  state: MigrationStateName
  dataDir: string
  appVersion: string
  schemaVersion: number
  latestSchemaVersion: number
  storageBackend: 'sqlite' | 'json'
  lastReport: MigrationReport | null
  incomplete: string[]
}
