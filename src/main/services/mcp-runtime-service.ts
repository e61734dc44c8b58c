// The MCP screen's runtime over the app's one supervisor: each server's state (stopped, starting, ready with N tools,
// failed with the reason and its last stderr lines), start, stop and restart, its tools with their input schemas, a
// health ping, "Start at launch" (the marked servers start once the store opens, in the background), and the
// `${input:…}` values a start asks for (typed for that start only, or saved in the keychain).
import type { McpInputView, McpServerState, McpServerStatus, McpToolView } from '../../shared/mcp-types'
import type { McpServerView } from '../../shared/types'
import { logger } from '../logging/logger'
import { serverInputs, type StartInputs } from './mcp/server-inputs'
import type { McpSupervisor } from './mcp/server-supervisor'
import { toolView } from './mcp/tool-view'
import type { NeedStore } from './store-access'

export class McpRuntimeService {
  private launchEnded = false

  constructor(
    private readonly supervisor: McpSupervisor,
    private readonly need: NeedStore,
    private readonly startInputs: StartInputs
  ) {}

  states(): Promise<McpServerState[]> {
    return this.supervisor.states()
  }

  /**
   * Starts the server now (a failure to start is its state: failed, with the reason and the last stderr lines).
   * `inputs`: values of its `${input:…}` references, for this start only, or saved in the keychain with `save`.
   */
  async start(id: string, inputs: Record<string, string> = {}, save = false): Promise<McpServerState> {
    const server = await this.supervisor.resolve(id)
    if (save && Object.keys(inputs).length > 0) await this.need().mcp.saveInputs(server.id, inputs)
    else this.startInputs.give(server.id, inputs)
    try {
      return await this.settled(server.id, () => this.supervisor.startServer(server.id))
    } finally {
      this.startInputs.forget(server.id)
    }
  }

  /** The `${input:…}` values the server asks for when it starts. */
  async inputs(id: string): Promise<McpInputView[]> {
    const server = await this.supervisor.resolve(id)
    return serverInputs(await this.need().mcp.connection(server.id))
  }

  async stop(id: string): Promise<McpServerState> {
    await this.supervisor.stop(id)
    return this.state(id)
  }

  restart(id: string): Promise<McpServerState> {
    return this.settled(id, () => this.supervisor.restart(id))
  }

  /** The server's tools (it starts on first use). */
  async tools(id: string): Promise<McpToolView[]> {
    return (await this.supervisor.tools(id)).map(toolView)
  }

  /** Pings a running server: ready, or hung (then stopped and marked failed); stopped and failed as they are. */
  async health(id: string): Promise<{ status: McpServerStatus | 'hung'; state: McpServerState }> {
    const status = await this.supervisor.health(id)
    return { status, state: await this.state(id) }
  }

  async setStartAtLaunch(id: string, on: boolean): Promise<McpServerView> {
    const servers = this.need().mcp
    await servers.setStartAtLaunch(id, on)
    return servers.get(id)
  }

  /**
   * Starts every enabled server marked "Start at launch", one after another; failures stay in their state (and the
   * log). Never rejects; stops starting more once `endLaunch` was called (the app is closing).
   */
  async startMarked(): Promise<void> {
    try {
      const marked = (await this.need().mcp.list()).filter((server) => server.enabled && server.startAtLaunch)
      for (const server of marked) {
        if (this.launchEnded) return
        await this.supervisor.startServer(server.id).catch((error: unknown) => {
          logger.warn(`MCP server "${server.name}" did not start at launch`, error)
        })
      }
    } catch (error) {
      logger.warn('Could not read the MCP servers to start at launch', error)
    }
  }

  /** No more starts at launch (before the supervisor closes, which stops the ones under way). */
  endLaunch(): void {
    this.launchEnded = true
  }

  private async state(id: string): Promise<McpServerState> {
    const resolved = await this.supervisor.resolve(id)
    return (await this.states()).find((state) => state.id === resolved.id)!
  }

  /** Runs a start; a start that failed answers the failed state (the reason is in it), anything else is thrown. */
  private async settled(id: string, start: () => Promise<unknown>): Promise<McpServerState> {
    try {
      await start()
    } catch (error) {
      const state = await this.state(id)
      if (state.status !== 'failed') throw error
      return state
    }
    return this.state(id)
  }
}
