// Schema v3: which legacy file each conversation came from, for histories kept one file per conversation
// (conversations/<id>.json) or per workspace (sessions/<hash>.json). NULL means conversations.json (and every
// conversation created in the app); `position` is then the conversation's place in its own file.
import type { SchemaMigration } from './schema-migration'

export const m0003ConversationSourceFiles: SchemaMigration = {
  version: 3,
  name: 'conversation_source_files',
  up: `
ALTER TABLE conversations ADD COLUMN source_file TEXT;
CREATE INDEX conversations_by_source ON conversations(source_file, position);
`,
  down: `
DROP INDEX conversations_by_source;
ALTER TABLE conversations DROP COLUMN source_file;
`
}
