// Finds an MCP server by what a user types: its id, else its name (exactly, else ignoring case when only one
// matches); the refusal lists the names there are.
import { UserError } from '../../../shared/errors'
import type { McpServerView } from '../../../shared/types'

export function findServer(servers: readonly McpServerView[], nameOrId: string): McpServerView {
  const found =
    servers.find((s) => s.id === nameOrId) ??
    servers.find((s) => s.name === nameOrId) ??
    (() => {
      const matches = servers.filter((s) => s.name.toLowerCase() === nameOrId.toLowerCase())
      return matches.length === 1 ? matches[0] : undefined
    })()
  if (found) return found
  const names = servers.map((s) => s.name).join(', ')
  throw new UserError(
    'NOT_FOUND',
    `There is no MCP server "${nameOrId}". ${names === '' ? 'None is set up yet.' : `The servers are: ${names}.`}`
  )
}
