// Schema v9: prompt caching and automatic titles. A chat reply keeps the cached input tokens the provider read
// (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`) and wrote (Anthropic `cache_creation_input_tokens`);
// both are NULL for messages that are not chat replies, so exports never see them. A conversation the app created
// with no title of its own is marked as awaiting the title its first exchange gives it (NULL for migrated ones).
import type { SchemaMigration } from './schema-migration'

export const m0009ReplyCacheTokens: SchemaMigration = {
  version: 9,
  name: 'reply_cache_tokens',
  up: `
ALTER TABLE messages ADD COLUMN cached_input_tokens INTEGER;
ALTER TABLE messages ADD COLUMN cache_write_tokens INTEGER;
ALTER TABLE conversations ADD COLUMN title_pending INTEGER;   -- 1 until the first exchange titles it
UPDATE conversations SET title_pending = 1
  WHERE origin = 'app' AND message_count = 0 AND (title IS NULL OR trim(title) = '' OR title = 'New conversation');
`,
  down: `
ALTER TABLE conversations DROP COLUMN title_pending;
ALTER TABLE messages DROP COLUMN cache_write_tokens;
ALTER TABLE messages DROP COLUMN cached_input_tokens;
`
}
