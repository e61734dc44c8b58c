// Schema v1: conversations, messages, profiles, MCP servers, and the tables that keep legacy data lossless
// (unknown fields as JSON, quarantined records verbatim, keychain references, migration runs).
import type { SchemaMigration } from './schema-migration'

export const m0001Initial: SchemaMigration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per legacy file: its top-level shape and any top-level keys besides the record list.
CREATE TABLE legacy_documents (
  file TEXT PRIMARY KEY,
  shape TEXT NOT NULL,            -- 'object' | 'array' | 'map' | 'empty' | 'raw'
  list_key TEXT,                  -- key holding the records when shape is 'object' or 'map'
  top_extra TEXT NOT NULL DEFAULT '{}',
  raw TEXT                        -- the whole document when it could not be split into records
);

-- Columns hold the fields the app uses, when they have the expected type; "extra" holds every other field verbatim.
-- Timestamp columns hold the original value as JSON text; *_ms are parsed copies for sorting.
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  title TEXT,
  profile_id TEXT,
  created_at TEXT,
  updated_at TEXT,
  created_ms INTEGER,
  updated_ms INTEGER,
  sort_ms INTEGER NOT NULL DEFAULT 0,
  messages_shape TEXT NOT NULL DEFAULT 'array',   -- 'array' | 'absent' | 'extra' (kept verbatim in extra)
  message_count INTEGER NOT NULL DEFAULT 0,
  extra TEXT NOT NULL DEFAULT '{}',
  origin TEXT NOT NULL DEFAULT 'legacy',          -- 'legacy' | 'app'
  changed INTEGER NOT NULL DEFAULT 0              -- edited in the app after migration
);
CREATE INDEX conversations_by_recency ON conversations(sort_ms DESC, id DESC);
CREATE INDEX conversations_by_position ON conversations(position);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  uid TEXT,
  role TEXT,
  content TEXT,
  created_at TEXT,
  created_ms INTEGER,
  extra TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX messages_by_position ON messages(conversation_id, position);

CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  name TEXT,
  provider TEXT,
  model TEXT,
  base_url TEXT,
  is_default TEXT,                 -- the legacy is_default value as JSON text, when present
  extra TEXT NOT NULL DEFAULT '{}',
  origin TEXT NOT NULL DEFAULT 'legacy',
  changed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE mcp_servers (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  name TEXT,
  command TEXT,
  args TEXT,                       -- JSON array of strings
  env TEXT,                        -- JSON object, secret values removed (see secret_refs)
  enabled INTEGER,
  transport TEXT,
  url TEXT,
  extra TEXT NOT NULL DEFAULT '{}',
  origin TEXT NOT NULL DEFAULT 'legacy',
  changed INTEGER NOT NULL DEFAULT 0
);

-- Records that could not be used as they are, kept verbatim (secrets moved to the keychain) at their original place.
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  json_path TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  conversation_id INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  map_key TEXT,
  run_id TEXT
);
CREATE INDEX quarantine_by_place ON quarantine(file, conversation_id, position);

-- Where each secret lives: keychain account (service "personal-agent") and its place in the record.
CREATE TABLE secret_refs (
  account TEXT PRIMARY KEY,
  owner_kind TEXT NOT NULL,        -- 'profile' | 'mcp_server' | 'quarantine'
  owner_id INTEGER NOT NULL,
  json_pointer TEXT NOT NULL,
  run_id TEXT
);
CREATE INDEX secret_refs_by_owner ON secret_refs(owner_kind, owner_id);

-- Records deleted in the app after migration, so verification tells a user's choice from a loss.
CREATE TABLE deletions (
  kind TEXT NOT NULL,
  uid TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (kind, uid)
);

CREATE TABLE migration_runs (
  id TEXT PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  backup_id TEXT,
  report TEXT
);
`,
  down: `
DROP TABLE migration_runs;
DROP TABLE deletions;
DROP TABLE secret_refs;
DROP TABLE quarantine;
DROP TABLE mcp_servers;
DROP TABLE profiles;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE legacy_documents;
DROP TABLE meta;
`
}
