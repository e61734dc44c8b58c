// Which SDK transport a server record asks for: stdio (our process-group transport), Streamable HTTP, or the older
// SSE for `transport: "sse"`; secrets go only into the child's env or the request headers. A record that cannot be
// connected as it is (no command, no URL, an unknown transport, a `${input:…}` value the user has not given) is
// refused in one line naming the server and the fix.
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import { UserError } from '../../../shared/errors'
import type { McpConnectionConfig } from '../../store/store'
import type { ServerLog } from './server-log'
import type { ServerLimits } from './server-settings'
import { StdioGroupTransport } from './stdio-group-transport'

export type TransportKind = 'stdio' | 'http' | 'sse'

const HTTP_NAMES = new Set(['http', 'streamable-http', 'streamable_http', 'streamablehttp', 'streamable'])

/** The refusal of a server whose `${input:…}` values were not given: the app can ask for them and start it. */
export class McpInputsNeededError extends UserError {
  readonly serverId: string
  readonly serverName: string
  constructor(config: McpConnectionConfig, message: string) {
    super('MCP_FAILED', message)
    this.name = 'McpInputsNeededError'
    this.serverId = config.id
    this.serverName = config.name
  }
}

function refuse(config: McpConnectionConfig, what: string): never {
  throw new UserError('MCP_FAILED', `MCP server "${config.name}" ${what}`)
}

export function transportKind(config: McpConnectionConfig): TransportKind {
  const name = config.transport.trim().toLowerCase()
  if (name === 'stdio' || (name === '' && config.command !== null)) return 'stdio'
  if (name === 'sse') return 'sse'
  if (HTTP_NAMES.has(name) || (name === '' && config.url !== null)) return 'http'
  return refuse(
    config,
    `has transport "${config.transport}", which is not one this app speaks. Set it to stdio, http (Streamable HTTP) or sse in MCP servers → ${config.name}.`
  )
}

/** A `${input:…}` value is filled in by the app when it asks the user; a connect without it would send the text. */
function refuseInputs(config: McpConnectionConfig): void {
  for (const [section, values] of [
    ['env', config.env],
    ['header', config.headers]
  ] as const) {
    for (const [key, value] of Object.entries(values)) {
      const input = /\$\{input:([^}]*)\}/.exec(value)
      if (input)
        throw new McpInputsNeededError(
          config,
          `MCP server "${config.name}" needs the value of \${input:${input[1]}} for its ${section} ${key}, which is asked for when the app starts it. Start it from the MCP screen, or put the value itself in the server's ${section}.`
        )
    }
  }
}

function httpUrl(config: McpConnectionConfig): URL {
  if (config.url === null) refuse(config, `has no URL. Add one in MCP servers → ${config.name}.`)
  try {
    const url = new URL(config.url)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // Refused below.
  }
  return refuse(
    config,
    `has a URL that is not an http(s) address. Correct it in MCP servers → ${config.name}.`
  )
}

export function createTransport(
  config: McpConnectionConfig,
  limits: ServerLimits,
  log: ServerLog
): { kind: TransportKind; transport: Transport } {
  const kind = transportKind(config)
  refuseInputs(config)
  if (kind === 'stdio') {
    if (config.command === null || config.command.trim() === '')
      refuse(config, `has no command to start. Add one in MCP servers → ${config.name}.`)
    const cwd = config.settings['cwd']
    return {
      kind,
      transport: new StdioGroupTransport(
        {
          command: config.command,
          args: config.args,
          env: config.env,
          cwd: typeof cwd === 'string' && cwd !== '' ? cwd : undefined,
          maxMessageBytes: limits.maxMessageBytes,
          graceMs: limits.graceMs
        },
        log
      )
    }
  }
  const url = httpUrl(config)
  const requestInit: RequestInit = { headers: config.headers }
  return {
    kind,
    transport:
      kind === 'sse'
        ? new SSEClientTransport(url, { requestInit })
        : new StreamableHTTPClientTransport(url, { requestInit })
  }
}
