// The checked input of a profile or MCP server form (create, or a patch of some fields), a new conversation, a new
// message and a title, the same for every backend: checked against the IPC contract's own schemas (one
// rule set), then made well-formed for SQLite text.
import {
  AGENT_INPUT,
  AGENT_PATCH,
  CONVERSATION_TITLE,
  MCP_INPUT,
  MCP_PATCH,
  NEW_CONVERSATION,
  NEW_MESSAGE,
  PROFILE_INPUT,
  PROFILE_PATCH
} from '../../shared/ipc'
import { checkInput } from '../../shared/ipc-schema'
import type { McpServerInput, ProfileInput } from '../../shared/types'
import type { AgentInput } from '../../shared/agent-types'

/** The fields of a profile form; a patch may leave any of them out. */
export type ProfilePatch = Partial<ProfileInput>

/** The fields of an MCP server form; a patch may leave any of them out. */
export type McpPatch = Partial<McpServerInput>

/** Sets a property even when the key is `__proto__`, so the copy has exactly the keys of the form. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Every string of a checked form (keys of its maps too) made well-formed: SQLite text cannot hold lone surrogates. */
function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return value.toWellFormed() as T
  if (Array.isArray(value)) return value.map(wellFormed) as T
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) setOwn(out, key.toWellFormed(), wellFormed(item))
  return out as T
}

/** `requireAll`: a new profile needs name, provider and model; a patch may leave any field out. */
export function readProfilePatch(input: unknown, requireAll: boolean): ProfilePatch {
  return wellFormed(checkInput('The profile', requireAll ? PROFILE_INPUT : PROFILE_PATCH, input))
}

/** `requireName`: a new server needs a name; a patch may leave any field out. */
export function readMcpPatch(input: unknown, requireName: boolean): McpPatch {
  return wellFormed(checkInput('The MCP server', requireName ? MCP_INPUT : MCP_PATCH, input))
}

/** A new conversation: a title and, optionally, its profile and its agent. */
export function readNewConversation(input: unknown): {
  title: string
  profileId: string | null
  agentId: string | null
} {
  const { title, profileId, agentId } = wellFormed(
    checkInput('The new conversation', NEW_CONVERSATION, input)
  )
  return { title, profileId: profileId ?? null, agentId: agentId ?? null }
}

/** `requireAll`: a new agent needs a name; a patch may leave any field out. */
export function readAgentPatch(input: unknown, requireAll: boolean): Partial<AgentInput> {
  return wellFormed(checkInput('The agent', requireAll ? AGENT_INPUT : AGENT_PATCH, input))
}

/** A new message: its role and its text. */
export function readNewMessage(input: unknown): { role: string; content: string } {
  return wellFormed(checkInput('The new message', NEW_MESSAGE, input))
}

export function readTitle(title: unknown): string {
  return wellFormed(checkInput('The title', CONVERSATION_TITLE, title))
}
