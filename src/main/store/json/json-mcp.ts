// The json backend's MCP servers: `mcp_config.json` as a `servers` list or a `mcpServers` or `servers` map, env
// values and headers in plain text there as the old app keeps them (secret-looking ones only ever shown masked), and
// timeouts as fields of the record.
import { START_AT_LAUNCH_KEY, startsAtLaunch } from '../mcp-start-at-launch'
import { randomUUID } from 'node:crypto'
import { UserError } from '../../../shared/errors'
import type { McpServerInput, McpServerView } from '../../../shared/types'
import { isSecretEnvName, isSecretHeaderName, maskSecret } from '../../../shared/secret-policy'
import { recordTimeouts, timeoutChanges } from '../mcp-record-timeouts'
import { readMcpPatch } from '../record-input'
import { notFound, requireId } from '../store-input'
import { isPlainObject, type JsonObject, type JsonValue } from '../../base/record-codec'
import type { McpStore } from '../store'
import { recordObject, type JsonDocument, type JsonRecord } from './json-document'
import { restoreFields, setFields, type FieldChanges } from './json-fields'
import { shownUrl, typedUrl } from './json-urls'

const DEFAULT_TRANSPORT = 'stdio'

/** A name→value map of the record: its env or its headers, with the rule that says which names are secret. */
interface Section {
  field: 'env' | 'headers'
  isSecret: (name: string) => boolean
}

const ENV: Section = { field: 'env', isSecret: isSecretEnvName }
const HEADERS: Section = { field: 'headers', isSecret: isSecretHeaderName }

/** How a value is shown: strings as they are (masked under a secret-looking name), others as JSON text. */
function shownMapValue(section: Section, key: string, value: JsonValue): string {
  if (typeof value !== 'string') return JSON.stringify(value)
  return section.isSecret(key) && value !== '' ? maskSecret(value) : value
}

function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** The map as the view shows it, and its secret names. */
function shownMap(
  section: Section,
  server: JsonObject
): { map: Record<string, string>; secretKeys: string[] } {
  const map: Record<string, string> = {}
  const secretKeys: string[] = []
  const stored = server[section.field]
  if (isPlainObject(stored))
    for (const [key, value] of Object.entries(stored)) {
      setOwn(map, key, shownMapValue(section, key, value))
      if (section.isSecret(key) && typeof value === 'string' && value !== '') secretKeys.push(key)
    }
  return { map, secretKeys }
}

function view(record: JsonRecord, server: JsonObject): McpServerView {
  const env = shownMap(ENV, server)
  const headers = shownMap(HEADERS, server)
  const args = Array.isArray(server.args) ? server.args : []
  return {
    id: record.mapKey ?? (server.id as string),
    name: typeof server.name === 'string' ? server.name : (record.mapKey ?? ''),
    command: typeof server.command === 'string' ? server.command : null,
    args: args.filter((a): a is string => typeof a === 'string'),
    env: env.map,
    secretEnvKeys: env.secretKeys,
    enabled: server.enabled !== false,
    transport: typeof server.transport === 'string' ? server.transport : DEFAULT_TRANSPORT,
    url: shownUrl(server.url),
    startAtLaunch: startsAtLaunch(server),
    headers: headers.map,
    secretHeaderKeys: headers.secretKeys,
    timeouts: recordTimeouts(server)
  }
}

/**
 * The field change for a whole new env or header set (none when it stays as it is): a value equal to what the view
 * shows (a masked secret too) keeps the stored value.
 */
function plannedMap(
  section: Section,
  server: JsonObject,
  next: Record<string, string>,
  changes: FieldChanges
): void {
  const current = server[section.field]
  const stored = isPlainObject(current) ? current : {}
  const map: JsonObject = {}
  for (const [key, value] of Object.entries(next)) {
    const old = Object.hasOwn(stored, key) ? stored[key] : undefined
    const kept = old !== undefined && (value === shownMapValue(section, key, old) || value === old)
    setOwn(map, key, kept ? old! : value)
  }
  if (JSON.stringify(map) !== JSON.stringify(current ?? {})) changes[section.field] = map
}

function plannedFields(input: unknown, requireName: boolean, record: JsonRecord | null): FieldChanges {
  const { name, command, args, env, enabled, transport, url, headers, timeouts } = readMcpPatch(
    input,
    requireName
  )
  const server = record ? (recordObject(record) ?? {}) : {}
  const shown = record ? view(record, server) : null
  const changes: FieldChanges = { ...timeoutChanges(server, timeouts) }
  if (name !== undefined && name !== shown?.name) changes.name = name
  if (command !== undefined && command !== shown?.command) changes.command = command ?? undefined
  if (args !== undefined && JSON.stringify(args) !== JSON.stringify(shown?.args)) changes.args = args
  if (env !== undefined) plannedMap(ENV, server, env, changes)
  if (headers !== undefined) plannedMap(HEADERS, server, headers, changes)
  if (enabled !== undefined && enabled !== shown?.enabled) changes.enabled = enabled
  if (transport !== undefined && transport !== shown?.transport) changes.transport = transport
  const edited = typedUrl(url, server.url)
  if (edited !== undefined) changes.url = edited ?? undefined
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

  /**
   * Changes only the given fields; `env` (or `headers`) replaces the whole map, a masked value coming back keeps the
   * secret; `timeouts` changes the timeouts it gives.
   */
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
