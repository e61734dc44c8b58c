// MCP servers on the json backend: connecting refuses in one line naming the fix, since their secrets live in the
// keychain only through the SQLite store's refs.
import { UserError } from '../../../shared/errors'
import type { McpConnectionSource } from '../store'

export const MCP_NEEDS_SQLITE =
  'MCP servers start only on the SQLite store, and the app runs on the json storage backend (the legacy files). Choose SQLite or Hybrid in Settings → Storage (or run "personal-agent migrate"), then try again.'

export const NO_MCP_CONNECTIONS: McpConnectionSource = {
  connection: async () => {
    throw new UserError('WRONG_STATE', MCP_NEEDS_SQLITE)
  },
  saveInputs: async () => {
    throw new UserError('WRONG_STATE', MCP_NEEDS_SQLITE)
  }
}
