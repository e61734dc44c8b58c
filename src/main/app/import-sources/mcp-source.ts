// The Import screen's MCP servers from another app: those found (or in a chosen file), with conflicts, then the
// import of the user's choices.
import { homedir } from 'node:os'
import type { ImportPreviewView, ImportResultView } from '../../../shared/import-types'
import { describeCounts } from '../../imports/import-run'
import {
  discoverMcpConfigs,
  readMcpConfig,
  type DiscoveredConfig
} from '../../imports/other-apps/mcp-discovery'
import { candidateView, importMcpServers, previewMcpImport } from '../../imports/other-apps/mcp-import'
import type { ImportSource } from '../import-host'

/** A chosen config file, or the usual places of the other apps in the user's home. */
function mcpConfigs(path: string | null): DiscoveredConfig[] {
  return path !== null
    ? [readMcpConfig('file', path)]
    : discoverMcpConfigs({ home: homedir(), platform: process.platform, env: process.env })
}

export const mcpSource: ImportSource = {
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
