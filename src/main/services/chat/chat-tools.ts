// The MCP tools of a chat turn: the tools of the servers in the conversation's scope, named for the model
// (tool-names.ts) and described to the provider through the AI SDK (no `execute`: the chat service runs each call
// itself, after approval); and one call run through the supervisor, its outcome as text for the card and the model.
import { jsonSchema, tool as sdkTool, type ToolSet } from 'ai'
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpInputsNeededView } from '../../../shared/chat-types'
import type { McpServerView, ToolCallStatus } from '../../../shared/types'
import { logger } from '../../logging/logger'
import { redact } from '../../logging/redact'
import { McpInputsNeededError } from '../mcp/server-transport'
import { resultText } from '../mcp/tool-result-text'
import type { ChatScope } from './chat-scope'
import { nameTools, type NamedTool } from './tool-names'

/** What the chat needs of the MCP runtime (the app's McpSupervisor). */
export interface McpToolRunner {
  resolve(nameOrId: string): Promise<McpServerView>
  tools(nameOrId: string): Promise<Tool[]>
  call(
    nameOrId: string,
    tool: string,
    args: Record<string, unknown>,
    signal?: AbortSignal
  ): Promise<CallToolResult>
}

export type OfferedTool = NamedTool<Tool>

/** A turn's tools, and the scoped servers that could not start for want of their `${input:…}` values. */
export interface TurnTools {
  tools: OfferedTool[]
  inputsNeeded: McpInputsNeededView[]
}

/**
 * The tools offered in a turn: each scoped server's (only the named ones when the scope lists some), in a stable
 * order. A server that cannot start or list its tools offers none this turn (its failure is logged and shown in
 * the MCP screen); the chat goes on. One refused for its missing `${input:…}` values is named in `inputsNeeded`,
 * so the window can ask for them.
 */
export async function offeredTools(runner: McpToolRunner, scope: ChatScope): Promise<TurnTools> {
  const servers: { serverId: string; serverName: string; tools: Tool[] }[] = []
  const inputsNeeded: McpInputsNeededView[] = []
  for (const id of scope.mcpServerIds) {
    try {
      const server = await runner.resolve(id)
      const only = scope.toolNames?.[server.id]
      const tools = (await runner.tools(server.id)).filter((t) => !only || only.includes(t.name))
      servers.push({ serverId: server.id, serverName: server.name, tools })
    } catch (error) {
      if (error instanceof McpInputsNeededError)
        inputsNeeded.push({ serverId: error.serverId, serverName: error.serverName })
      logger.warn(
        `chat: the tools of MCP server ${id} are not offered: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }
  return { tools: nameTools(servers), inputsNeeded }
}

/** The tools as the provider request carries them (keys in the offered order). */
export function toolSet(tools: readonly OfferedTool[]): ToolSet {
  const set: ToolSet = {}
  for (const offered of tools)
    set[offered.modelName] = sdkTool({
      description: offered.tool.description ?? offered.tool.title ?? offered.tool.name,
      inputSchema: jsonSchema(offered.tool.inputSchema as Parameters<typeof jsonSchema>[0])
    })
  return set
}

/** Whether the server marks the tool as only reading (MCP annotation `readOnlyHint: true`). */
export function isReadOnly(tool: Tool): boolean {
  return tool.annotations?.readOnlyHint === true
}

/** How a call ended: its result text (whole), or its one-line error. */
export interface ToolOutcome {
  status: Extract<ToolCallStatus, 'done' | 'error' | 'cancelled'>
  result: string
  error: string | null
  durationMs: number
}

/**
 * Runs one call: a tool error, a crash, a timeout or malformed output is an outcome, never a throw. Known secrets (a
 * server's secret env values and headers, the profiles' keys) and key-shaped tokens are scrubbed from the result
 * and the error before anything stores or sends them (a server may print its own environment).
 */
export async function runToolCall(
  runner: McpToolRunner,
  serverId: string,
  tool: string,
  args: Record<string, unknown>,
  signal?: AbortSignal
): Promise<ToolOutcome> {
  const started = performance.now()
  const took = (): number => Math.round(performance.now() - started)
  try {
    const result = await runner.call(serverId, tool, args, signal)
    const text = redact(resultText(result))
    if (result.isError === true)
      return {
        status: 'error',
        result: text,
        error: text.split('\n')[0]!.slice(0, 500) || `${tool} failed.`,
        durationMs: took()
      }
    return { status: 'done', result: text, error: null, durationMs: took() }
  } catch (error) {
    const line = redact(error instanceof Error ? error.message : String(error))
    return { status: signal?.aborted ? 'cancelled' : 'error', result: '', error: line, durationMs: took() }
  }
}
