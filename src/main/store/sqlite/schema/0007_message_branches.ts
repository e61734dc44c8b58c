// Schema v7: branches. A regenerated reply or an edited message is a sibling of the one it replaces: each message
// may name the message it follows (its parent), and the messages off the path the user sees are marked inactive
// with the stamp of the change that hid them, so switching back restores the path beneath as the user last saw it.
// Both columns are NULL for every migrated message (linear, each following the previous position, all shown).
import type { SchemaMigration } from './schema-migration'

export const m0007MessageBranches: SchemaMigration = {
  version: 7,
  name: 'message_branches',
  up: `
ALTER TABLE messages ADD COLUMN branch_parent INTEGER;      -- messages.id of the message it follows; 0: the first
ALTER TABLE messages ADD COLUMN inactive INTEGER;           -- NULL: on the active path; else the hiding change's stamp
CREATE INDEX messages_by_branch_parent ON messages(conversation_id, branch_parent) WHERE branch_parent IS NOT NULL;
CREATE INDEX messages_inactive ON messages(conversation_id, inactive) WHERE inactive IS NOT NULL;
`,
  down: `
DROP INDEX messages_inactive;
DROP INDEX messages_by_branch_parent;
ALTER TABLE messages DROP COLUMN inactive;
ALTER TABLE messages DROP COLUMN branch_parent;
`
}
