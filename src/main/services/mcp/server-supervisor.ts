// Runs the user's MCP servers: each starts on first use, its tool list is cached, a crash is recorded with its exit
// and last stderr lines and the server restarts on the next use (with a growing wait after repeated failures), a
// call that times out is followed by a ping that tells a hung server (stopped) from a slow one, and every server's
// process group is ended on stop, on close and when this process exits. At its start the supervisor ends the
// servers that a killed process left running (see server-pids.ts).
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpServerFailure, McpServerState, McpServerStatus } from '../../../shared/mcp-types'
import { UserError } from '../../../shared/errors'
import { isSecretEnvName, isSecretHeaderName } from '../../../shared/secret-policy'
import type { McpServerView } from '../../../shared/types'
import { registerSecret } from '../../logging/redact'
import type { McpConnectionConfig, Store } from '../../store/store'
import { isTimeout, ServerConnection } from './server-connection'
import { ServerLog, serverLogPath } from './server-log'
import { findServer } from './server-lookup'
import { ServerPids } from './server-pids'
import { DEFAULT_LIMITS, durationText, serverLimits } from './server-settings'
import { McpInputsNeededError } from './server-transport'
import { ToolCache } from './tool-cache'

type ServerSource = Pick<Store['mcp'], 'list' | 'connection'>

interface Slot {
  id: string
  name: string
  status: McpServerStatus
  connection: ServerConnection | null
  starting: Promise<ServerConnection> | null
  log: ServerLog
  /** Failures since the server last answered a call or a listing. */
  failures: number
  failure: McpServerFailure | null
  restartAt: number | null
  startedAt: string | null
}

const BACKOFF_START_MS = 2_000
const BACKOFF_MAX_MS = 60_000

/** The wait before the next start after `failures` failures in a row: none after the first, then 2 s, 4 s, … 60 s. */
export function backoffMs(failures: number): number {
  return failures <= 1 ? 0 : Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (failures - 2))
}

/** Secret env values and headers are scrubbed from every log line, whatever the server prints. */
function registerConfigSecrets(config: McpConnectionConfig): void {
  for (const [key, value] of Object.entries(config.env)) if (isSecretEnvName(key)) registerSecret(value)
  for (const [key, value] of Object.entries(config.headers))
    if (isSecretHeaderName(key)) registerSecret(value)
}

export class McpSupervisor {
  private readonly slots = new Map<string, Slot>()
  private readonly cache = new ToolCache()
  private readonly pids: ServerPids
  private readonly onExit = (): void => {
    for (const slot of this.slots.values()) slot.connection?.killNow()
  }

  private constructor(
    private readonly dataDir: string,
    private readonly source: ServerSource
  ) {
    this.pids = new ServerPids(dataDir)
    process.on('exit', this.onExit)
  }

  /** A supervisor for the folder's servers, after ending the survivors of processes that were killed. */
  static async start(dataDir: string, source: ServerSource): Promise<McpSupervisor> {
    const supervisor = new McpSupervisor(dataDir, source)
    await supervisor.pids.endSurvivors(DEFAULT_LIMITS.graceMs)
    return supervisor
  }

  /** The server with this id, else with this name (exactly, else ignoring case when only one matches). */
  async resolve(nameOrId: string): Promise<McpServerView> {
    return findServer(await this.source.list(), nameOrId)
  }

  async states(): Promise<McpServerState[]> {
    const elsewhere = this.pids.runningElsewhere()
    return (await this.source.list()).map((server) => {
      const slot = this.slots.get(server.id)
      return {
        id: server.id,
        name: server.name,
        transport: server.transport,
        enabled: server.enabled,
        status: slot?.status ?? 'stopped',
        toolCount: this.cache.get(server.id)?.length ?? null,
        pid: slot?.connection?.process?.pid ?? null,
        startedAt: slot?.startedAt ?? null,
        failure: slot?.failure ?? null,
        elsewhere: slot?.connection ? null : (elsewhere.get(server.id) ?? null),
        logPath: slot?.log.path ?? serverLogPath(this.dataDir, server.name, server.id)
      }
    })
  }

  /** The server's tools: the cached list, else listed now (starting the server if it is not running). */
  async tools(nameOrId: string): Promise<Tool[]> {
    const slot = this.slot(await this.resolve(nameOrId))
    const cached = this.cache.get(slot.id)
    if (cached && slot.connection) return cached
    const tools = await (await this.connect(slot)).listTools()
    this.cache.set(slot.id, tools)
    slot.failures = 0
    return tools
  }

  /**
   * Calls a tool (starting the server on first use). A tool's own error comes back as a result with `isError`; a
   * crash, timeout or cancellation is thrown as its one line. After a timeout the server is pinged: one that no
   * longer answers is hung and is stopped.
   */
  async call(
    nameOrId: string,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal
  ): Promise<CallToolResult> {
    const slot = this.slot(await this.resolve(nameOrId))
    const connection = await this.connect(slot)
    try {
      const result = await connection.callTool(tool, args, signal)
      // A server that answers is not crash-looping: the backoff starts over.
      slot.failures = 0
      return result
    } catch (error) {
      if (!isTimeout(error) || slot.connection !== connection) throw error
      if (await connection.ping())
        throw new UserError(
          'MCP_FAILED',
          `${(error as Error).message} It still answers a ping, so it keeps running.`
        )
      const reason = `no longer answers a ping after a call of ${tool} timed out (hung)`
      await this.fail(slot, connection, reason)
      throw new UserError(
        'MCP_FAILED',
        `${(error as Error).message} It no longer answers a ping either, so it was stopped; it starts again on next use.`
      )
    }
  }

  /** Pings a running server: `ready`, or `hung` (then stopped and marked failed); `stopped`/`failed` as they are. */
  async health(nameOrId: string): Promise<McpServerStatus | 'hung'> {
    const slot = this.slot(await this.resolve(nameOrId))
    const connection = slot.connection
    if (!connection) return slot.status
    if (await connection.ping()) return 'ready'
    await this.fail(slot, connection, 'does not answer a ping (hung)')
    return 'hung'
  }

  /** Starts the server now (ignoring any backoff wait) and lists its tools. */
  async startServer(nameOrId: string): Promise<Tool[]> {
    const slot = this.slot(await this.resolve(nameOrId))
    slot.restartAt = null
    return this.tools(nameOrId)
  }

  async stop(nameOrId: string): Promise<void> {
    await this.stopSlot(this.slot(await this.resolve(nameOrId)))
  }

  async restart(nameOrId: string): Promise<Tool[]> {
    await this.stop(nameOrId)
    return this.startServer(nameOrId)
  }

  /** Stops every server (their whole process groups). */
  async close(): Promise<void> {
    await Promise.all([...this.slots.values()].map((slot) => this.stopSlot(slot)))
    process.removeListener('exit', this.onExit)
  }

  private slot(server: McpServerView): Slot {
    let slot = this.slots.get(server.id)
    if (!slot) {
      slot = {
        id: server.id,
        name: server.name,
        status: 'stopped',
        connection: null,
        starting: null,
        log: new ServerLog(serverLogPath(this.dataDir, server.name, server.id)),
        failures: 0,
        failure: null,
        restartAt: null,
        startedAt: null
      }
      this.slots.set(server.id, slot)
    }
    return slot
  }

  private connect(slot: Slot): Promise<ServerConnection> {
    if (slot.connection) return Promise.resolve(slot.connection)
    if (slot.starting) return slot.starting
    if (slot.restartAt !== null && Date.now() < slot.restartAt) {
      const wait = durationText(slot.restartAt - Date.now())
      throw new UserError(
        'MCP_FAILED',
        `MCP server "${slot.name}" failed ${slot.failures} times in a row (last: ${slot.failure?.reason}); it is started again in ${wait}, or at once with restart.`
      )
    }
    slot.status = 'starting'
    slot.starting = this.open(slot).finally(() => {
      slot.starting = null
    })
    return slot.starting
  }

  private async open(slot: Slot): Promise<ServerConnection> {
    let current: ServerConnection | null = null
    try {
      const config = await this.source.connection(slot.id)
      registerConfigSecrets(config)
      slot.log.note(`starting (${config.command ?? config.url ?? 'no command'})`)
      current = await ServerConnection.open(config, serverLimits(config.settings), slot.log, {
        onSpawned: (spawned) =>
          this.pids.add({
            serverId: slot.id,
            name: slot.name,
            pid: spawned.pid,
            pgid: spawned.pgid,
            command: [config.command ?? '', ...config.args].join(' '),
            startTime: spawned.startTime,
            startedAt: new Date().toISOString()
          }),
        onToolsChanged: () => void this.refreshTools(slot),
        onLost: (reason) => {
          if (current !== null && slot.connection === current) void this.fail(slot, current, reason)
        }
      })
    } catch (error) {
      this.pids.remove(slot.id)
      // A record refused for its missing `${input:…}` values started nothing: no crash to back off from.
      this.recordFailure(slot, error instanceof Error ? error.message : String(error), {
        backoff: !(error instanceof McpInputsNeededError)
      })
      throw error
    }
    slot.connection = current
    slot.status = 'ready'
    slot.failure = null
    slot.restartAt = null
    slot.startedAt = new Date().toISOString()
    this.cache.drop(slot.id)
    slot.log.note(`ready${current.process ? ` (pid ${current.process.pid})` : ''}`)
    return current
  }

  /** The server's tools changed: the cached list is replaced by a fresh one. */
  private async refreshTools(slot: Slot): Promise<void> {
    this.cache.drop(slot.id)
    const connection = slot.connection
    try {
      if (connection) this.cache.set(slot.id, await connection.listTools())
    } catch (error) {
      if (slot.connection === connection)
        slot.log.note(
          `could not list the changed tools: ${error instanceof Error ? error.message : String(error)}`
        )
    }
  }

  private recordFailure(slot: Slot, reason: string, { backoff = true } = {}): void {
    if (backoff) slot.failures++
    const wait = backoff ? backoffMs(slot.failures) : 0
    slot.restartAt = wait > 0 ? Date.now() + wait : null
    slot.status = 'failed'
    slot.failure = {
      reason,
      at: new Date().toISOString(),
      stderrTail: slot.log.lastLines(),
      restartAfter: slot.restartAt === null ? null : new Date(slot.restartAt).toISOString()
    }
    slot.log.note(`failed: ${reason}`)
  }

  /** The running server crashed or hung: its group is ended and the failure recorded. */
  private async fail(slot: Slot, connection: ServerConnection, reason: string): Promise<void> {
    if (slot.connection !== connection) return
    slot.connection = null
    this.cache.drop(slot.id)
    this.recordFailure(slot, `MCP server "${slot.name}" ${reason}`)
    await connection.close()
    this.pids.remove(slot.id)
  }

  private async stopSlot(slot: Slot): Promise<void> {
    const connection = slot.connection ?? (await slot.starting?.catch(() => null)) ?? null
    slot.connection = null
    this.cache.drop(slot.id)
    if (connection) {
      await connection.close()
      slot.log.note('stopped')
    }
    this.pids.remove(slot.id)
    if (slot.status !== 'failed') slot.status = 'stopped'
  }
}
