// Schema v7 is reserved for message branches; until that step lands here it changes nothing.
import type { SchemaMigration } from './schema-migration'

export const m0007Reserved: SchemaMigration = {
  version: 7,
  name: 'reserved',
  up: 'SELECT 1;',
  down: 'SELECT 1;'
}
