// Finds the MCP servers other apps have configured, at their usual places on macOS, Windows and Linux: Claude
// Desktop (`mcpServers`), Cursor and Windsurf (`mcpServers`), and VS Code (`servers` plus `inputs`, in its user
// mcp.json or under "mcp" in settings.json). A pure function of the home folder, the platform and the environment,
// so it can be pointed at any folder. A file that cannot be read is a problem entry; the others are still found.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { jsonErrorPlace } from '../../legacy/json-error-place'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import { parseJsonText } from '../../base/json-text'
import { inputIdsIn } from '../../../shared/input-references'
import { stripJsonc } from './jsonc'

export type McpApp = 'claude-desktop' | 'cursor' | 'windsurf' | 'vscode' | 'file'

export const APP_NAMES: Record<McpApp, string> = {
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  windsurf: 'Windsurf',
  vscode: 'VS Code',
  file: 'Config file'
}

export interface FoundServer {
  name: string
  config: JsonObject
  /** The file's `inputs` entries this server's `${input:…}` references name (VS Code), kept with the server. */
  inputs: JsonObject[]
}

export interface DiscoveredConfig {
  app: McpApp
  path: string
  servers: FoundServer[]
  /** VS Code's `inputs`: values the user types when a server starts (ids of password ones are secrets to supply). */
  inputs: JsonObject[]
  problems: string[]
}

export interface DiscoveryPlace {
  home: string
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
}

interface Candidate {
  app: McpApp
  path: string
  /** 'settings': VS Code's settings.json, where the servers are under "mcp". */
  shape: 'servers' | 'settings'
}

/** Where each app keeps its user-level config on this platform. */
export function candidatePaths({ home, platform, env }: DiscoveryPlace): Candidate[] {
  const appData = env['APPDATA'] ?? join(home, 'AppData', 'Roaming')
  const userConfig =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? appData
        : (env['XDG_CONFIG_HOME'] ?? join(home, '.config'))
  const vscodeUser = join(userConfig, 'Code', 'User')
  return [
    {
      app: 'claude-desktop',
      path: join(userConfig, 'Claude', 'claude_desktop_config.json'),
      shape: 'servers'
    },
    { app: 'cursor', path: join(home, '.cursor', 'mcp.json'), shape: 'servers' },
    { app: 'windsurf', path: join(home, '.codeium', 'windsurf', 'mcp_config.json'), shape: 'servers' },
    { app: 'vscode', path: join(vscodeUser, 'mcp.json'), shape: 'servers' },
    { app: 'vscode', path: join(vscodeUser, 'settings.json'), shape: 'settings' }
  ]
}

/** Reads one config file: `mcpServers` or `servers` (a map of name → server), and VS Code's `inputs`, each entry
 * kept with the servers that refer to it. */
export function readMcpConfig(
  app: McpApp,
  path: string,
  shape: Candidate['shape'] = 'servers'
): DiscoveredConfig {
  const found: DiscoveredConfig = { app, path, servers: [], inputs: [], problems: [] }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    found.problems.push(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    return found
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const plain = stripJsonc(text)
  let parsed: JsonValue
  try {
    parsed = parseJsonText(plain)
  } catch {
    found.problems.push(
      `${path}: not valid JSON at ${jsonErrorPlace(plain)}; fix it in ${APP_NAMES[app]}, then look again`
    )
    return found
  }
  // A settings.json passed as a file holds its servers under "mcp" too.
  const nested =
    isPlainObject(parsed) &&
    parsed['mcpServers'] === undefined &&
    parsed['servers'] === undefined &&
    isPlainObject(parsed['mcp'])
  const root = (shape === 'settings' || nested) && isPlainObject(parsed) ? parsed['mcp'] : parsed
  if (root === undefined) return found
  if (!isPlainObject(root)) {
    found.problems.push(
      `${path}: holds ${Array.isArray(root) ? 'a list' : typeof root}, not an object of MCP settings`
    )
    return found
  }
  const servers = root['mcpServers'] ?? root['servers']
  if (servers !== undefined && !isPlainObject(servers))
    found.problems.push(
      `${path}: "${root['mcpServers'] !== undefined ? 'mcpServers' : 'servers'}" is not a map of name → server`
    )
  const inputs = root['inputs']
  if (Array.isArray(inputs)) {
    found.inputs = inputs.filter(isPlainObject)
    if (found.inputs.length < inputs.length)
      found.problems.push(
        `${path}: ${inputs.length - found.inputs.length} "inputs" entries are not objects; skipped`
      )
  } else if (inputs !== undefined) found.problems.push(`${path}: "inputs" is not a list; skipped`)
  if (isPlainObject(servers))
    for (const [name, config] of Object.entries(servers)) {
      if (isPlainObject(config))
        found.servers.push({ name, config, inputs: declaredInputs(found, name, config) })
      else
        found.problems.push(
          `${path}: server "${name}" is ${config === null ? 'null' : typeof config}, not an object; skipped`
        )
    }
  return found
}

/** The file's `inputs` entries the server refers to; a reference no entry declares is a problem (still asked for). */
function declaredInputs(found: DiscoveredConfig, name: string, config: JsonObject): JsonObject[] {
  const ids = inputIdsIn(JSON.stringify(config))
  const declared = ids.flatMap((id) => found.inputs.filter((input) => input['id'] === id))
  for (const id of ids)
    if (!found.inputs.some((input) => input['id'] === id))
      found.problems.push(
        `${found.path}: server "${name}" uses \${input:${id}}, which no "inputs" entry declares; its value is asked for when the server starts`
      )
  return declared
}

export function discoverMcpConfigs(where: DiscoveryPlace, only: McpApp | null = null): DiscoveredConfig[] {
  return candidatePaths(where)
    .filter((candidate) => (only === null || candidate.app === only) && existsSync(candidate.path))
    .map((candidate) => readMcpConfig(candidate.app, candidate.path, candidate.shape))
    .filter((config) => config.servers.length > 0 || config.problems.length > 0)
}
