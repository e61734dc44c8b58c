// Startup orchestration shared by the Electron shell and `personal-agent serve`: detect the state, migrate in a
// worker when there is legacy data, open the services, and answer the IPC table.
import { markAppOpen } from './app-presence'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import type { IpcEventName, IpcEvents, IpcHandlers } from '../../shared/ipc'
import type { ImportSourceKind } from '../../shared/import-types'
import type {
  AppStatus,
  MigrationProgress,
  MigrationReport,
  NewerLegacyDataView,
  StorageBackend
} from '../../shared/types'
import { configureLogging, logFilePath, logger } from '../logging/logger'
import { listBackups, pruneBackups } from '../migration/backup'
import { dataPaths } from '../base/data-paths'
import { detectState } from '../migration/detect-state'
import { preparingProgress } from '../migration/preparing'
import { rollback } from '../migration/rollback'
import { migrateInWorker } from '../migration/run-in-worker'
import type { WorkerRunOptions } from '../migration/migration-worker-protocol'
import { verifyMigration } from '../migration/verify-migration'
import { auditedSecrets, recorded } from '../history/recorded'
import { readHistory } from '../history/audit-log'
import { pruneEvent, rollbackEvent } from '../migration/migration-events'
import { sealBackupsQuietly } from '../migration/seal-backups'
import { writeBackendSetting } from '../store/backend-choice'
import { LATEST_SCHEMA_VERSION } from '../store/sqlite/schema'
import { APP_VERSION } from '../base/app-version'
import { backupFileHandlers, type ChooseBackupFile } from './backup-files'
import { ImportHost } from './import-host'
import { SearchHost } from './search-host'
import { IMPORT_SOURCES } from './import-sources'
import { newerLegacyDataView } from './import-sources/legacy-source'
import { newerLegacyData } from '../imports/legacy/newer-legacy-data'
import { openImportStore } from '../imports/import-store'
import { hybridWarning, StoreHost } from './store-host'
import { ChatStreams } from '../services/chat-streams'
import { ConnectionCheck } from '../services/chat/connection-check'
import { chatProbeOptions } from './chat-probe'
import { AgentService, agentScopeSource } from '../services/agent-service'
import { ConversationService } from '../services/conversation-service'
import { McpServerService } from '../services/mcp-server-service'
import { McpSupervisor } from '../services/mcp/server-supervisor'
import { StartInputs } from '../services/mcp/server-inputs'
import { McpRuntimeService } from '../services/mcp-runtime-service'
import { ProfileService } from '../services/profile-service'
import { storeAccess } from '../services/store-access'

export interface AppHostOptions {
  dataDir: string
  /** The --storage-backend flag (the STORAGE_BACKEND environment variable comes before it). */
  storageBackend?: string | null
  /** Receives live migration progress (the window's "Data migration" screen). */
  onProgress: (progress: MigrationProgress) => void
  /** Sends the other events (import and embedding progress) to the window. */
  emit?: EventSink
  /** Asks the user for a folder or file (Electron's dialog); absent where there is none (`serve`: typed path). */
  choosePath?: (kind: ImportSourceKind) => Promise<string | null>
  /** Asks where to save a backup's passphrase-protected copy, or which one to add (Electron's dialog, serve's folder). */
  chooseBackupFile?: ChooseBackupFile
  /** The launch migration migrates what can be read of a damaged legacy file ("Migrate what can be read"). */
  salvage?: boolean
}

export type EventSink = <E extends IpcEventName>(event: E, payload: IpcEvents[E]) => void

/**
 * The handlers of every channel but "Open log" and the salvage's preview, which the host controller answers without
 * waiting for the host (it may have failed to start on the damaged file).
 */
export type HostHandlers = Omit<IpcHandlers, 'logs:open' | 'migration:previewSalvage' | 'migration:current'>

export interface AppHost {
  handlers: HostHandlers
  status(): Promise<AppStatus>
  /** Absolute path of the current log file (for "Open log"). */
  logFile: string
  dispose(): Promise<void>
}

function readLastReport(dataDir: string, backupId: string | null): MigrationReport | null {
  if (!backupId) return null
  try {
    return JSON.parse(
      readFileSync(join(dataPaths(dataDir).backups, backupId, 'report.json'), 'utf8')
    ) as MigrationReport
  } catch {
    return null
  }
}

/**
 * Starts the app on a data folder, marked open (app-presence.ts) until `dispose`, so the CLI does not migrate or roll
 * back the files under it.
 */
export async function startAppHost(options: AppHostOptions): Promise<AppHost> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const presence = await markAppOpen(options.dataDir)
  try {
    const host = await openAppHost(options)
    return {
      ...host,
      dispose: async () => {
        try {
          await host.dispose()
        } finally {
          presence.release()
        }
      }
    }
  } catch (error) {
    presence.release()
    throw error
  }
}

async function openAppHost(options: AppHostOptions): Promise<AppHost> {
  const { dataDir } = options
  configureLogging(dataDir)
  const paths = dataPaths(dataDir)
  const secrets = auditedSecrets(dataDir)
  const emit: EventSink = options.emit ?? (() => undefined)
  const search = new SearchHost(dataDir, secrets, (progress) => emit('embedding:progress', progress))
  const stores = new StoreHost({
    dataDir,
    secrets,
    backendFlag: options.storageBackend ?? null,
    onOpened: (store) => search.opened(store?.backend ?? null),
    beforeClose: async () => {
      // Replies streaming on the store that closes end as stopped, their text kept.
      await chat.stopAll()
      await search.close()
    }
  })
  let lastReport: MigrationReport | null = null
  const need = storeAccess({
    current: () => stores.store,
    backendNotice: () => stores.status().backendNotice,
    state: () => detectState(dataDir).state,
    dbPath: paths.db
  })
  const conversations = new ConversationService(need, search)
  const profiles = new ProfileService(need)
  const servers = new McpServerService(need)
  const agents = new AgentService(need)
  // One supervisor for the app's life, over whichever store is open; it ends the survivors of a killed app first. A
  // start from the MCP screen fills the server's `${input:…}` values in (typed for that start, or saved).
  const startInputs = new StartInputs()
  const mcp = await McpSupervisor.start(dataDir, {
    list: () => need().mcp.list(),
    connection: async (id) => startInputs.fill(await need().mcp.connection(id))
  })
  const runtime = new McpRuntimeService(mcp, need, startInputs)
  const chat = new ChatStreams(
    need,
    search,
    (event) => emit('chat:stream', event),
    chatProbeOptions(),
    (conversation) => emit('chat:titled', conversation),
    // A conversation's agent gives its turns their system prompt, profile and MCP servers.
    { mcp, scope: agentScopeSource(need) }
  )

  /** Migrates when there is legacy data to take (automatically at launch, or on "Migrate now"), then opens the store. */
  async function migrateAndOpen(run: WorkerRunOptions = {}): Promise<MigrationReport | null> {
    // The screen lists the files at once; the engine's own progress follows once it has read them.
    if (!run.dryRun) options.onProgress(preparingProgress(dataDir))
    const outcome = await migrateInWorker(
      dataDir,
      (progress) => {
        options.onProgress(progress)
        search.migrationProgress(progress)
      },
      run
    )
    if (outcome.report) lastReport = outcome.report
    await open()
    return outcome.report
  }

  async function open(): Promise<void> {
    await stores.open()
    const detected = detectState(dataDir)
    if (detected.state === 'migrated')
      lastReport ??= readLastReport(dataDir, detected.stateFile?.backupId ?? null)
  }

  async function status(): Promise<AppStatus> {
    const detected = detectState(dataDir)
    return {
      state: detected.state,
      dataDir,
      appVersion: APP_VERSION,
      schemaVersion: detected.schemaVersion ?? 0,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      ...stores.status(),
      lastReport,
      incomplete: detected.stateFile?.incomplete ?? [],
      newerLegacyData: await newerLegacy(detected.state)
    }
  }

  /** The old app's newer data, as `personal-agent status` finds it, with the dry run's counts; null when none. */
  async function newerLegacy(state: AppStatus['state']): Promise<NewerLegacyDataView | null> {
    try {
      const files = newerLegacyData(dataDir, state, stores.status().storageBackend)
      if (files.length === 0) return null
      const store = await openImportStore(dataDir, secrets)
      try {
        return await newerLegacyDataView(store, files)
      } finally {
        store.close()
      }
    } catch (error) {
      // The status still answers; the banner waits for the next refresh.
      logger.warn('Checking the old app for newer data failed', error)
      return null
    }
  }

  const imports = new ImportHost({
    dataDir,
    secrets,
    sources: IMPORT_SOURCES,
    onProgress: (progress) => emit('imports:progress', progress),
    // An import changed the database behind the store's back: the hybrid mirror is written again.
    onChanged: async () => {
      search.startEmbedding()
      await stores.flush({ force: true })
    }
  })

  if (stores.wantsMigration()) await migrateAndOpen({ salvage: options.salvage })
  else await open()
  await sealBackupsQuietly(dataDir, secrets)
  logger.info(`app host ready: ${(await status()).state}`)
  // The servers marked "Start at launch" start in the background: the window does not wait for them.
  if (stores.store) void runtime.startMarked()

  /** Moves the app to another storage backend (leaving the json one is a migration of the live legacy files). */
  async function setBackend(target: StorageBackend): Promise<{ status: AppStatus; warning: string | null }> {
    if (stores.store?.backend === 'json' && target !== 'json') {
      // Leaving the json backend is a migration of the live legacy files (with a backup, verified).
      stores.chooseForMigration(target)
      await migrateAndOpen()
      return { status: await status(), warning: target === 'hybrid' ? hybridWarning(dataDir) : null }
    }
    const { warning } = await stores.switchTo(target)
    return { status: await status(), warning }
  }

  /** "Migrate now", "Retry" or "Migrate what can be read" on a running host. */
  async function migrateOnRequest(run: WorkerRunOptions): Promise<MigrationReport> {
    if (stores.store?.backend === 'json') stores.chooseForMigration()
    const report = await migrateAndOpen(run)
    if (report) return report
    const current = await status()
    if (current.lastReport) return current.lastReport
    throw new UserError('WRONG_STATE', 'There is nothing to migrate.')
  }

  const handlers: HostHandlers = {
    'app:status': status,
    'migration:run': async () => migrateOnRequest({}),
    'migration:runSalvage': async () => migrateOnRequest({ salvage: true }),
    'migration:verify': async () => {
      const result = await verifyMigration(dataDir)
      return { ok: result.ok, discrepancies: result.discrepancies }
    },
    'migration:rollback': async (req) => {
      stores.assertChoosable('json')
      await stores.close()
      const options = { backupId: req.backupId, discardNewData: req.discardNewData }
      const result = await recorded(
        dataDir,
        'migration-rollback',
        () => rollback(dataDir, options),
        rollbackEvent
      )
      // The app keeps working on the restored legacy files.
      writeBackendSetting(dataDir, 'json')
      await open()
      return { restoredFrom: result.restoredFrom, keptNewRecords: result.keptNewRecords }
    },
    'backups:list': async () => listBackups(paths, secrets),
    'backups:prune': async (req) => ({
      removed: await recorded(
        dataDir,
        'backup-prune',
        () => pruneBackups(paths, req.keep, secrets),
        pruneEvent(req.keep)
      )
    }),
    ...backupFileHandlers(paths, secrets, options.chooseBackupFile),
    'conversations:list': async (req) => conversations.list(req),
    'conversations:get': async (req) => conversations.get(req.id),
    'conversations:messages': async (req) => conversations.messages(req.id, req),
    'conversations:create': async (req) => conversations.create(req),
    'conversations:rename': async (req) => conversations.rename(req.id, req.title),
    'conversations:delete': async (req) => conversations.delete(req.id),
    'conversations:append': async (req) =>
      conversations.append(req.id, { role: req.role, content: req.content }),
    'chat:send': async (req) => chat.send(req),
    'chat:stop': async (req) => chat.stop(req.streamId),
    'chat:profileFor': async (req) => chat.profileFor(req.conversationId, req.profileId),
    'chat:context': async (req) => chat.context(req.conversationId, req.profileId, req.draftChars),
    'chat:summarise': async (req) => chat.summarise(req.conversationId, req.profileId),
    'chat:regenerate': async (req) => chat.regenerate(req),
    'chat:edit': async (req) => chat.edit(req),
    'chat:approveTool': async (req) => chat.approveTool(req),
    'mcp:grants': async () => chat.grants(),
    'mcp:revokeGrant': async (req) => chat.revokeGrant(req.id),
    'mcp:setReadOnlyDefault': async (req) => chat.setReadOnlyDefault(req.serverId, req.allowed),
    'conversations:switchBranch': async (req) => conversations.switchBranch(req.id, req.messageId, req.index),
    'profiles:list': async () => profiles.list(),
    'profiles:create': async (req) => profiles.create(req),
    'profiles:update': async (req) => {
      const updated = await profiles.update(req.id, req.patch)
      chat.forgetKeys()
      return updated
    },
    'profiles:delete': async (req) => {
      await profiles.delete(req.id)
      chat.forgetKeys()
    },
    'profiles:setDefault': async (req) => profiles.setDefault(req.id),
    'profiles:testConnection': async (req) => new ConnectionCheck(need().profiles).testConnection(req.id),
    'profiles:fetchModels': async (req) => new ConnectionCheck(need().profiles).fetchModels(req),
    'agents:list': async () => agents.list(),
    'agents:get': async (req) => agents.get(req.id),
    'agents:create': async (req) => agents.create(req),
    'agents:update': async (req) => agents.update(req.id, req.patch),
    'agents:duplicate': async (req) => agents.duplicate(req.id),
    'agents:delete': async (req) => agents.delete(req.id),
    'mcp:list': async () => servers.list(),
    'mcp:create': async (req) => servers.create(req),
    'mcp:update': async (req) => servers.update(req.id, req.patch),
    'mcp:delete': async (req) => servers.delete(req.id),
    'mcp:states': async () => runtime.states(),
    'mcp:start': async (req) => runtime.start(req.id, req.inputs, req.saveInputs === true),
    'mcp:stop': async (req) => runtime.stop(req.id),
    'mcp:restart': async (req) => runtime.restart(req.id),
    'mcp:tools': async (req) => runtime.tools(req.id),
    'mcp:health': async (req) => runtime.health(req.id),
    'mcp:inputs': async (req) => runtime.inputs(req.id),
    'mcp:setStartAtLaunch': async (req) => runtime.setStartAtLaunch(req.id, req.on),
    'storage:setBackend': async (req) =>
      recorded(dataDir, 'storage-backend-switch', () => setBackend(req.backend), undefined, {
        detail: `${stores.store?.backend ?? 'none'} → ${req.backend}`
      }),
    'storage:flush': async () => stores.flush(),
    'storage:consistency': async () => stores.consistency(),
    'imports:choosePath': async (req) => ({ path: (await options.choosePath?.(req.kind)) ?? null }),
    'imports:preview': async (req) => imports.preview(req),
    'imports:run': async (req) => imports.run(req),
    'imports:runs': async () => imports.runs(),
    'history:list': async (req) => readHistory(dataDir, req.limit),
    'imports:rollback': async (req) => imports.rollback(req.runId),
    'search:query': async (req) => search.search(req.query, req.limit),
    'knowledge:get': async (req) => imports.knowledge(req.id),
    'embedding:status': async () => search.status(),
    'embedding:setEmbedder': async (req) =>
      search.choose({ profileId: req.profileId, model: req.model ?? null })
  }

  return {
    handlers,
    status,
    logFile: logFilePath(dataDir),
    dispose: async () => {
      runtime.endLaunch()
      await stores.close()
      await mcp.close()
    }
  }
}
