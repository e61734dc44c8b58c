// Schema v10 on this branch only: an empty step holding version 10's place, which the agents schema takes when the
// branches are merged (this file is then dropped). Versions must run without gaps, and tool calls are version 11.
import type { SchemaMigration } from './schema-migration'

export const m0010Reserved: SchemaMigration = {
  version: 10,
  name: 'reserved',
  up: `SELECT 1;`,
  down: `SELECT 1;`
}
