// The Import screen's sources, each an adapter from an importer's own API to the previews and results the renderer
// shows: a notes folder, the web version's localStorage export, another app's chat export, other apps' MCP servers,
// the old app's newer data in this folder.
import type { ImportSourceKind } from '../../../shared/import-types'
import type { ImportSource } from '../import-host'
import { chatExportSource } from './chat-export-source'
import { folderSource } from './folder-source'
import { legacySource } from './legacy-source'
import { localStorageSource } from './localstorage-source'
import { mcpSource } from './mcp-source'

export const IMPORT_SOURCES: Record<ImportSourceKind, ImportSource> = {
  folder: folderSource,
  localstorage: localStorageSource,
  'chat-export': chatExportSource,
  mcp: mcpSource,
  legacy: legacySource
}
