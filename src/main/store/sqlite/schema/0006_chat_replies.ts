// Schema v6: chat replies. An assistant message written while it streams carries its state (streaming, complete,
// stopped, error, interrupted), the model and profile it came from, why it ended, token usage and the error line; the
// writer's process id and a heartbeat let a later open tell a reply whose writer died from one still streaming.
// Every column is NULL for messages that are not chat replies (all migrated ones), so exports never see them.
import type { SchemaMigration } from './schema-migration'

export const m0006ChatReplies: SchemaMigration = {
  version: 6,
  name: 'chat_replies',
  up: `
ALTER TABLE messages ADD COLUMN reply_status TEXT;          -- 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted'
ALTER TABLE messages ADD COLUMN reply_model TEXT;
ALTER TABLE messages ADD COLUMN reply_profile_id TEXT;
ALTER TABLE messages ADD COLUMN finish_reason TEXT;
ALTER TABLE messages ADD COLUMN input_tokens INTEGER;
ALTER TABLE messages ADD COLUMN output_tokens INTEGER;
ALTER TABLE messages ADD COLUMN tokens_estimated INTEGER;   -- 1 when the provider gave no usage
ALTER TABLE messages ADD COLUMN reply_error TEXT;
ALTER TABLE messages ADD COLUMN writer_pid INTEGER;
ALTER TABLE messages ADD COLUMN heartbeat_ms INTEGER;
CREATE INDEX messages_streaming ON messages(reply_status) WHERE reply_status = 'streaming';
`,
  down: `
DROP INDEX messages_streaming;
ALTER TABLE messages DROP COLUMN heartbeat_ms;
ALTER TABLE messages DROP COLUMN writer_pid;
ALTER TABLE messages DROP COLUMN reply_error;
ALTER TABLE messages DROP COLUMN tokens_estimated;
ALTER TABLE messages DROP COLUMN output_tokens;
ALTER TABLE messages DROP COLUMN input_tokens;
ALTER TABLE messages DROP COLUMN finish_reason;
ALTER TABLE messages DROP COLUMN reply_profile_id;
ALTER TABLE messages DROP COLUMN reply_model;
ALTER TABLE messages DROP COLUMN reply_status;
`
}
