// What each key of a web-version localStorage export holds, and which tenant (workspace) it belongs to.
import { WEB_AUTH_TOKEN_KEY } from '../../../shared/secret-policy'
import type { DumpEntry } from './dump-file'

export type KeyKind = 'agents' | 'profiles' | 'mcp' | 'session' | 'preference' | 'auth-token' | 'unknown'

export interface ClassifiedKey {
  entry: DumpEntry
  kind: KeyKind
  /** The tenant the key names, or null for a global key (and for sessions until resolved). */
  tenant: string | null
}

const TENANT_KEYS: [RegExp, KeyKind][] = [
  [/^ai_agents_(.+)$/, 'agents'],
  [/^user_llm_configs_(.+)$/, 'profiles'],
  [/^tenant_mcp_servers_(.+)$/, 'mcp'],
  [/^ui_preferences_(.+)$/, 'preference'],
  [/^.+_(?:preferences|settings)_(.+)$/, 'preference']
]

export function classify(entry: DumpEntry): ClassifiedKey {
  const { key } = entry
  if (key === WEB_AUTH_TOKEN_KEY) return { entry, kind: 'auth-token', tenant: null }
  if (key === 'theme' || key === 'current_tenant_id' || /_(?:preferences|settings)$/.test(key))
    return { entry, kind: 'preference', tenant: null }
  if (key.startsWith('chat_session_')) return { entry, kind: 'session', tenant: null }
  for (const [pattern, kind] of TENANT_KEYS) {
    const match = pattern.exec(key)
    if (match) return { entry, kind, tenant: match[1]! }
  }
  return { entry, kind: 'unknown', tenant: null }
}

export const UNKNOWN_TENANT = 'unknown-tenant'

/**
 * A session's tenant: the one its value names (tenantId / tenant_id / tenant), else the one its key names
 * (`chat_session_<tenant>_global`), else the current tenant of the export, else "unknown-tenant".
 */
export function sessionTenant(
  entry: DumpEntry,
  tenants: ReadonlySet<string>,
  current: string | null
): string {
  const value = entry.value
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const field of ['tenantId', 'tenant_id', 'tenant']) {
      const named = value[field]
      if (typeof named === 'string' && named !== '') return named
    }
  }
  const global = /^chat_session_(.+)_global$/.exec(entry.key)
  if (global && tenants.has(global[1]!)) return global[1]!
  return current ?? UNKNOWN_TENANT
}
