// One live connection to an MCP server through the SDK's Client: connect, list tools (every page), call a tool, ping,
// each with its timeout (a call also with its AbortSignal, so the SDK sends `notifications/cancelled`), and close.
// Failures become one line naming the server and what happened (exit code and last stderr line of a crash).
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js'
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import {
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool
} from '@modelcontextprotocol/sdk/types.js'
import { UserError } from '../../../shared/errors'
import { redactUrlCredentials, redactUrlsInText } from '../../../shared/secret-policy'
import { APP_VERSION } from '../../base/app-version'
import type { McpConnectionConfig } from '../../store/store'
import type { ServerLog } from './server-log'
import { durationText, type ServerLimits } from './server-settings'
import { createTransport, type TransportKind } from './server-transport'
import { StdioGroupTransport, type SpawnedProcess } from './stdio-group-transport'

export interface ConnectionHooks {
  /** The connection ended without close() (the server exited, or broke the protocol). */
  onLost(reason: string): void
  onToolsChanged(): void
  /** A stdio server's process has started. */
  onSpawned(spawned: SpawnedProcess): void
}

const MAX_TOOL_PAGES = 100

/** Whether a failure line came from a request that timed out. */
export function isTimeout(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined
  return cause instanceof McpError && cause.code === ErrorCode.RequestTimeout
}

function causeText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return redactUrlsInText(text.split('\n')[0]!).slice(0, 200)
}

/** The URL as an error shows it: its credentials redacted by the secret policy. */
function shownUrl(url: string | null): string {
  if (url === null || url === '') return 'its URL'
  return redactUrlCredentials(url) ?? url
}

export class ServerConnection {
  private closing = false

  private constructor(
    readonly config: McpConnectionConfig,
    readonly kind: TransportKind,
    private readonly client: Client,
    private readonly transport: Transport,
    private readonly limits: ServerLimits,
    private readonly log: ServerLog
  ) {}

  /** Starts (stdio) or reaches (HTTP, SSE) the server and runs the protocol's initialize within the connect timeout. */
  static async open(
    config: McpConnectionConfig,
    limits: ServerLimits,
    log: ServerLog,
    hooks: ConnectionHooks
  ): Promise<ServerConnection> {
    const { kind, transport } = createTransport(config, limits, log)
    const client = new Client({ name: 'personal-agent', version: APP_VERSION }, { capabilities: {} })
    const connection = new ServerConnection(config, kind, client, transport, limits, log)
    if (transport instanceof StdioGroupTransport) transport.onspawn = (spawned) => hooks.onSpawned(spawned)
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => hooks.onToolsChanged())
    client.onclose = () => {
      if (!connection.closing) hooks.onLost(connection.lostReason())
    }
    client.onerror = (error) => log.note(`transport error: ${causeText(error)}`)
    try {
      await client.connect(transport, { timeout: limits.connectMs })
    } catch (error) {
      const line = connection.failure('start', error)
      await connection.close()
      throw line
    }
    return connection
  }

  /** The server process, for stdio servers once started. */
  get process(): SpawnedProcess | null {
    return this.transport instanceof StdioGroupTransport ? this.transport.spawned : null
  }

  async listTools(): Promise<Tool[]> {
    const tools: Tool[] = []
    let cursor: string | undefined
    try {
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const result = await this.client.listTools(cursor === undefined ? {} : { cursor }, {
          timeout: this.limits.listMs
        })
        tools.push(...result.tools)
        cursor = result.nextCursor
        if (cursor === undefined) break
      }
    } catch (error) {
      throw this.failure('list tools', error)
    }
    return tools
  }

  /** Calls the tool; the result may be a tool error (`isError`), which is for the caller to report. */
  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult> {
    try {
      const result = await this.client.callTool({ name, arguments: args }, undefined, {
        timeout: this.limits.callMs,
        signal
      })
      return result as CallToolResult
    } catch (error) {
      if (signal?.aborted)
        throw new UserError(
          'MCP_FAILED',
          `The call of ${name} on MCP server "${this.config.name}" was cancelled.`
        )
      throw this.failure(`call ${name}`, error)
    }
  }

  /** Whether the server answers the protocol's ping within the ping timeout. */
  async ping(): Promise<boolean> {
    try {
      await this.client.ping({ timeout: this.limits.pingMs })
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    this.closing = true
    await this.client.close().catch(() => undefined)
    await this.transport.close().catch(() => undefined)
  }

  /** Kills a stdio server's group at once (the app is exiting). */
  killNow(): void {
    if (this.transport instanceof StdioGroupTransport) this.transport.killNow()
  }

  /** Why the connection is gone: the protocol violation, or the exit with the last stderr line. */
  lostReason(): string {
    const stdio = this.transport instanceof StdioGroupTransport ? this.transport : null
    if (stdio?.violation) return `${stdio.violation}, so it was stopped`
    const exit = stdio?.exit
    const how = !exit
      ? 'closed the connection'
      : exit.signal !== null
        ? `was ended by ${exit.signal}`
        : `exited with code ${exit.code}`
    const last = this.log.lastLines().at(-1)
    return last === undefined ? how : `${how}; its last stderr line: ${last}`
  }

  /** The one line for a failed `action`. */
  failure(action: string, error: unknown): UserError {
    const server = `MCP server "${this.config.name}"`
    if (error instanceof UserError) return error
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      const limit =
        action === 'start'
          ? this.limits.connectMs
          : action === 'list tools'
            ? this.limits.listMs
            : this.limits.callMs
      const field =
        action === 'start'
          ? 'connect_timeout_ms'
          : action === 'list tools'
            ? 'list_timeout_ms'
            : 'call_timeout_ms'
      return new UserError(
        'MCP_FAILED',
        `${server} did not ${action === 'start' ? 'finish starting' : `answer "${action}"`} within ${durationText(limit)} (raise ${field} in its settings if it needs longer).`,
        { cause: error }
      )
    }
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)
      return new UserError('MCP_FAILED', `${server} ${this.lostReason()} (during "${action}").`, {
        cause: error
      })
    const code = (error as NodeJS.ErrnoException | null)?.code
    if (action === 'start' && (code === 'ENOENT' || code === 'EACCES'))
      return new UserError(
        'MCP_FAILED',
        `${server} could not start: the command "${this.config.command}" ${code === 'ENOENT' ? 'was not found' : 'may not be run'}. Check its command in MCP servers → ${this.config.name}.`,
        { cause: error }
      )
    const where = this.kind === 'stdio' ? '' : ` at ${shownUrl(this.config.url)}`
    const status = error instanceof StreamableHTTPError || error instanceof SseError ? error.code : undefined
    if (status === 401 || status === 403)
      return new UserError(
        'MCP_FAILED',
        `${server}${where} refused the connection (HTTP ${status}). Check its token or headers in MCP servers → ${this.config.name}.`,
        { cause: error }
      )
    return new UserError('MCP_FAILED', `${server}${where} failed to ${action}: ${causeText(error)}`, {
      cause: error
    })
  }
}
