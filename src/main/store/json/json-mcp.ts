// The json backend's MCP servers: `mcp_config.json` as a `servers` list or Claude Desktop's `mcpServers` map, env
// values in plain text there as the old app keeps them (secret-looking ones only ever shown masked).
import { START_AT_LAUNCH_KEY, startsAtLaunch } from '../mcp-start-at-launch'
import { randomUUID } from 'node:crypto'
import { UserError } from '../../../shared/errors'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { isSecretEnvName, maskSecret } from '../../../shared/secret-policy'
import { readMcpPatch } from '../record-input'
import { notFound, requireId } from '../store-input'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import type { McpStore } from '../store'
import { recordObject, type JsonDocument, type JsonRecord } from './json-document'
import { restoreFields, setFields, type FieldChanges } from './json-fields'

const DEFAULT_TRANSPORT = 'stdio'

/** How an env value is shown: strings as they are (masked under a secret-looking key), others as JSON text. */
function shownEnvValue(key: string, value: JsonValue): string {
  if (typeof value !== 'string') return JSON.stringify(value)
  return isSecretEnvName(key) && value !== '' ? maskSecret(value) : value
}

function view(record: JsonRecord, server: JsonObject): McpServerView {
  const env: Record<string, string> = {}
  const secretEnvKeys: string[] = []
  if (isPlainObject(server.env))
    for (const [key, value] of Object.entries(server.env)) {
      Object.defineProperty(env, key, {
        value: shownEnvValue(key, value),
        enumerable: true,
        writable: true,
        configurable: true
      })
      if (isSecretEnvName(key) && typeof value === 'string' && value !== '') secretEnvKeys.push(key)
    }
  const args = Array.isArray(server.args) ? server.args : []
  return {
    id: record.mapKey ?? (server.id as string),
    name: typeof server.name === 'string' ? server.name : (record.mapKey ?? ''),
    command: typeof server.command === 'string' ? server.command : null,
    args: args.filter((a): a is string => typeof a === 'string'),
    env,
    secretEnvKeys,
    enabled: server.enabled !== false,
    transport: typeof server.transport === 'string' ? server.transport : DEFAULT_TRANSPORT,
    url: typeof server.url === 'string' ? server.url : null,
    startAtLaunch: startsAtLaunch(server)
  }
}

/** The new env: a value equal to what the view shows (a masked secret too) keeps the stored value. */
function plannedEnv(current: JsonValue | undefined, next: Record<string, string>): JsonObject {
  const stored = isPlainObject(current) ? current : {}
  const env: JsonObject = {}
  for (const [key, value] of Object.entries(next)) {
    const old = Object.hasOwn(stored, key) ? stored[key] : undefined
    const kept = old !== undefined && (value === shownEnvValue(key, old) || value === old)
    Object.defineProperty(env, key, {
      value: kept ? old : value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  }
  return env
}

function plannedFields(input: unknown, requireName: boolean, record: JsonRecord | null): FieldChanges {
  const { name, command, args, env, enabled, transport, url } = readMcpPatch(input, requireName)
  const server = record ? (recordObject(record) ?? {}) : {}
  const shown = record ? view(record, server) : null
  const changes: FieldChanges = {}
  if (name !== undefined && name !== shown?.name) changes.name = name
  if (command !== undefined && command !== shown?.command) changes.command = command ?? undefined
  if (args !== undefined && JSON.stringify(args) !== JSON.stringify(shown?.args)) changes.args = args
  if (env !== undefined) {
    const planned = plannedEnv(server.env, env)
    if (JSON.stringify(planned) !== JSON.stringify(server.env ?? {})) changes.env = planned
  }
  if (enabled !== undefined && enabled !== shown?.enabled) changes.enabled = enabled
  if (transport !== undefined && transport !== shown?.transport) changes.transport = transport
  if (url !== undefined && url !== shown?.url) changes.url = url ?? undefined
  return changes
}

export class JsonMcpStore implements McpStore {
  constructor(private readonly doc: JsonDocument) {}

  async list(): Promise<McpServerView[]> {
    return this.servers().map(({ record, server }) => view(record, server))
  }

  async get(uid: string): Promise<McpServerView> {
    const { record, server } = this.find(uid)
    return view(record, server)
  }

  /** In a `mcpServers` map the server's name is its key (a name already taken gets a numbered suffix). */
  async create(input: McpServerInput): Promise<McpServerView> {
    const changes = plannedFields(input, true, null)
    const server: JsonObject = {}
    let mapKey: string | null = null
    if (this.doc.shape === 'map') {
      const name = changes.name as string
      const taken = new Set(this.doc.records.map((r) => r.mapKey))
      mapKey = name
      for (let n = 2; taken.has(mapKey); n++) mapKey = `${name} (${n})`
      delete changes.name
    } else {
      server.id = randomUUID()
      changes.args ??= []
      changes.env ??= {}
      if (!Object.hasOwn(changes, 'enabled')) changes.enabled = true
    }
    setFields(server, changes)
    const record: JsonRecord = { value: server, mapKey }
    this.doc.change(() => {
      this.doc.records.push(record)
      return { result: undefined, undo: () => this.doc.records.pop() }
    })
    return view(record, server)
  }

  /** Changes only the given fields; `env` replaces the whole env, a masked value coming back keeps the secret. */
  async update(uid: string, patch: Partial<McpServerInput>): Promise<McpServerView> {
    const { record, server } = this.find(uid)
    const changes = plannedFields(patch, false, record)
    if (record.mapKey !== null && Object.hasOwn(changes, 'name'))
      throw new UserError(
        'INVALID_INPUT',
        `MCP server "${record.mapKey}" is named by its key in ${this.doc.path}; rename it there, or create a new server.`
      )
    if (Object.keys(changes).length > 0)
      this.doc.change(() => {
        const before = setFields(server, changes)
        return { result: undefined, undo: () => restoreFields(server, before) }
      })
    return view(record, server)
  }

  setEnabled(uid: string, enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw new UserError('INVALID_INPUT', 'enabled must be true or false.')
    const { record, server } = this.find(uid)
    if (view(record, server).enabled === enabled) return
    this.doc.change(() => {
      const before = setFields(server, { enabled })
      return { result: undefined, undo: () => restoreFields(server, before) }
    })
  }

  /** Marks the server to start when the app opens (or not); the value it already has writes nothing. */
  setStartAtLaunch(uid: string, on: boolean): void {
    const { record, server } = this.find(uid)
    if (view(record, server).startAtLaunch === on) return
    this.doc.change(() => {
      const before = setFields(server, { [START_AT_LAUNCH_KEY]: on })
      return { result: undefined, undo: () => restoreFields(server, before) }
    })
  }

  async delete(uid: string): Promise<void> {
    const { position } = this.find(uid)
    this.doc.change(() => {
      const [removed] = this.doc.records.splice(position, 1)
      return { result: undefined, undo: () => this.doc.records.splice(position, 0, removed!) }
    })
  }

  private servers(): { record: JsonRecord; server: JsonObject; position: number }[] {
    const found: { record: JsonRecord; server: JsonObject; position: number }[] = []
    this.doc.records.forEach((record, position) => {
      const server = recordObject(record)
      if (server && (record.mapKey !== null || typeof server.id === 'string'))
        found.push({ record, server, position })
    })
    return found
  }

  private find(uid: string): { record: JsonRecord; server: JsonObject; position: number } {
    const id = requireId(uid, 'MCP server id')
    const found = this.servers().find(({ record, server }) => (record.mapKey ?? server.id) === id)
    if (!found) throw notFound('MCP server', uid)
    return found
  }
}
