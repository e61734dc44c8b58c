// Schema v8: summaries of a conversation's older messages, sent in their place when the history no longer fits the
// model's context window. Each names the last message it covers and the profile and model that wrote it; the
// messages themselves are never changed. Deleting the conversation deletes its summaries.
import type { SchemaMigration } from './schema-migration'

export const m0008ConversationSummaries: SchemaMigration = {
  version: 8,
  name: 'conversation_summaries',
  up: `
CREATE TABLE conversation_summaries (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  through_message_id TEXT NOT NULL,   -- the id (as the app shows it) of the last message the summary covers
  text TEXT NOT NULL,
  profile_id TEXT,
  model TEXT,
  created_at TEXT NOT NULL            -- ISO 8601
);
CREATE INDEX conversation_summaries_by_conversation ON conversation_summaries(conversation_id, id);
`,
  down: `
DROP INDEX conversation_summaries_by_conversation;
DROP TABLE conversation_summaries;
`
}
