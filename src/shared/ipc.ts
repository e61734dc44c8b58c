// The IPC contract: one typed table of every request the renderer may make, used by the main process to
// register handlers, by the preload to expose `window.api`, and by the `serve` bridge.
import type {
  AppStatus,
  BackupInfo,
  ConsistencyReport,
  ConversationSummary,
  McpServerInput,
  McpServerView,
  MessageView,
  MigrationProgress,
  MigrationReport,
  Page,
  ProfileInput,
  ProfileView,
  StorageBackend,
  StoreCounters
} from './types'
import type { ErrorPayload } from './errors'
import type { SearchHitView } from './search-types'
import type {
  EmbeddingStatusView,
  ImportPreviewRequest,
  ImportPreviewView,
  ImportProgressView,
  ImportResultView,
  ImportRunRequest,
  ImportRunView,
  ImportSourceKind,
  KnowledgeItemView
} from './import-types'

/** Request and response type of each channel. */
export interface IpcContract {
  'app:status': { req: void; res: AppStatus }
  'migration:run': { req: void; res: MigrationReport }
  'migration:verify': { req: void; res: { ok: boolean; discrepancies: string[] } }
  'migration:rollback': {
    req: { backupId?: string; discardNewData?: boolean }
    res: { restoredFrom: string; keptNewRecords: boolean }
  }
  'backups:list': { req: void; res: BackupInfo[] }
  'backups:prune': { req: { keep: number }; res: { removed: string[] } }
  'conversations:list': {
    req: { cursor?: string | null; limit?: number; query?: string }
    res: Page<ConversationSummary>
  }
  'conversations:get': { req: { id: string }; res: ConversationSummary }
  'conversations:messages': {
    req: { id: string; cursor?: string | null; limit?: number }
    res: Page<MessageView>
  }
  'conversations:create': { req: { title: string; profileId?: string | null }; res: ConversationSummary }
  'conversations:rename': { req: { id: string; title: string }; res: ConversationSummary }
  'conversations:delete': { req: { id: string }; res: void }
  'conversations:append': { req: { id: string; role: string; content: string }; res: MessageView }
  'profiles:list': { req: void; res: ProfileView[] }
  'profiles:create': { req: ProfileInput; res: ProfileView }
  'profiles:update': { req: { id: string; patch: Partial<ProfileInput> }; res: ProfileView }
  'profiles:delete': { req: { id: string }; res: void }
  'profiles:setDefault': { req: { id: string }; res: ProfileView }
  'mcp:list': { req: void; res: McpServerView[] }
  'mcp:create': { req: McpServerInput; res: McpServerView }
  'mcp:update': { req: { id: string; patch: Partial<McpServerInput> }; res: McpServerView }
  'mcp:delete': { req: { id: string }; res: void }
  'storage:setBackend': {
    req: { backend: StorageBackend }
    res: { status: AppStatus; warning: string | null }
  }
  'storage:flush': { req: void; res: StoreCounters }
  'storage:consistency': { req: void; res: ConsistencyReport }
  'imports:choosePath': { req: { kind: ImportSourceKind }; res: { path: string | null } }
  'imports:preview': { req: ImportPreviewRequest; res: ImportPreviewView }
  'imports:run': { req: ImportRunRequest; res: ImportResultView }
  'imports:runs': { req: void; res: ImportRunView[] }
  'imports:rollback': { req: { runId: string }; res: { removed: number; restored: number } }
  'search:query': { req: { query: string; limit?: number }; res: SearchHitView[] }
  'knowledge:get': { req: { id: string }; res: KnowledgeItemView }
  'embedding:status': { req: void; res: EmbeddingStatusView }
  'embedding:setEmbedder': { req: { profileId: string | null; model?: string }; res: EmbeddingStatusView }
  'logs:open': { req: void; res: { path: string } }
}

export type IpcChannel = keyof IpcContract
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['req']
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['res']

/** Every channel, in one list: the preload exposes exactly these, the main process registers exactly these. */
export const IPC_CHANNELS = [
  'app:status',
  'migration:run',
  'migration:verify',
  'migration:rollback',
  'backups:list',
  'backups:prune',
  'conversations:list',
  'conversations:get',
  'conversations:messages',
  'conversations:create',
  'conversations:rename',
  'conversations:delete',
  'conversations:append',
  'profiles:list',
  'profiles:create',
  'profiles:update',
  'profiles:delete',
  'profiles:setDefault',
  'mcp:list',
  'mcp:create',
  'mcp:update',
  'mcp:delete',
  'storage:setBackend',
  'storage:flush',
  'storage:consistency',
  'imports:choosePath',
  'imports:preview',
  'imports:run',
  'imports:runs',
  'imports:rollback',
  'search:query',
  'knowledge:get',
  'embedding:status',
  'embedding:setEmbedder',
  'logs:open'
] as const satisfies readonly IpcChannel[]

/** Events pushed from main to the renderer. */
export interface IpcEvents {
  'migration:progress': MigrationProgress
  'imports:progress': ImportProgressView
  'embedding:progress': EmbeddingStatusView
}
export type IpcEventName = keyof IpcEvents
export const IPC_EVENTS = [
  'migration:progress',
  'imports:progress',
  'embedding:progress'
] as const satisfies readonly IpcEventName[]

/** Every handler answers with this envelope so that user-facing errors cross the bridge intact. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }

/** Handler table type: the main process must provide one function per channel. */
export type IpcHandlers = { [C in IpcChannel]: (req: IpcRequest<C>) => Promise<IpcResponse<C>> }

/** What the preload exposes as `window.api`. */
export interface RendererApi {
  invoke<C extends IpcChannel>(channel: C, req: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
}
