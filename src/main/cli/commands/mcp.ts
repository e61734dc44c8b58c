// `personal-agent mcp list | tools SERVER | call SERVER TOOL --args JSON`: the folder's MCP servers with their
// state, a server's tools, and one tool call, through the same supervisor the app runs (servers end with the
// command; Ctrl-C cancels a call with the protocol's cancellation).
import { UserError } from '../../../shared/errors'
import type { McpServerState } from '../../../shared/mcp-types'
import { dataPaths } from '../../base/data-paths'
import { jsonObjectText } from '../../base/record-codec'
import { detectState } from '../../migration/detect-state'
import { auditedSecrets } from '../../history/recorded'
import { McpSupervisor } from '../../services/mcp/server-supervisor'
import { resultText } from '../../services/mcp/tool-result-text'
import { toolView } from '../../services/mcp/tool-view'
import { chooseBackend, launchedBackend } from '../../store/backend-choice'
import { openBackend } from '../../store/open-backend'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'

const USAGE = 'mcp list | mcp tools SERVER | mcp call SERVER TOOL [--args JSON] [--data-dir DIR] [--json]'

const NO_SERVERS = {
  list: async () => [],
  connection: async (): Promise<never> => {
    throw new UserError('NOT_FOUND', 'There are no MCP servers yet.')
  }
}

/**
 * Opens the folder's servers and a supervisor over them, runs `use`, then stops every server it started. On Ctrl-C
 * or SIGTERM the signal given to `use` aborts; unless `use` cancels with it (a call), the servers are stopped and
 * the command exits at once.
 */
async function withSupervisor<T>(
  dataDir: string,
  use: (supervisor: McpSupervisor, signal: AbortSignal) => Promise<T>,
  cancellable = false
): Promise<T> {
  const { state } = detectState(dataDir)
  if (state === 'legacy' || state === 'interrupted')
    throw new UserError(
      'WRONG_STATE',
      `${dataDir} holds legacy files that are not migrated yet. Run "personal-agent migrate" first, then use its MCP servers.`
    )
  if (state === 'newer-schema')
    throw new UserError(
      'NEWER_SCHEMA',
      `${dataPaths(dataDir).db} was written by a newer version of Personal Agent. Update the app to use its MCP servers.`
    )
  const store =
    state === 'fresh'
      ? null
      : await openBackend({
          dataDir,
          backend: launchedBackend(state, chooseBackend(dataDir)),
          secrets: auditedSecrets(dataDir)
        })
  const stop = new AbortController()
  let supervisor: McpSupervisor | null = null
  const onSignal = (): void => {
    stop.abort()
    if (!cancellable) void (supervisor?.close() ?? Promise.resolve()).finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    supervisor = await McpSupervisor.start(dataDir, store?.mcp ?? NO_SERVERS)
    try {
      return await use(supervisor, stop.signal)
    } finally {
      await supervisor.close()
    }
  } finally {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    await store?.close()
  }
}

function stateLine(state: McpServerState): string {
  const status =
    state.status === 'ready'
      ? `ready${state.toolCount === null ? '' : ` with ${state.toolCount} tools`}`
      : state.status === 'failed'
        ? `failed: ${state.failure?.reason ?? ''}`
        : state.elsewhere
          ? `running in process ${state.elsewhere.ownerPid} (pid ${state.elsewhere.pid})`
          : state.status
  return `${state.name}  ${state.id}  ${state.transport}${state.enabled ? '' : ' (disabled)'}  ${status}`
}

function parseArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {}
  const parsed = jsonObjectText(text)
  if ('notJson' in parsed)
    throw new UserError(
      'USAGE',
      `--args is not valid JSON (${parsed.notJson}). Give an object, e.g. --args '{"message":"hi"}'.`
    )
  if ('notObject' in parsed)
    throw new UserError('USAGE', `--args must be a JSON object, e.g. --args '{"message":"hi"}'.`)
  return parsed.object
}

async function callTool(context: CommandContext, server: string, tool: string): Promise<CommandResult> {
  const args = parseArgs(typeof context.options.args === 'string' ? context.options.args : undefined)
  return withSupervisor(
    context.dataDir,
    async (supervisor, signal) => {
      const found = await supervisor.resolve(server)
      const result = await supervisor.call(found.id, tool, args, signal)
      const text = resultText(result)
      if (result.isError === true)
        throw new UserError(
          'MCP_FAILED',
          `Tool ${tool} of MCP server "${found.name}" returned an error: ${text.split('\n')[0] || 'no message'}`
        )
      return { json: { server: found.id, tool, result }, text }
    },
    true
  )
}

export const mcpCommand: CliCommand = {
  options: { args: { type: 'string' } },
  usage: USAGE,
  async run(context) {
    const [action, server, tool, ...rest] = context.positionals
    const usage = (why: string): never => {
      throw new UserError('USAGE', `${why} Usage: personal-agent ${USAGE}`)
    }
    if (action === 'list') {
      if (server !== undefined) usage('mcp list takes no server.')
      return withSupervisor(context.dataDir, async (supervisor) => {
        const servers = await supervisor.states()
        return {
          json: { servers },
          text: servers.length === 0 ? 'There are no MCP servers.' : servers.map(stateLine).join('\n')
        }
      })
    }
    if (action === 'tools') {
      if (server === undefined || tool !== undefined) usage('Give one server (its name or id).')
      return withSupervisor(context.dataDir, async (supervisor) => {
        const found = await supervisor.resolve(server!)
        const tools = (await supervisor.tools(found.id)).map(toolView)
        return {
          json: { server: found.id, tools },
          text:
            tools.length === 0
              ? `MCP server "${found.name}" has no tools.`
              : tools.map((t) => `${t.name}  ${t.description ?? ''}`.trimEnd()).join('\n')
        }
      })
    }
    if (action === 'call') {
      if (server === undefined || tool === undefined || rest.length > 0) usage('Give a server and a tool.')
      return callTool(context, server!, tool!)
    }
    return usage(action === undefined ? 'Give mcp list, tools or call.' : `Unknown mcp action "${action}".`)
  }
}
