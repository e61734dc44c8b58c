// What the import screen and the search box exchange with the main process: previews, runs, progress, knowledge
// items. No Node or DOM imports here.

/** Where an import reads from: a notes folder, the web version's localStorage dump, another app's chat export, the
 * MCP servers other apps have configured (discovered at their usual paths when no path is given), or the legacy
 * files the old app wrote again in this data folder (no path). */
export type ImportSourceKind = 'folder' | 'localstorage' | 'chat-export' | 'mcp' | 'legacy'
export const IMPORT_SOURCE_KINDS: readonly ImportSourceKind[] = [
  'folder',
  'localstorage',
  'chat-export',
  'mcp',
  'legacy'
]

export interface ImportPreviewRequest {
  kind: ImportSourceKind
  /** The folder or file; null for MCP discovery. */
  path: string | null
}

export interface PreviewCount {
  label: string
  value: number
}

/** One MCP server found in another app's config, as the preview lists it. Secret values are never included. */
export interface McpCandidateView {
  /** Stable key of this candidate in the preview, sent back with the user's choice. */
  key: string
  name: string
  /** e.g. "Claude Desktop", "Cursor", "Windsurf", "VS Code". */
  app: string
  path: string
  transport: string
  /** Why it conflicts (an existing server or another app's server with the same name), or null. */
  conflict: string | null
  /** Names of env values (or headers) that will go to the keychain. */
  secretEnvKeys: string[]
  alreadyImported: boolean
}

export interface ImportPreviewView {
  kind: ImportSourceKind
  path: string | null
  /** One line, e.g. "ChatGPT export: 1,204 conversations". */
  title: string
  counts: PreviewCount[]
  /** One line per problem found (the file and the place); these items would be skipped or quarantined. */
  problems: string[]
  /** Lines about what a run would do beyond the counts, e.g. "3 files already imported". */
  notes: string[]
  mcpServers: McpCandidateView[]
}

export type McpChoiceAction = 'import' | 'skip' | 'rename' | 'replace'
export const MCP_CHOICE_ACTIONS: readonly McpChoiceAction[] = ['import', 'skip', 'rename', 'replace']

export interface McpChoice {
  key: string
  action: McpChoiceAction
  /** For 'rename'. */
  newName?: string
}

export interface ImportRunRequest extends ImportPreviewRequest {
  /** Folder imports: skip files whose content was already imported, update changed ones. */
  incremental?: boolean
  /** MCP imports: what to do with each discovered server (servers not listed are skipped). */
  mcpChoices?: McpChoice[]
}

export interface ImportResultView {
  runId: string | null
  /** By action: created, updated, unchanged, already-imported, skipped, quarantined. */
  counts: Record<string, number>
  /** The report, one line each. */
  lines: string[]
  problems: string[]
}

export interface ImportRunView {
  id: string
  kind: string
  source: string
  status: string
  startedAt: string
  finishedAt: string | null
  counts: Record<string, number>
}

export interface ImportProgressView {
  kind: ImportSourceKind
  phase: string
  done: number
  total: number
  message: string
}

/** The messages' full-text index while a migration builds it after its commit: the share done, 0 to 1. */
export interface WordIndexView {
  share: number
}

/** The background embedding of messages and knowledge items for vector search. */
export interface EmbeddingStatusView {
  running: boolean
  done: number
  total: number
  /** Items still without an embedding. */
  pending: number
  embedder: string
  /** The profile whose embeddings endpoint is used, or null for the built-in offline embedder. */
  profileId: string | null
  /** The embeddings model asked of that endpoint. */
  model: string | null
  error: string | null
  /** Set while the full-text index of messages is still being built (word results are incomplete until then). */
  wordIndex?: WordIndexView | null
}

export interface KnowledgeItemView {
  id: string
  title: string
  content: string
  format: string
  url: string | null
  type: string | null
  category: string | null
  tags: string[]
  createdAt: string | null
  sourcePath: string | null
}
