// Agents: a name, a system prompt, the profile they talk through and the MCP servers (and tools of them) they may
// use, in the agents and agent_mcp_servers tables (imported web-version agents live there too, their web record kept
// whole in `extra`, its secrets lifted to the keychain on import). Deleting one leaves its conversations, which forget
// it, and forgets its keychain entries.
import { randomUUID } from 'node:crypto'
import type { AgentInput, AgentServerInput, AgentView } from '../../../shared/agent-types'
import { UserError } from '../../../shared/errors'
import type { AgentStore } from '../store'
import type { Db } from './database'
import { mutate, stmt } from './store-changes'
import type { SecretStore } from '../../secrets/secret-store'
import { dropRefs, forgetSecrets } from './secret-refs'
import { notFound, requireId } from '../store-input'
import { readAgentPatch } from '../record-input'

const NOT_FOUND_LABEL = 'Agent'

interface AgentRow {
  id: number
  uid: string
  name: string
  system_prompt: string | null
  profile_uid: string | null
  profile_name: string | null
  workspace: string | null
  conversation_count: number
  created_at: string | null
  updated_at: string | null
}

interface ServerRow {
  uid: string
  name: string | null
  tool_names: string | null
}

const AGENT_SELECT = `SELECT g.id, g.uid, g.name, g.system_prompt, p.uid AS profile_uid, p.name AS profile_name,
    w.name AS workspace, g.created_at, g.updated_at,
    (SELECT COUNT(*) FROM conversations c WHERE c.agent_id = g.id) AS conversation_count
  FROM agents g LEFT JOIN profiles p ON p.id = g.profile_id LEFT JOIN workspaces w ON w.id = g.workspace_id`

/** The row id of an agent and its profile's id, for a conversation started with it; NOT_FOUND when it is gone. */
export function agentOf(db: Db, uid: string): { id: number; profileUid: string | null } {
  const row = stmt(
    db,
    'SELECT g.id, p.uid AS profile_uid FROM agents g LEFT JOIN profiles p ON p.id = g.profile_id WHERE g.uid = ?'
  ).get(requireId(uid, 'Agent id')) as { id: number; profile_uid: string | null } | undefined
  if (!row) throw notFound(NOT_FOUND_LABEL, uid)
  return { id: row.id, profileUid: row.profile_uid }
}

function toolNames(text: string | null): string[] | null {
  if (text === null) return null
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : null
}

/** A name for a copy that no other agent has: "X (copy)", else "X (copy 2)", … */
function copyName(db: Db, name: string): string {
  const taken = new Set(
    (stmt(db, 'SELECT name FROM agents').all() as { name: string }[]).map((row) => row.name)
  )
  for (let n = 1; ; n++) {
    const candidate = `${name} (copy${n === 1 ? '' : ` ${n}`})`
    if (!taken.has(candidate)) return candidate
  }
}

export class SqliteAgents implements AgentStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore
  ) {}

  async list(): Promise<AgentView[]> {
    const rows = stmt(this.db, `${AGENT_SELECT} ORDER BY g.id`).all() as AgentRow[]
    return rows.map((row) => this.view(row))
  }

  async get(uid: string): Promise<AgentView> {
    return this.view(this.row(uid))
  }

  async create(input: AgentInput): Promise<AgentView> {
    const form = readAgentPatch(input, true)
    const name = form.name!
    const profileId = form.profileId ? this.profileRowId(name, form.profileId) : null
    const servers = this.serverRows(name, form.servers ?? [])
    const uid = randomUUID()
    const now = new Date().toISOString()
    mutate(this.db, () => {
      const result = stmt(
        this.db,
        `INSERT INTO agents(uid, workspace_id, name, system_prompt, profile_id, extra, created_at, updated_at)
         VALUES (?, NULL, ?, ?, ?, '{}', ?, ?)`
      ).run(uid, name, form.systemPrompt ?? null, profileId, now, now)
      this.writeServers(Number(result.lastInsertRowid), servers)
    })
    return this.get(uid)
  }

  async update(uid: string, patchInput: Partial<AgentInput>): Promise<AgentView> {
    const patch = readAgentPatch(patchInput, false)
    const row = this.row(uid)
    const name = patch.name ?? row.name
    const sets: string[] = []
    const values: (string | number | null)[] = []
    if (patch.name !== undefined) {
      sets.push('name = ?')
      values.push(patch.name)
    }
    if (patch.systemPrompt !== undefined) {
      sets.push('system_prompt = ?')
      values.push(patch.systemPrompt)
    }
    if (patch.profileId !== undefined) {
      sets.push('profile_id = ?')
      values.push(patch.profileId ? this.profileRowId(name, patch.profileId) : null)
    }
    const servers = patch.servers === undefined ? null : this.serverRows(name, patch.servers)
    if (sets.length === 0 && servers === null) return this.view(row)
    mutate(this.db, () => {
      sets.push('updated_at = ?')
      values.push(new Date().toISOString())
      stmt(this.db, `UPDATE agents SET ${sets.join(', ')} WHERE id = ?`).run(...values, row.id)
      if (servers !== null) {
        stmt(this.db, 'DELETE FROM agent_mcp_servers WHERE agent_id = ?').run(row.id)
        this.writeServers(row.id, servers)
      }
    })
    return this.get(uid)
  }

  async duplicate(uid: string): Promise<AgentView> {
    const row = this.row(uid)
    const copy = randomUUID()
    const now = new Date().toISOString()
    mutate(this.db, () => {
      const result = stmt(
        this.db,
        `INSERT INTO agents(uid, workspace_id, name, system_prompt, profile_id, extra, created_at, updated_at)
         SELECT ?, workspace_id, ?, system_prompt, profile_id, '{}', ?, ? FROM agents WHERE id = ?`
      ).run(copy, copyName(this.db, row.name), now, now, row.id)
      stmt(
        this.db,
        `INSERT INTO agent_mcp_servers(agent_id, mcp_server_id, tool_names)
         SELECT ?, mcp_server_id, tool_names FROM agent_mcp_servers WHERE agent_id = ?`
      ).run(Number(result.lastInsertRowid), row.id)
    })
    return this.get(copy)
  }

  /** Deletes the agent and its server links; its conversations stay, their agent set to none. */
  async delete(uid: string): Promise<void> {
    const row = this.row(uid)
    const accounts = mutate(this.db, () => {
      const dropped = dropRefs(this.db, 'agent', row.id)
      stmt(this.db, 'DELETE FROM agents WHERE id = ?').run(row.id)
      return dropped
    })
    await forgetSecrets(this.secrets, accounts)
  }

  private writeServers(agentId: number, servers: readonly { id: number; toolNames: string | null }[]): void {
    for (const server of servers)
      stmt(
        this.db,
        'INSERT OR REPLACE INTO agent_mcp_servers(agent_id, mcp_server_id, tool_names) VALUES (?, ?, ?)'
      ).run(agentId, server.id, server.toolNames)
  }

  /** The profile's row id; an unknown one is refused naming the agent and the fix. */
  private profileRowId(agentName: string, profileUid: string): number {
    const row = stmt(this.db, 'SELECT id FROM profiles WHERE uid = ?').get(profileUid) as
      { id: number } | undefined
    if (!row)
      throw new UserError(
        'NOT_FOUND',
        `Agent "${agentName}": profile ${profileUid} was not found. Choose one of the profiles in Profiles.`
      )
    return row.id
  }

  /** The servers' row ids with their tool lists (JSON text, null: every tool); an unknown server is refused. */
  private serverRows(
    agentName: string,
    servers: readonly AgentServerInput[]
  ): { id: number; toolNames: string | null }[] {
    return servers.map((server) => {
      const row = stmt(this.db, 'SELECT id FROM mcp_servers WHERE uid = ?').get(server.id) as
        { id: number } | undefined
      if (!row)
        throw new UserError(
          'NOT_FOUND',
          `Agent "${agentName}": MCP server ${server.id} was not found. Choose among the servers in MCP servers.`
        )
      const tools = server.toolNames == null ? null : JSON.stringify([...new Set(server.toolNames)])
      return { id: row.id, toolNames: tools }
    })
  }

  private view(row: AgentRow): AgentView {
    const servers = stmt(
      this.db,
      `SELECT s.uid, s.name, l.tool_names FROM agent_mcp_servers l JOIN mcp_servers s ON s.id = l.mcp_server_id
       WHERE l.agent_id = ? ORDER BY s.position, s.id`
    ).all(row.id) as ServerRow[]
    return {
      id: row.uid,
      name: row.name,
      systemPrompt: row.system_prompt ?? '',
      profileId: row.profile_uid,
      profileName: row.profile_uid === null ? null : (row.profile_name ?? ''),
      servers: servers.map((server) => ({
        id: server.uid,
        // A server from a name→map file is named by its key, which is its uid.
        name: server.name ?? server.uid,
        toolNames: toolNames(server.tool_names)
      })),
      workspace: row.workspace,
      conversationCount: row.conversation_count,
      createdAt: row.created_at,
      updatedAt: row.updated_at
    }
  }

  private row(uid: string): AgentRow {
    const row = stmt(this.db, `${AGENT_SELECT} WHERE g.uid = ?`).get(requireId(uid, 'Agent id')) as
      AgentRow | undefined
    if (!row) throw notFound(NOT_FOUND_LABEL, uid)
    return row
  }
}
