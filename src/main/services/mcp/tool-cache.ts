// The tool list of each server, kept after the first listing so a new chat does not wait on a round-trip; dropped
// when the server says its tools changed or when it restarts.
import type { Tool } from '@modelcontextprotocol/sdk/types.js'

export class ToolCache {
  private readonly lists = new Map<string, { tools: Tool[]; at: number }>()

  get(serverId: string): Tool[] | null {
    return this.lists.get(serverId)?.tools ?? null
  }

  set(serverId: string, tools: Tool[]): void {
    this.lists.set(serverId, { tools, at: Date.now() })
  }

  drop(serverId: string): void {
    this.lists.delete(serverId)
  }
}
