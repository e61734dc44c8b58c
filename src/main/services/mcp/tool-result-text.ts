// A tool call's result as text, as the chat's card, the model and `personal-agent mcp call` show it: text parts as
// they are, other parts described in a line, structured content as JSON when there is no content.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'

/** The result's content as text: text parts as they are, other parts described; structured content as JSON. */
export function resultText(result: CallToolResult): string {
  const parts = (result.content ?? []).map((part) => {
    if (part.type === 'text') return part.text
    if (part.type === 'image' || part.type === 'audio')
      return `[${part.type}: ${part.mimeType}, ${part.data.length} base64 characters]`
    if (part.type === 'resource')
      return 'text' in part.resource ? part.resource.text : `[resource: ${part.resource.uri}]`
    if (part.type === 'resource_link') return `[resource link: ${part.uri}]`
    return JSON.stringify(part)
  })
  if (parts.length === 0 && result.structuredContent !== undefined)
    return JSON.stringify(result.structuredContent)
  return parts.join('\n')
}
