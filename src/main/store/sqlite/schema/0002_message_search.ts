// Schema v2: full-text index over message contents (FTS5, kept in step by triggers) and a sqlite-vec table for
// message embeddings, ready for semantic search.
import type { SchemaMigration } from './schema-migration'

/** The triggers that keep messages_fts in step with messages (a bulk load drops them and indexes once at the end). */
export const MESSAGES_FTS_TRIGGERS = `CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;`

export const DROP_MESSAGES_FTS_TRIGGERS = `DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_insert;`

export const m0002MessageSearch: SchemaMigration = {
  version: 2,
  name: 'message_search',
  up: `
CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
${MESSAGES_FTS_TRIGGERS}
CREATE VIRTUAL TABLE message_embeddings USING vec0(message_id INTEGER PRIMARY KEY, embedding float[384]);
`,
  down: `
DROP TABLE message_embeddings;
${DROP_MESSAGES_FTS_TRIGGERS}
DROP TABLE messages_fts;
`
}
