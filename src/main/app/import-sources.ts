// The import screen's sources, each an adapter from the importer's own API to previews and results the renderer
// shows: a notes folder, the web version's localStorage dump, another app's chat export, other apps' MCP servers.
import { homedir } from 'node:os'
import { UserError } from '../../shared/errors'
import type { ImportPreviewView, ImportResultView, ImportSourceKind } from '../../shared/import-types'
import { importFolder } from '../imports/folder/folder-import'
import { checkIncremental, inspectFolder } from '../imports/folder/folder-inspect'
import { describeCounts } from '../imports/import-run'
import {
  importLocalStorage,
  previewLocalStorage,
  type LocalStoragePreview
} from '../imports/localstorage/localstorage-import'
import { CHAT_APP_NAMES, importChatExport, previewChatExport } from '../imports/other-apps/chat-import'
import { discoverMcpConfigs, readMcpConfig, type DiscoveredConfig } from '../imports/other-apps/mcp-discovery'
import { candidateView, importMcpServers, previewMcpImport } from '../imports/other-apps/mcp-import'
import type { ImportSource } from './import-host'

function needPath(path: string | null, what: string): string {
  if (path === null) throw new UserError('INVALID_INPUT', `Choose ${what} to import first.`)
  return path
}

const folderSource: ImportSource = {
  async preview(store, path): Promise<ImportPreviewView> {
    const dir = needPath(path, 'a folder')
    const analysis = await inspectFolder(dir)
    const check = checkIncremental(store.dataDir, dir)
    const formats = Object.entries(analysis.files.byFormat).filter(([, n]) => n > 0)
    return {
      kind: 'folder',
      path: dir,
      title: `Notes folder ${analysis.folder}: ${analysis.notes} notes in ${analysis.files.total} files`,
      counts: [
        ...formats.map(([format, n]) => ({ label: `${format} files`, value: n })),
        { label: 'notes', value: analysis.notes }
      ],
      problems: analysis.problems,
      notes: [
        ...(check.unchangedFiles.length > 0
          ? [`${check.unchangedFiles.length} files were imported before and have not changed.`]
          : []),
        ...(check.changedFiles.length > 0
          ? [`${check.changedFiles.length} files changed since the last import.`]
          : []),
        ...analysis.warnings
      ],
      mcpServers: []
    }
  },
  async run(store, request, onProgress): Promise<ImportResultView> {
    const report = await importFolder(
      store,
      needPath(request.path, 'a folder'),
      { incremental: request.incremental },
      onProgress
    )
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `Notes from ${report.folder}: ${describeCounts(report.counts)}.`,
        ...report.integrity.map((check) => `Check “${check.name.replace('_', ' ')}”: ${check.summary}.`)
      ],
      problems: [...report.quarantined.map((q) => q.reason), ...report.skipped.map((s) => s.message)]
    }
  }
}

const localStorageSource: ImportSource = {
  async preview(store, path): Promise<ImportPreviewView> {
    const file = needPath(path, 'the exported file')
    const preview = previewLocalStorage(file, store.db)
    const sum = (pick: (t: LocalStoragePreview['tenants'][number]) => number): number =>
      preview.tenants.reduce((total, tenant) => total + pick(tenant), 0)
    return {
      kind: 'localstorage',
      path: file,
      title: `Web version export: ${preview.tenants.length} workspaces`,
      counts: [
        { label: 'workspaces', value: preview.tenants.length },
        { label: 'agents', value: sum((t) => t.agents) },
        { label: 'profiles', value: sum((t) => t.profiles) },
        { label: 'MCP servers', value: sum((t) => t.mcpServers) },
        { label: 'conversations', value: sum((t) => t.conversations) },
        { label: 'preferences', value: sum((t) => t.preferences) + preview.globalPreferences }
      ],
      problems: preview.quarantined.map((q) => q.reason),
      notes: [
        ...preview.tenants.map(
          (t) =>
            `Workspace “${t.tenant}”: ${t.agents} agents, ${t.profiles} profiles, ${t.mcpServers} MCP servers, ${t.conversations} conversations.`
        ),
        ...(preview.authToken ? ['The sign-in token goes to the system keychain.'] : []),
        ...(preview.alreadyImported > 0
          ? [`${preview.alreadyImported} records were imported before and are skipped.`]
          : []),
        ...preview.warnings
      ],
      mcpServers: []
    }
  },
  async run(store, request, onProgress): Promise<ImportResultView> {
    const report = await importLocalStorage(
      store,
      needPath(request.path, 'the exported file'),
      {},
      onProgress
    )
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `Web version export: ${describeCounts(report.counts)}.`,
        ...Object.entries(report.workspaces).map(
          ([tenant, counts]) => `Workspace “${tenant}”: ${describeCounts(counts)}.`
        ),
        ...report.warnings
      ],
      problems: report.quarantined.map((q) => q.reason)
    }
  }
}

const chatExportSource: ImportSource = {
  async preview(store, path): Promise<ImportPreviewView> {
    const file = needPath(path, 'conversations.json')
    const preview = previewChatExport(file, store.db)
    const app = preview.app ? CHAT_APP_NAMES[preview.app] : 'Chat'
    const span =
      preview.from && preview.to ? ` from ${preview.from.slice(0, 10)} to ${preview.to.slice(0, 10)}` : ''
    return {
      kind: 'chat-export',
      path: file,
      title: `${app} export: ${preview.conversations} conversations${span}`,
      counts: [
        { label: 'conversations', value: preview.conversations },
        { label: 'messages', value: preview.messages }
      ],
      problems: preview.problems,
      notes:
        preview.alreadyImported > 0
          ? [`${preview.alreadyImported} conversations were imported before and are skipped.`]
          : [],
      mcpServers: []
    }
  },
  async run(store, request, onProgress): Promise<ImportResultView> {
    const report = await importChatExport(store, needPath(request.path, 'conversations.json'), {}, onProgress)
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `${report.app ? CHAT_APP_NAMES[report.app] : 'Chat'} export: ${describeCounts(report.counts)}; ${report.messages} messages.`,
        ...report.warnings
      ],
      problems: report.quarantined.map((q) => q.reason)
    }
  }
}

/** A chosen config file, or the usual places of the other apps in the user's home. */
function mcpConfigs(path: string | null): DiscoveredConfig[] {
  return path !== null
    ? [readMcpConfig('file', path)]
    : discoverMcpConfigs({ home: homedir(), platform: process.platform, env: process.env })
}

const mcpSource: ImportSource = {
  async preview(store, path): Promise<ImportPreviewView> {
    const configs = mcpConfigs(path)
    const candidates = previewMcpImport(store.db, configs)
    return {
      kind: 'mcp',
      path,
      title:
        candidates.length === 0
          ? 'No MCP servers found in Claude Desktop, Cursor, Windsurf or VS Code'
          : `${candidates.length} MCP servers found in ${configs.length} config files`,
      counts: [],
      problems: configs.flatMap((config) => config.problems),
      notes: configs.map((config) => `${config.path}: ${config.servers.length} servers`),
      mcpServers: candidates.map(candidateView)
    }
  },
  async run(store, request, onProgress): Promise<ImportResultView> {
    const report = await importMcpServers(
      store,
      mcpConfigs(request.path),
      request.mcpChoices ?? [],
      {},
      onProgress
    )
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `MCP servers: ${describeCounts(report.counts)}.`,
        ...report.servers
          .filter((server) => server.action !== 'skipped')
          .map((server) => `${server.as ?? server.name} (from ${server.app}): ${server.action}`)
      ],
      problems: report.problems
    }
  }
}

export const IMPORT_SOURCES: Record<ImportSourceKind, ImportSource> = {
  folder: folderSource,
  localstorage: localStorageSource,
  'chat-export': chatExportSource,
  mcp: mcpSource
}
