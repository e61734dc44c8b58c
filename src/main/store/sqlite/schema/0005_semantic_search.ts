// Schema v5: search by meaning. Messages and knowledge items are split into chunks; each chunk's embedding is a row
// of the sqlite-vec table chunk_vectors, partitioned by embedder so vectors of different embedders never mix.
// Triggers drop a record's chunks and vectors when it is deleted or its text changes (it is embedded again later),
// whichever path deletes it: the services, a cascade from its conversation, or the rollback of an import.
// Replaces v2's message_embeddings, which nothing wrote.
import type { SchemaMigration } from './schema-migration'

function dropChunksOf(kind: 'message' | 'knowledge'): string {
  return `DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM embedding_chunks WHERE owner_kind = '${kind}' AND owner_id = old.id);
  DELETE FROM embedding_chunks WHERE owner_kind = '${kind}' AND owner_id = old.id;`
}

export const m0005SemanticSearch: SchemaMigration = {
  version: 5,
  name: 'semantic_search',
  up: `
DROP TABLE message_embeddings;
CREATE TABLE embedding_chunks (
  id INTEGER PRIMARY KEY,
  owner_kind TEXT NOT NULL,          -- 'message' | 'knowledge'
  owner_id INTEGER NOT NULL,         -- messages.id or knowledge_items.id
  chunk_index INTEGER NOT NULL,
  start INTEGER NOT NULL,            -- the chunk's place in the text embedded
  end INTEGER NOT NULL,
  embedder TEXT NOT NULL,
  UNIQUE (embedder, owner_kind, owner_id, chunk_index)
);
CREATE INDEX embedding_chunks_by_owner ON embedding_chunks(owner_kind, owner_id);
CREATE VIRTUAL TABLE chunk_vectors USING vec0(
  chunk_id INTEGER PRIMARY KEY,
  embedder TEXT PARTITION KEY,
  embedding float[1024] distance_metric=cosine
);
CREATE TRIGGER message_chunks_delete AFTER DELETE ON messages BEGIN
  ${dropChunksOf('message')}
END;
CREATE TRIGGER message_chunks_update AFTER UPDATE OF content ON messages BEGIN
  ${dropChunksOf('message')}
END;
CREATE TRIGGER knowledge_chunks_delete AFTER DELETE ON knowledge_items BEGIN
  ${dropChunksOf('knowledge')}
END;
CREATE TRIGGER knowledge_chunks_update AFTER UPDATE OF title, content ON knowledge_items BEGIN
  ${dropChunksOf('knowledge')}
END;
`,
  down: `
DROP TRIGGER knowledge_chunks_update;
DROP TRIGGER knowledge_chunks_delete;
DROP TRIGGER message_chunks_update;
DROP TRIGGER message_chunks_delete;
DROP TABLE chunk_vectors;
DROP TABLE embedding_chunks;
CREATE VIRTUAL TABLE message_embeddings USING vec0(message_id INTEGER PRIMARY KEY, embedding float[384]);
`
}
