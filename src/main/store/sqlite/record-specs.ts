// Which legacy fields each table keeps in typed columns (see record-codec). Everything else stays in `extra`.
import type { FieldKind, FieldSpec } from '../../base/record-codec'

/** The legacy `id` of a record, kept in the `uid` column. */
const UID: FieldSpec = { key: 'id', column: 'uid', kind: 'text' }

/** Fields kept in columns of the same name, in this order: `{ title: 'text' }` → title in column title, as text. */
function sameName(kinds: Readonly<Record<string, FieldKind>>): FieldSpec[] {
  return Object.entries(kinds).map(([key, kind]) => ({ key, column: key, kind }))
}

export const CONVERSATION_FIELDS: readonly FieldSpec[] = [
  UID,
  ...sameName({ title: 'text', profile_id: 'text', created_at: 'json', updated_at: 'json' })
]

export const MESSAGE_FIELDS: readonly FieldSpec[] = [
  UID,
  ...sameName({ role: 'text', content: 'text', created_at: 'json' })
]

export const PROFILE_FIELDS: readonly FieldSpec[] = [
  UID,
  ...sameName({ name: 'text', provider: 'text', model: 'text', base_url: 'text', is_default: 'json' })
]

/** In a name→server map the name is the key, so `id` is only a column in list-shaped files. */
export const MCP_FIELDS: readonly FieldSpec[] = sameName({
  name: 'text',
  command: 'text',
  args: 'textList',
  env: 'json',
  enabled: 'bool',
  transport: 'text',
  url: 'text'
})
export const MCP_LIST_FIELDS: readonly FieldSpec[] = [UID, ...MCP_FIELDS]
