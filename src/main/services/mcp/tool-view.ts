// A server's tool as the app shows it (the MCP screen, `personal-agent mcp tools --json`): name, title, description,
// input schema and annotations.
import type { Tool } from '@modelcontextprotocol/sdk/types.js'
import type { McpToolView } from '../../../shared/mcp-types'

export function toolView(tool: Tool): McpToolView {
  return {
    name: tool.name,
    title: tool.title ?? tool.annotations?.title ?? null,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema,
    annotations: tool.annotations ?? null
  }
}
