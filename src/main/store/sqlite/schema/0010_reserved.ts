// Schema v10 on this branch only: an empty step holding the place of the version another branch adds in parallel,
// so that 0012 runs here. At merge the other branch's 0010_*.ts replaces this file (delete it, and its line in
// index.ts).
import type { SchemaMigration } from './schema-migration'

export const m0010Reserved: SchemaMigration = {
  version: 10,
  name: 'reserved',
  up: `
-- nothing: the place of another branch's schema v10
`,
  down: '-- nothing'
}
