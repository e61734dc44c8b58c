// Schema v13: vectors kept as compact codes so search holds at a million messages. `chunk_vectors` becomes bit[512]
// (the signs of the rotated vector's first 512 values, searched by hamming distance, split in shards) and
// `chunk_codes` keeps each chunk's 6-bit code that the nearest candidates are re-ranked by (832 bytes a chunk
// instead of 4,096). The codes need the rotation computed in the app, so stored float vectors are not converted:
// every record is embedded again by the background pass (embeddings are derived data; a provider embedder's vectors
// are requested again). `down` restores the float table, empty, and the older app embeds again the same way. The
// triggers that drop a record's chunks now drop its vectors through the chunks, by id: v5's delete by subquery
// scanned every vector, once per deleted message.
import type { SchemaMigration } from './schema-migration'

/** v5's triggers (a version file imports no other): a record's vectors, then its chunks, dropped with it. The vector
 * delete names chunk ids through a subquery, which sqlite-vec answers by scanning the whole table. */
function v5Triggers(): string {
  const drop = (
    kind: string
  ): string => `DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM embedding_chunks WHERE owner_kind = '${kind}' AND owner_id = old.id);
  DELETE FROM embedding_chunks WHERE owner_kind = '${kind}' AND owner_id = old.id;`
  return triggers(drop)
}

/** v13's: a record drops its chunks; each chunk drops its vector and code by id (a point delete). */
function v13Triggers(): string {
  return `${triggers((kind) => `DELETE FROM embedding_chunks WHERE owner_kind = '${kind}' AND owner_id = old.id;`)}
CREATE TRIGGER embedding_chunk_vectors_delete AFTER DELETE ON embedding_chunks BEGIN
  DELETE FROM chunk_vectors WHERE chunk_id = old.id;
  DELETE FROM chunk_codes WHERE chunk_id = old.id;
END;`
}

function triggers(drop: (kind: string) => string): string {
  return `CREATE TRIGGER message_chunks_delete AFTER DELETE ON messages BEGIN
  ${drop('message')}
END;
CREATE TRIGGER message_chunks_update AFTER UPDATE OF content ON messages BEGIN
  ${drop('message')}
END;
CREATE TRIGGER knowledge_chunks_delete AFTER DELETE ON knowledge_items BEGIN
  ${drop('knowledge')}
END;
CREATE TRIGGER knowledge_chunks_update AFTER UPDATE OF title, content ON knowledge_items BEGIN
  ${drop('knowledge')}
END;`
}

const DROP_TRIGGERS = `DROP TRIGGER knowledge_chunks_update;
DROP TRIGGER knowledge_chunks_delete;
DROP TRIGGER message_chunks_update;
DROP TRIGGER message_chunks_delete;`

const FLOAT_TABLE = `CREATE VIRTUAL TABLE chunk_vectors USING vec0(
  chunk_id INTEGER PRIMARY KEY,
  embedder TEXT PARTITION KEY,
  embedding float[1024] distance_metric=cosine
);`

export const m0013QuantisedVectors: SchemaMigration = {
  version: 13,
  name: 'quantised_vectors',
  up: `
${DROP_TRIGGERS}
DROP TABLE chunk_vectors;
DELETE FROM embedding_chunks;
CREATE VIRTUAL TABLE chunk_vectors USING vec0(
  chunk_id INTEGER PRIMARY KEY,
  embedder TEXT PARTITION KEY,
  shard INTEGER PARTITION KEY,       -- chunk_id % 64: a search takes a few candidates from each
  embedding bit[512]
);
CREATE TABLE chunk_codes (
  chunk_id INTEGER PRIMARY KEY,      -- embedding_chunks.id
  code BLOB NOT NULL                 -- the rotated vector's 1,024 values in 6 bits (768 bytes)
);
${v13Triggers()}
`,
  down: `
${DROP_TRIGGERS}
DROP TRIGGER embedding_chunk_vectors_delete;
DROP TABLE chunk_codes;
DROP TABLE chunk_vectors;
DELETE FROM embedding_chunks;
${FLOAT_TABLE}
${v5Triggers()}
`
}
