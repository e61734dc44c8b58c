// Which legacy fields each table keeps in typed columns (see record-codec). Everything else stays in `extra`.
import type { FieldSpec } from '../../base/record-codec'

export const CONVERSATION_FIELDS: readonly FieldSpec[] = [
  { key: 'id', column: 'uid', kind: 'text' },
  { key: 'title', column: 'title', kind: 'text' },
  { key: 'profile_id', column: 'profile_id', kind: 'text' },
  { key: 'created_at', column: 'created_at', kind: 'json' },
  { key: 'updated_at', column: 'updated_at', kind: 'json' }
]

export const MESSAGE_FIELDS: readonly FieldSpec[] = [
  { key: 'id', column: 'uid', kind: 'text' },
  { key: 'role', column: 'role', kind: 'text' },
  { key: 'content', column: 'content', kind: 'text' },
  { key: 'created_at', column: 'created_at', kind: 'json' }
]

export const PROFILE_FIELDS: readonly FieldSpec[] = [
  { key: 'id', column: 'uid', kind: 'text' },
  { key: 'name', column: 'name', kind: 'text' },
  { key: 'provider', column: 'provider', kind: 'text' },
  { key: 'model', column: 'model', kind: 'text' },
  { key: 'base_url', column: 'base_url', kind: 'text' },
  { key: 'is_default', column: 'is_default', kind: 'json' }
]

/** In a name→server map the name is the key, so `id` is only a column in list-shaped files. */
export const MCP_FIELDS: readonly FieldSpec[] = [
  { key: 'name', column: 'name', kind: 'text' },
  { key: 'command', column: 'command', kind: 'text' },
  { key: 'args', column: 'args', kind: 'textList' },
  { key: 'env', column: 'env', kind: 'json' },
  { key: 'enabled', column: 'enabled', kind: 'bool' },
  { key: 'transport', column: 'transport', kind: 'text' },
  { key: 'url', column: 'url', kind: 'text' }
]
export const MCP_LIST_FIELDS: readonly FieldSpec[] = [
  { key: 'id', column: 'uid', kind: 'text' },
  ...MCP_FIELDS
]
