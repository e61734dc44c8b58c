// Schema v4: what users bring from elsewhere. Workspaces (a web-version tenant each), agents and preferences, knowledge
// items (notes and documents from a folder import) with their full-text index, a full-text index over conversation
// titles, and the records of every import run: its items, integrity checks, legacy-id mappings and backups.
import type { SchemaMigration } from './schema-migration'

export const m0004ImportsAndKnowledge: SchemaMigration = {
  version: 4,
  name: 'imports_and_knowledge',
  up: `
-- A separate space of agents, profiles, MCP servers, conversations and preferences. NULL workspace_id everywhere
-- means the user's own space; imported web-version tenants each get one, so their data never mixes.
CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  source TEXT NOT NULL UNIQUE,      -- where it came from, e.g. 'localstorage:<tenant>'
  created_at TEXT NOT NULL
);
ALTER TABLE conversations ADD COLUMN workspace_id INTEGER REFERENCES workspaces(id);
ALTER TABLE profiles ADD COLUMN workspace_id INTEGER REFERENCES workspaces(id);
ALTER TABLE mcp_servers ADD COLUMN workspace_id INTEGER REFERENCES workspaces(id);
-- Where an imported MCP server came from (e.g. 'claude-desktop:/home/me/.config/Claude/claude_desktop_config.json').
ALTER TABLE mcp_servers ADD COLUMN source TEXT;
CREATE INDEX conversations_by_workspace ON conversations(workspace_id);

-- An agent: a name, a system prompt, the profile it talks through and the MCP servers it may use.
CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  workspace_id INTEGER REFERENCES workspaces(id),
  name TEXT NOT NULL,
  system_prompt TEXT,
  profile_id INTEGER REFERENCES profiles(id) ON DELETE SET NULL,
  extra TEXT NOT NULL DEFAULT '{}',
  created_at TEXT,
  updated_at TEXT
);
CREATE TABLE agent_mcp_servers (
  agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
  mcp_server_id INTEGER NOT NULL REFERENCES mcp_servers(id) ON DELETE CASCADE,
  PRIMARY KEY (agent_id, mcp_server_id)
);

-- User preferences, per workspace (NULL: the user's own); value is JSON text.
CREATE TABLE preferences (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER REFERENCES workspaces(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX preferences_by_key ON preferences(COALESCE(workspace_id, 0), key);

-- Notes and documents imported from a folder (or created later): the body is kept as written (Markdown stays Markdown).
CREATE TABLE knowledge_items (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  workspace_id INTEGER REFERENCES workspaces(id),
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  format TEXT NOT NULL,             -- 'json' | 'markdown' | 'text' | 'csv'
  url TEXT,
  type TEXT,
  category TEXT,
  tags TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at TEXT,                  -- as the source gave it, else the file's time
  updated_at TEXT,
  source_path TEXT,                 -- absolute path of the file it came from
  source_key TEXT,                  -- its place in that file: an id, an array index or a CSV row
  content_hash TEXT NOT NULL,       -- sha256 of the item as parsed
  imported_at TEXT NOT NULL
);
CREATE INDEX knowledge_by_source ON knowledge_items(source_path, source_key);
CREATE INDEX knowledge_by_hash ON knowledge_items(content_hash);

CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, content, content='knowledge_items', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_items BEGIN
  INSERT INTO knowledge_fts(rowid, title, content) VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_items BEGIN
  INSERT INTO knowledge_fts(knowledge_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;
CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF title, content ON knowledge_items BEGIN
  INSERT INTO knowledge_fts(knowledge_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO knowledge_fts(rowid, title, content) VALUES (new.id, new.title, new.content);
END;

CREATE VIRTUAL TABLE conversation_titles_fts USING fts5(title, content='conversations', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO conversation_titles_fts(conversation_titles_fts) VALUES ('rebuild');
CREATE TRIGGER conversation_titles_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversation_titles_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER conversation_titles_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversation_titles_fts(conversation_titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER conversation_titles_fts_update AFTER UPDATE OF title ON conversations BEGIN
  INSERT INTO conversation_titles_fts(conversation_titles_fts, rowid, title) VALUES ('delete', old.id, old.title);
  INSERT INTO conversation_titles_fts(rowid, title) VALUES (new.id, new.title);
END;

-- One row per import: a notes folder, a web-version localStorage dump, another app's export or MCP config.
CREATE TABLE import_runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,               -- 'folder' | 'localstorage' | 'chatgpt' | 'claude' | 'mcp'
  source TEXT NOT NULL,             -- absolute path of what was imported
  options TEXT NOT NULL DEFAULT '{}',
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,             -- 'running' | 'completed' | 'failed' | 'rolled-back'
  counts TEXT NOT NULL DEFAULT '{}',
  report TEXT
);

-- What a run did with each thing it read. A rollback of the run undoes exactly the rows it created or updated
-- ('previous' holds an updated record as it was), and a quarantined value is kept verbatim in 'raw'.
CREATE TABLE import_items (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES import_runs(id),
  source_path TEXT NOT NULL,        -- a file, or a localStorage key
  source_key TEXT,                  -- the place within it
  content_hash TEXT,
  action TEXT NOT NULL,             -- 'created' | 'updated' | 'unchanged' | 'already-imported' | 'skipped' | 'quarantined'
  target_kind TEXT,                 -- 'knowledge' | 'conversation' | 'profile' | 'mcp_server' | 'agent' | 'preference' | 'workspace' | 'secret'
  target_uid TEXT,
  previous TEXT,
  raw TEXT,
  message TEXT
);
CREATE INDEX import_items_by_run ON import_items(run_id);
CREATE INDEX import_items_by_target ON import_items(target_kind, target_uid);

CREATE TABLE import_integrity_checks (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES import_runs(id),
  check_name TEXT NOT NULL,         -- 'counts' | 'duplicate_content' | 'dangling_references' | ...
  status TEXT NOT NULL,             -- 'passed' | 'warning' | 'failed'
  details TEXT NOT NULL DEFAULT '{}',
  checked_at TEXT NOT NULL
);
CREATE INDEX import_integrity_checks_by_run ON import_integrity_checks(run_id);

-- The id a record had where it came from, and what it became here: re-imports find their earlier result by it.
CREATE TABLE legacy_id_map (
  source TEXT NOT NULL,             -- e.g. 'folder:<root>', 'localstorage:<tenant>', 'chatgpt', 'claude'
  legacy_id TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_uid TEXT NOT NULL,
  content_hash TEXT,
  run_id TEXT NOT NULL REFERENCES import_runs(id),
  PRIMARY KEY (source, legacy_id, target_kind)
);
CREATE INDEX legacy_id_map_by_target ON legacy_id_map(target_kind, target_uid);

-- Copies taken before a run changed anything: the database snapshot, and the imported source when it is one file.
CREATE TABLE import_backups (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES import_runs(id),
  kind TEXT NOT NULL,               -- 'database' | 'source'
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`,
  down: `
DROP TABLE import_backups;
DROP TABLE legacy_id_map;
DROP TABLE import_integrity_checks;
DROP TABLE import_items;
DROP TABLE import_runs;
DROP TRIGGER conversation_titles_fts_update;
DROP TRIGGER conversation_titles_fts_delete;
DROP TRIGGER conversation_titles_fts_insert;
DROP TABLE conversation_titles_fts;
DROP TRIGGER knowledge_fts_update;
DROP TRIGGER knowledge_fts_delete;
DROP TRIGGER knowledge_fts_insert;
DROP TABLE knowledge_fts;
DROP TABLE knowledge_items;
DROP TABLE preferences;
DROP TABLE agent_mcp_servers;
DROP TABLE agents;
DROP INDEX conversations_by_workspace;
ALTER TABLE mcp_servers DROP COLUMN source;
ALTER TABLE mcp_servers DROP COLUMN workspace_id;
ALTER TABLE profiles DROP COLUMN workspace_id;
ALTER TABLE conversations DROP COLUMN workspace_id;
DROP TABLE workspaces;
`
}
