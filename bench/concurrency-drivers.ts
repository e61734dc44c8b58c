// The two ways a load-test process reaches the shared store: the services over an open store, as the CLI and
// `serve` use them, and the app host (the desktop app's main process without its window) through its IPC table.
import { startAppHost } from '../src/main/app/app-host'
import { dataPaths } from '../src/main/base/data-paths'
import { auditedSecrets } from '../src/main/history/recorded'
import { importFolder } from '../src/main/imports/folder/folder-import'
import { openImportStore } from '../src/main/imports/import-store'
import { detectState } from '../src/main/migration/detect-state'
import { offlineEmbedder } from '../src/main/search/offline-embedder'
import { ConversationService } from '../src/main/services/conversation-service'
import { SearchService } from '../src/main/services/search-service'
import { openSqliteParts, sqliteStore } from '../src/main/store/sqlite/sqlite-store'
import { StoreStats } from '../src/main/store/store-stats'
import type { DriverName, WriterDriver } from './concurrency-ops'

const PAGE = 50
const HITS = 20

async function servicesDriver(dataDir: string): Promise<WriterDriver> {
  const secrets = auditedSecrets(dataDir)
  const parts = await openSqliteParts(dataPaths(dataDir).db, secrets)
  const store = sqliteStore(parts, new StoreStats(dataDir))
  const conversations = new ConversationService(() => store, { startEmbedding: () => undefined })
  const search = new SearchService(parts.db, offlineEmbedder)
  return {
    append: async (id, content) => conversations.append(id, { role: 'user', content }).id,
    create: async (title) => conversations.create({ title }).id,
    rename: async (id, title) => void conversations.rename(id, title),
    page: async (id) => conversations.messages(id, { limit: PAGE, fromEnd: true }).items.length,
    search: async (query) => (await search.search(query, { limit: HITS })).length,
    importFolder: async (dir) => {
      // As `personal-agent import DIR` does: its own connection for the run.
      const importStore = await openImportStore(dataDir, secrets)
      try {
        const report = await importFolder(importStore, dir)
        return { runId: report.runId ?? '', created: report.counts.created }
      } finally {
        importStore.close()
      }
    },
    state: async () => detectState(dataDir).state,
    close: () => store.close()
  }
}

async function appHostDriver(dataDir: string): Promise<WriterDriver> {
  const host = await startAppHost({ dataDir, onProgress: () => undefined })
  const call = host.handlers
  return {
    append: async (id, content) => (await call['conversations:append']({ id, role: 'user', content })).id,
    create: async (title) => (await call['conversations:create']({ title })).id,
    rename: async (id, title) => void (await call['conversations:rename']({ id, title })),
    page: async (id) =>
      (await call['conversations:messages']({ id, limit: PAGE, fromEnd: true })).items.length,
    search: async (query) => (await call['search:query']({ query, limit: HITS })).length,
    importFolder: async (path) => {
      const result = await call['imports:run']({ kind: 'folder', path })
      return { runId: result.runId ?? '', created: result.counts['created'] ?? 0 }
    },
    state: async () => (await call['app:status']()).state,
    close: () => host.dispose()
  }
}

export function openDriver(name: DriverName, dataDir: string): Promise<WriterDriver> {
  return name === 'services' ? servicesDriver(dataDir) : appHostDriver(dataDir)
}
