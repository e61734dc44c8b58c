// The import screen's sources, each an adapter from the importer's own API to previews and results the renderer
// shows: a notes folder, the web version's localStorage dump, another app's chat export, other apps' MCP servers.
import { UserError } from '../../shared/errors'
import type { ImportSourceKind } from '../../shared/import-types'
import type { ImportSource } from './import-host'

function unavailable(what: string): ImportSource {
  const fail = async (): Promise<never> => {
    throw new UserError('WRONG_STATE', `Importing ${what} is not available in this build yet.`)
  }
  return { preview: fail, run: fail }
}

export const IMPORT_SOURCES: Record<ImportSourceKind, ImportSource> = {
  folder: unavailable('a notes folder'),
  localstorage: unavailable('a web-version export'),
  'chat-export': unavailable('a chat export'),
  mcp: unavailable('MCP servers')
}
