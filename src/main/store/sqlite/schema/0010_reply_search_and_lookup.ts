// Schema v10: chat replies written cheaply. A reply enters the full-text index once, when it stops streaming, not
// each time its growing text is written (every 500 ms, which re-tokenised the old and the new text: up to 90 ms a
// write for a long reply). A message is in messages_fts exactly when its reply_status is not 'streaming' (NULL for
// every non-reply), so a reply is found once it is complete, stopped, failed or interrupted; replies streaming now
// leave the index here, and whatever builds the index again must keep to it (bulk-load.ts does). And a reply is
// found by its id through an index of replies alone (the writes of a reply scanned every message: 3 ms a write at
// 10,000 messages); migrated messages, which are no replies, stay out of it.
import type { SchemaMigration } from './schema-migration'

const DROP_TRIGGERS = `DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_insert;`

/** Version 2's triggers, which index every write of a message (a version file imports no other). */
const V2_TRIGGERS = `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;`

export const m0010ReplySearchAndLookup: SchemaMigration = {
  version: 10,
  name: 'reply_search_and_lookup',
  up: `
${DROP_TRIGGERS}
INSERT INTO messages_fts(messages_fts, rowid, content)
  SELECT 'delete', id, content FROM messages WHERE reply_status = 'streaming';
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.reply_status IS NOT 'streaming' BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.reply_status IS NOT 'streaming' BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, reply_status ON messages
  WHEN (old.reply_status IS NOT 'streaming' OR new.reply_status IS NOT 'streaming')
    AND (old.reply_status IS 'streaming' OR new.reply_status IS 'streaming' OR old.content IS NOT new.content)
BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content)
    SELECT 'delete', old.id, old.content WHERE old.reply_status IS NOT 'streaming';
  INSERT INTO messages_fts(rowid, content) SELECT new.id, new.content WHERE new.reply_status IS NOT 'streaming';
END;
CREATE INDEX messages_reply_by_uid ON messages(uid) WHERE reply_status IS NOT NULL;
`,
  down: `
DROP INDEX messages_reply_by_uid;
${DROP_TRIGGERS}
INSERT INTO messages_fts(rowid, content) SELECT id, content FROM messages WHERE reply_status = 'streaming';
${V2_TRIGGERS}
`
}
