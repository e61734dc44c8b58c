// The IPC contract: one table of every request the renderer may make (its request schema and its response type) and
// every event main pushes, from which the channel and event lists, the validation, the preload's allow-list and the
// handler registration of both transports (Electron IPC and the `serve` bridge) are derived.
import type { z } from 'zod'
import type {
  AppStatus,
  BackupAddView,
  BackupCopyView,
  BackupInfo,
  ConsistencyReport,
  ConversationSummary,
  McpServerInput,
  McpServerView,
  MessageView,
  MigrationProgress,
  MigrationReport,
  Page,
  SalvagePreview,
  ProfileInput,
  ProfileView,
  StoreCounters
} from './types'
import { STORAGE_BACKENDS } from './types'
import type { ErrorPayload } from './errors'
import type { SearchHitView } from './search-types'
import type { HistoryView } from './history-types'
import type {
  ChatContextView,
  ChatProfileView,
  ChatSendView,
  ChatStreamView,
  ChatSummariseView,
  ConnectionCheckView,
  ModelListRequest,
  ModelListView,
  ToolGrantsView
} from './chat-types'
import type { AgentInput, AgentView } from './agent-types'
import type { McpInputView, McpServerState, McpServerStatus, McpToolView } from './mcp-types'
import { TOOL_APPROVAL_CHOICES } from './chat-types'
import {
  IMPORT_SOURCE_KINDS,
  MCP_CHOICE_ACTIONS,
  type EmbeddingStatusView,
  type ImportPreviewRequest,
  type ImportPreviewView,
  type ImportProgressView,
  type ImportResultView,
  type ImportRunRequest,
  type ImportRunView,
  type KnowledgeItemView
} from './import-types'
import {
  bool,
  int,
  list,
  nothing,
  nullable,
  obj,
  oneOf,
  optional,
  partial,
  str,
  stringMap
} from './schema-wording'

/** The response type of a channel: a marker that only the type checker reads. */
interface Returns<T> {
  readonly response: T
}
function returns<T>(): Returns<T> {
  return {} as Returns<T>
}

/** The payload type of an event (the same kind of marker). */
function carries<T>(): Returns<T> {
  return returns<T>()
}

/** The limits of every request field (lengths in UTF-16 characters unless said otherwise). */
const LIMITS = {
  id: 200,
  /** A file or folder path. */
  path: 4_096,
  mcpChoices: 1_000,
  searchResults: 200,
  title: 1_000,
  /** Message content, in UTF-8 bytes (10 MiB). */
  contentBytes: 10 * 1024 * 1024,
  role: 200,
  query: 1_000,
  cursor: 1_000,
  pageSize: 500,
  backupsKept: 1_000,
  /** A backup export's passphrase (its minimum, 8 characters, is checked by main, in words). */
  passphrase: 1_024,
  name: 1_000,
  provider: 200,
  model: 1_000,
  url: 4_096,
  apiKey: 16_384,
  command: 4_096,
  args: 200,
  arg: 16_384,
  envEntries: 200,
  envName: 1_000,
  envValue: 32_768,
  transport: 100,
  headerEntries: 200,
  headerName: 1_000,
  headerValue: 32_768,
  /** An MCP server's connect, list or call timeout, in milliseconds (1 hour). */
  timeoutMs: 3_600_000,
  /** An agent's system prompt. */
  systemPrompt: 200_000,
  agentServers: 200,
  toolNames: 1_000,
  toolName: 1_000,
  /** `${input:…}` values given for one start. */
  inputs: 100,
  historyEvents: 100_000
} as const

/** Message content: the same limit wherever a message is written. */
const content = (): z.ZodString => str({ max: LIMITS.contentBytes, maxBytes: LIMITS.contentBytes })
const id = (): z.ZodString => str({ min: 1, max: LIMITS.id })
const byId = obj({ id: id() })
const cursor = optional(nullable(str({ max: LIMITS.cursor })))
const limit = optional(int({ min: 1, max: LIMITS.pageSize }))
const path = nullable(str({ min: 1, max: LIMITS.path, noNul: true }))
/** Never echoed in a rejection (secret), never sent back. */
const passphrase = str({ min: 1, max: LIMITS.passphrase, secret: true })

/** A timeout in milliseconds, or null for the default. */
const timeout = (): z.ZodNullable<z.ZodType<number, number>> =>
  nullable(int({ min: 1, max: LIMITS.timeoutMs }))

const profileFields = {
  name: str({ max: LIMITS.name }),
  provider: str({ max: LIMITS.provider }),
  model: str({ max: LIMITS.model }),
  baseUrl: optional(nullable(str({ max: LIMITS.url }))),
  apiKey: optional(str({ max: LIMITS.apiKey, secret: true }))
}

const mcpFields = {
  name: str({ max: LIMITS.name }),
  command: optional(nullable(str({ max: LIMITS.command }))),
  args: optional(list(str({ max: LIMITS.arg }), { max: LIMITS.args })),
  env: optional(
    stringMap(str({ min: 1, max: LIMITS.envName }), str({ max: LIMITS.envValue, secret: true }), {
      max: LIMITS.envEntries
    })
  ),
  enabled: optional(bool()),
  transport: optional(str({ max: LIMITS.transport })),
  url: optional(nullable(str({ max: LIMITS.url }))),
  headers: optional(
    stringMap(str({ min: 1, max: LIMITS.headerName }), str({ max: LIMITS.headerValue, secret: true }), {
      max: LIMITS.headerEntries
    })
  ),
  timeouts: optional(obj(partial({ connectMs: timeout(), listMs: timeout(), callMs: timeout() })))
}

/** A profile form, whole (create) or in part (a patch): the stores check what they are given against these too. */
export const PROFILE_INPUT = obj(profileFields)
export const PROFILE_PATCH = obj(partial(profileFields))
/** An MCP server form, whole or in part. */
export const MCP_INPUT = obj(mcpFields)
export const MCP_PATCH = obj(partial(mcpFields))

const messageFields = {
  role: str({ min: 1, max: LIMITS.role }),
  content: content()
}

/** A conversation's title, a new conversation and a new message: the stores check direct callers against these. */
export const CONVERSATION_TITLE = str({ max: LIMITS.title })
export const NEW_CONVERSATION = obj({
  title: CONVERSATION_TITLE,
  profileId: optional(nullable(id())),
  agentId: optional(nullable(id()))
})

const agentFields = {
  name: str({ min: 1, max: LIMITS.name }),
  systemPrompt: optional(nullable(str({ max: LIMITS.systemPrompt }))),
  profileId: optional(nullable(id())),
  servers: optional(
    list(
      obj({
        id: id(),
        toolNames: optional(nullable(list(str({ min: 1, max: LIMITS.toolName }), { max: LIMITS.toolNames })))
      }),
      { max: LIMITS.agentServers }
    )
  )
}

/** An agent form, whole (create) or in part (a patch): the agent store checks direct callers against these too. */
export const AGENT_INPUT = obj(agentFields)
export const AGENT_PATCH = obj(partial(agentFields))
export const NEW_MESSAGE = obj(messageFields)

const importSource = { kind: oneOf(IMPORT_SOURCE_KINDS), path }

/** Every channel: what the renderer sends (checked before any handler runs) and what it gets back. */
export const IPC_TABLE = {
  'app:status': { req: nothing(), res: returns<AppStatus>() },
  'migration:run': { req: nothing(), res: returns<MigrationReport>() },
  /** The launch migration's latest progress, answered at once (null when none runs): for a window that opens late. */
  'migration:current': { req: nothing(), res: returns<MigrationProgress | null>() },
  /** "Migrate what can be read" of a damaged legacy file, previewed: a salvage's dry run, nothing written. */
  'migration:previewSalvage': { req: nothing(), res: returns<SalvagePreview>() },
  /** "Migrate what can be read", confirmed: the migration with salvage (`migrate --salvage`). */
  'migration:runSalvage': { req: nothing(), res: returns<MigrationReport>() },
  'migration:verify': { req: nothing(), res: returns<{ ok: boolean; discrepancies: string[] }>() },
  'migration:rollback': {
    req: obj({ backupId: optional(id()), discardNewData: optional(bool()) }),
    res: returns<{ restoredFrom: string; keptNewRecords: boolean }>()
  },
  'backups:list': { req: nothing(), res: returns<BackupInfo[]>() },
  'backups:prune': {
    req: obj({ keep: int({ min: 0, max: LIMITS.backupsKept }) }),
    res: returns<{ removed: string[] }>()
  },
  /** "Save a copy of this backup…": main asks where (its own save dialog) and writes the passphrase-protected export. */
  'backups:saveCopy': { req: obj({ id: id(), passphrase }), res: returns<BackupCopyView>() },
  /** "Add a backup from a file…": main asks which export (its own open dialog) and imports it. */
  'backups:addFromFile': { req: obj({ passphrase }), res: returns<BackupAddView>() },
  'conversations:list': {
    req: obj({ cursor, limit, query: optional(str({ max: LIMITS.query, noNul: true })) }),
    res: returns<Page<ConversationSummary>>()
  },
  'conversations:get': { req: byId, res: returns<ConversationSummary>() },
  'conversations:messages': {
    // fromEnd: the newest page first, each cursor leading to older messages (the chat view opens at the end).
    req: obj({ id: id(), cursor, limit, fromEnd: optional(bool()) }),
    res: returns<Page<MessageView>>()
  },
  'conversations:create': {
    req: NEW_CONVERSATION,
    res: returns<ConversationSummary>()
  },
  'conversations:rename': {
    req: obj({ id: id(), title: CONVERSATION_TITLE }),
    res: returns<ConversationSummary>()
  },
  'conversations:delete': { req: byId, res: returns<void>() },
  'conversations:append': {
    req: obj({ id: id(), ...messageFields }),
    res: returns<MessageView>()
  },
  'chat:send': {
    // `streamId`: the window names the stream, so it can show the reply's first chunks before this call answers.
    req: obj({
      conversationId: id(),
      text: content(),
      profileId: optional(nullable(id())),
      streamId: optional(id())
    }),
    res: returns<ChatSendView>()
  },
  'chat:stop': { req: obj({ streamId: id() }), res: returns<{ stopped: boolean }>() },
  'chat:profileFor': {
    req: obj({ conversationId: id(), profileId: optional(nullable(id())) }),
    res: returns<ChatProfileView>()
  },
  'chat:regenerate': {
    req: obj({ conversationId: id(), messageId: id(), profileId: optional(nullable(id())) }),
    res: returns<ChatSendView>()
  },
  'chat:edit': {
    req: obj({ conversationId: id(), messageId: id(), text: content(), profileId: optional(nullable(id())) }),
    res: returns<ChatSendView>()
  },
  'conversations:switchBranch': {
    req: obj({ id: id(), messageId: id(), index: int({ min: 1, max: 100_000 }) }),
    res: returns<Page<MessageView>>()
  },
  'profiles:list': { req: nothing(), res: returns<ProfileView[]>() },
  'profiles:create': { req: PROFILE_INPUT, res: returns<ProfileView>() },
  'profiles:update': { req: obj({ id: id(), patch: PROFILE_PATCH }), res: returns<ProfileView>() },
  'profiles:delete': { req: byId, res: returns<void>() },
  'profiles:setDefault': { req: byId, res: returns<ProfileView>() },
  'profiles:testConnection': { req: byId, res: returns<ConnectionCheckView>() },
  'profiles:fetchModels': {
    req: obj({
      id: optional(nullable(id())),
      name: optional(profileFields.name),
      provider: optional(profileFields.provider),
      baseUrl: profileFields.baseUrl,
      apiKey: profileFields.apiKey
    }),
    res: returns<ModelListView>()
  },
  'agents:list': { req: nothing(), res: returns<AgentView[]>() },
  'agents:get': { req: byId, res: returns<AgentView>() },
  'agents:create': { req: AGENT_INPUT, res: returns<AgentView>() },
  'agents:update': { req: obj({ id: id(), patch: AGENT_PATCH }), res: returns<AgentView>() },
  'agents:duplicate': { req: byId, res: returns<AgentView>() },
  'agents:delete': { req: byId, res: returns<void>() },
  'mcp:list': { req: nothing(), res: returns<McpServerView[]>() },
  'mcp:create': { req: MCP_INPUT, res: returns<McpServerView>() },
  'mcp:update': { req: obj({ id: id(), patch: MCP_PATCH }), res: returns<McpServerView>() },
  'mcp:delete': { req: byId, res: returns<void>() },
  'mcp:states': { req: nothing(), res: returns<McpServerState[]>() },
  'mcp:start': {
    // The values of the server's `${input:…}` references, for this start (saveInputs: kept in the keychain too).
    req: obj({
      id: id(),
      inputs: optional(
        stringMap(str({ min: 1, max: LIMITS.envName }), str({ max: LIMITS.envValue, secret: true }), {
          max: LIMITS.inputs
        })
      ),
      saveInputs: optional(bool())
    }),
    res: returns<McpServerState>()
  },
  'mcp:stop': { req: byId, res: returns<McpServerState>() },
  'mcp:restart': { req: byId, res: returns<McpServerState>() },
  'mcp:tools': { req: byId, res: returns<McpToolView[]>() },
  'mcp:health': { req: byId, res: returns<{ status: McpServerStatus | 'hung'; state: McpServerState }>() },
  'mcp:inputs': { req: byId, res: returns<McpInputView[]>() },
  'mcp:setStartAtLaunch': { req: obj({ id: id(), on: bool() }), res: returns<McpServerView>() },
  'storage:setBackend': {
    req: obj({ backend: oneOf(STORAGE_BACKENDS) }),
    res: returns<{ status: AppStatus; warning: string | null }>()
  },
  'storage:flush': { req: nothing(), res: returns<StoreCounters>() },
  'storage:consistency': { req: nothing(), res: returns<ConsistencyReport>() },
  'imports:choosePath': {
    req: obj({ kind: oneOf(IMPORT_SOURCE_KINDS) }),
    res: returns<{ path: string | null }>()
  },
  'imports:preview': { req: obj(importSource), res: returns<ImportPreviewView>() },
  'imports:run': {
    req: obj({
      ...importSource,
      incremental: optional(bool()),
      mcpChoices: optional(
        list(
          obj({
            key: str({ min: 1, max: LIMITS.id }),
            action: oneOf(MCP_CHOICE_ACTIONS),
            newName: optional(str({ min: 1, max: LIMITS.name }))
          }),
          { max: LIMITS.mcpChoices }
        )
      )
    }),
    res: returns<ImportResultView>()
  },
  'imports:runs': { req: nothing(), res: returns<ImportRunView[]>() },
  'imports:rollback': { req: obj({ runId: id() }), res: returns<{ removed: number; restored: number }>() },
  /** The audit trail, newest first (at most `limit` events), and the check of its whole hash chain. */
  'history:list': {
    req: obj({ limit: optional(int({ min: 1, max: LIMITS.historyEvents })) }),
    res: returns<HistoryView>()
  },
  'search:query': {
    req: obj({
      query: str({ max: LIMITS.query, noNul: true }),
      limit: optional(int({ min: 1, max: LIMITS.searchResults }))
    }),
    res: returns<SearchHitView[]>()
  },
  'knowledge:get': { req: byId, res: returns<KnowledgeItemView>() },
  'embedding:status': { req: nothing(), res: returns<EmbeddingStatusView>() },
  'embedding:setEmbedder': {
    req: obj({ profileId: nullable(id()), model: optional(str({ min: 1, max: LIMITS.model })) }),
    res: returns<EmbeddingStatusView>()
  },
  'logs:open': { req: nothing(), res: returns<{ path: string }>() },
  'chat:context': {
    req: obj({
      conversationId: id(),
      profileId: optional(nullable(id())),
      draftChars: optional(int({ min: 0, max: LIMITS.contentBytes }))
    }),
    res: returns<ChatContextView>()
  },
  'chat:summarise': {
    req: obj({ conversationId: id(), profileId: optional(nullable(id())) }),
    res: returns<ChatSummariseView>()
  },
  /** The user's answer to a tool call awaiting approval: its (edited) arguments as JSON text, or a denial's reason. */
  'chat:approveTool': {
    req: obj({
      messageId: id(),
      choice: oneOf(TOOL_APPROVAL_CHOICES),
      argumentsJson: optional(content()),
      reason: optional(str({ max: LIMITS.title }))
    }),
    res: returns<void>()
  },
  'mcp:grants': { req: nothing(), res: returns<ToolGrantsView>() },
  'mcp:revokeGrant': { req: byId, res: returns<ToolGrantsView>() },
  'mcp:setReadOnlyDefault': {
    req: obj({ serverId: id(), allowed: bool() }),
    res: returns<ToolGrantsView>()
  }
} as const satisfies Record<string, { req: z.ZodType; res: Returns<unknown> }>

/** Events pushed from main to the renderer, with their payload types. */
const IPC_EVENT_TABLE = {
  'migration:progress': carries<MigrationProgress>(),
  'imports:progress': carries<ImportProgressView>(),
  'embedding:progress': carries<EmbeddingStatusView>(),
  'chat:stream': carries<ChatStreamView>(),
  /** A conversation got its title from its first exchange. */
  'chat:titled': carries<ConversationSummary>()
} as const

type Table = typeof IPC_TABLE

/** Request and response type of each channel. */
export type IpcContract = {
  [C in keyof Table]: { req: z.output<Table[C]['req']>; res: Table[C]['res']['response'] }
}
export type IpcChannel = keyof IpcContract
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['req']
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['res']

/** Every channel, in one list: the preload exposes exactly these, the main process registers exactly these. */
export const IPC_CHANNELS = Object.keys(IPC_TABLE) as readonly IpcChannel[]

export type IpcEvents = { [E in keyof typeof IPC_EVENT_TABLE]: (typeof IPC_EVENT_TABLE)[E]['response'] }
export type IpcEventName = keyof IpcEvents
export const IPC_EVENTS = Object.keys(IPC_EVENT_TABLE) as readonly IpcEventName[]

/** Every handler answers with this envelope so that user-facing errors cross the bridge intact. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

/** Handler table type: the main process must provide one function per channel. */
export type IpcHandlers = { [C in IpcChannel]: (req: IpcRequest<C>) => Promise<IpcResponse<C>> }

/** What the preload exposes as `window.api`. */
export interface RendererApi {
  invoke<C extends IpcChannel>(channel: C, req: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
}

/** True when A and B are the same type (not merely assignable: an extra optional key counts as a difference). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
/** The form types the renderer and the stores use, each the request type of its channel exactly. */
type Drifted = {
  profile: Same<IpcRequest<'profiles:create'>, ProfileInput>
  profilePatch: Same<IpcRequest<'profiles:update'>['patch'], Partial<ProfileInput>>
  mcp: Same<IpcRequest<'mcp:create'>, McpServerInput>
  mcpPatch: Same<IpcRequest<'mcp:update'>['patch'], Partial<McpServerInput>>
  agent: Same<IpcRequest<'agents:create'>, AgentInput>
  agentPatch: Same<IpcRequest<'agents:update'>['patch'], Partial<AgentInput>>
  preview: Same<IpcRequest<'imports:preview'>, ImportPreviewRequest>
  run: Same<IpcRequest<'imports:run'>, ImportRunRequest>
  models: Same<IpcRequest<'profiles:fetchModels'>, ModelListRequest>
}
// Fails to compile, naming the form, when a schema drifts from the type written for it.
const exact: { [K in keyof Drifted as Drifted[K] extends true ? never : K]: Drifted[K] } = {}
void exact
