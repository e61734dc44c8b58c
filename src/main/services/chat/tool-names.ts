// The names tools are offered to the model by: `server__tool`, made of the characters providers accept
// (`^[a-zA-Z0-9_-]{1,64}$`), unique across the conversation's servers (a clash gets `_2`, `_3`, … before the cut),
// and in a stable order (servers as given, each one's tools by name) so every request starts the same.
export const MODEL_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/
const MAX = 64

/** Letters, digits, `_` and `-` only (anything else becomes `_`), never empty. */
function part(text: string): string {
  const clean = text.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '')
  return clean === '' ? 'x' : clean
}

export interface NamedTool<T> {
  modelName: string
  serverId: string
  serverName: string
  tool: T
}

/** Each server's tools (in the servers' order, each server's tools sorted by name) with a unique model-facing name. */
export function nameTools<T extends { name: string }>(
  servers: readonly { serverId: string; serverName: string; tools: readonly T[] }[]
): NamedTool<T>[] {
  const taken = new Set<string>()
  const named: NamedTool<T>[] = []
  for (const server of servers) {
    const sorted = [...server.tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const tool of sorted) {
      const base = `${part(server.serverName)}__${part(tool.name)}`
      let name = base.slice(0, MAX)
      for (let n = 2; taken.has(name.toLowerCase()); n++) {
        const suffix = `_${n}`
        name = `${base.slice(0, MAX - suffix.length)}${suffix}`
      }
      taken.add(name.toLowerCase())
      named.push({ modelName: name, serverId: server.serverId, serverName: server.serverName, tool })
    }
  }
  return named
}
