// The checked input of a profile or MCP server form (create, or a patch of some fields), the same for every backend.
import type { McpServerInput, ProfileInput } from '../../shared/types'
import {
  optionalBoolean,
  optionalNullableString,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requireObject,
  requireString
} from './store-input'

/** The fields of a profile form; a patch may leave any of them out. */
export type ProfilePatch = Partial<ProfileInput>

/** `requireAll`: a new profile needs name, provider and model; a patch may leave any field out. */
export function readProfilePatch(input: unknown, requireAll: boolean): ProfilePatch {
  const fields = requireObject(input, 'The profile')
  const read = (name: string): string | undefined =>
    requireAll ? requireString(fields[name], name) : optionalString(fields[name], name)
  return {
    name: read('name'),
    provider: read('provider'),
    model: read('model'),
    baseUrl: optionalNullableString(fields.baseUrl, 'baseUrl'),
    apiKey: optionalString(fields.apiKey, 'apiKey')
  }
}

/** The fields of an MCP server form; a patch may leave any of them out. */
export type McpPatch = Partial<McpServerInput>

/** `requireName`: a new server needs a name; a patch may leave any field out. */
export function readMcpPatch(input: unknown, requireName: boolean): McpPatch {
  const fields = requireObject(input, 'The MCP server')
  return {
    name: requireName ? requireString(fields.name, 'name') : optionalString(fields.name, 'name'),
    command: optionalNullableString(fields.command, 'command'),
    args: optionalStringList(fields.args, 'args'),
    env: optionalStringMap(fields.env, 'env'),
    enabled: optionalBoolean(fields.enabled, 'enabled'),
    transport: optionalString(fields.transport, 'transport'),
    url: optionalNullableString(fields.url, 'url')
  }
}
