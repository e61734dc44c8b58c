// Schema migrations on real SQLite files: round trips, targets, dry runs, checksums, refusals, rollback and backups.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireLock } from '../src/main/fs/file-lock'
import { openDatabase, userVersion } from '../src/main/store/sqlite/database'
import { SCHEMA_MIGRATIONS } from '../src/main/store/sqlite/schema'
import {
  downgradeSchema,
  migrationChecksum,
  schemaStatus,
  upgradeSchema,
  validateMigrationList
} from '../src/main/store/sqlite/schema/schema-runner'
import type { BackupManifest } from '../src/main/store/sqlite/schema/schema-backup'
import type { SchemaMigration } from '../src/main/store/sqlite/schema/schema-migration'
import { UserError } from '../src/shared/errors'

const APP = { appVersion: '9.9.9-test' }

const createNotes: SchemaMigration = {
  version: 1,
  name: 'create_notes',
  up: `CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE tags (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE, tag TEXT NOT NULL);`,
  down: `DROP TABLE tags;
DROP TABLE notes;`
}

/** An ALTER TABLE-style rebuild of the parent of a foreign key: with foreign keys on, DROP TABLE notes would cascade into tags. */
const addNoteBody: SchemaMigration = {
  version: 2,
  name: 'add_note_body',
  up: `CREATE TABLE notes_new (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '');
INSERT INTO notes_new (id, title) SELECT id, title FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;`,
  down: `CREATE TABLE notes_old (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
INSERT INTO notes_old (id, title) SELECT id, title FROM notes;
DROP TABLE notes;
ALTER TABLE notes_old RENAME TO notes;`
}

const indexTags: SchemaMigration = {
  version: 3,
  name: 'index_tags',
  up: 'CREATE INDEX tags_by_tag ON tags(tag);',
  down: 'DROP INDEX tags_by_tag;'
}

const LIST: readonly SchemaMigration[] = [createNotes, addNoteBody, indexTags]

let dir: string
let dbPath: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-schema-'))
  dbPath = path.join(dir, 'store.db')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

function withDb<T>(file: string, fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(file, { withoutVec: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

function tables(file: string = dbPath): string[] {
  return withDb(file, (db) =>
    (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        .all() as { name: string }[]
    ).map((r) => r.name)
  )
}

function versionOf(file: string = dbPath): number {
  return withDb(file, (db) => userVersion(db))
}

function columns(table: string): string[] {
  return withDb(dbPath, (db) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name))
}

function history(): {
  version: number
  name: string
  checksum: string
  execution_ms: number
  error: string | null
}[] {
  return withDb(dbPath, (db) =>
    db
      .prepare('SELECT version, name, checksum, execution_ms, error FROM schema_history ORDER BY version')
      .all()
  ) as { version: number; name: string; checksum: string; execution_ms: number; error: string | null }[]
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

/** Upgrades to `target` and inserts a note with two tags, as data that later steps must keep. */
async function databaseAtV1WithData(): Promise<void> {
  await upgradeSchema(dbPath, LIST, { ...APP, target: 1 })
  withDb(dbPath, (db) => {
    db.prepare("INSERT INTO notes (id, title) VALUES (1, 'groceries')").run()
    db.prepare("INSERT INTO tags (note_id, tag) VALUES (1, 'home'), (1, 'weekly')").run()
  })
}

describe('upgradeSchema / downgradeSchema', () => {
  it('round trip: empty → latest → 0 → latest, with tables, user_version and history in step', async () => {
    const up = await upgradeSchema(dbPath, LIST, APP)
    expect(up).toMatchObject({ fromVersion: 0, toVersion: 3 })
    expect(up.applied.map((s) => s.version)).toEqual([1, 2, 3])
    expect(up.backup).toBeUndefined() // nothing to back up at version 0
    expect(tables()).toEqual(['notes', 'schema_history', 'tags'])
    expect(columns('notes')).toEqual(['id', 'title', 'body'])
    expect(versionOf()).toBe(3)
    const rows = history()
    expect(rows.map((r) => [r.version, r.name, r.checksum, r.error])).toEqual(
      LIST.map((m) => [m.version, m.name, migrationChecksum(m), null])
    )
    expect(rows.every((r) => Number.isInteger(r.execution_ms) && r.execution_ms >= 0)).toBe(true)

    const down = await downgradeSchema(dbPath, LIST, { ...APP, target: 0 })
    expect(down).toMatchObject({ fromVersion: 3, toVersion: 0 })
    expect(down.reverted.map((s) => s.version)).toEqual([3, 2, 1])
    expect(tables()).toEqual(['schema_history'])
    expect(versionOf()).toBe(0)
    expect(history()).toEqual([])

    const again = await upgradeSchema(dbPath, LIST, APP)
    expect(again.applied.map((s) => s.version)).toEqual([1, 2, 3])
    expect(tables()).toEqual(['notes', 'schema_history', 'tags'])
    expect(history().map((r) => r.version)).toEqual([1, 2, 3])
    const status = schemaStatus(dbPath, LIST)
    expect(status).toMatchObject({
      exists: true,
      currentVersion: 3,
      latestVersion: 3,
      pending: [],
      newerThanApp: false
    })
    expect(status.applied.map((a) => a.checksumOk)).toEqual([true, true, true])
  })

  it('keeps data through a table rebuild of a foreign-key parent, up and back down', async () => {
    await databaseAtV1WithData()
    await upgradeSchema(dbPath, LIST, { ...APP, target: 2 })
    expect(columns('notes')).toEqual(['id', 'title', 'body'])
    withDb(dbPath, (db) => {
      expect(db.prepare('SELECT id, title, body FROM notes').all()).toEqual([
        { id: 1, title: 'groceries', body: '' }
      ])
      // Had foreign keys been on, DROP TABLE notes would have cascaded into tags.
      expect(db.prepare('SELECT tag FROM tags ORDER BY tag').pluck().all()).toEqual(['home', 'weekly'])
      expect(db.pragma('foreign_key_check')).toEqual([])
    })

    await downgradeSchema(dbPath, LIST, { ...APP, target: 1 })
    expect(versionOf()).toBe(1)
    expect(columns('notes')).toEqual(['id', 'title'])
    withDb(dbPath, (db) => {
      expect(db.prepare('SELECT id, title FROM notes').all()).toEqual([{ id: 1, title: 'groceries' }])
      expect(db.prepare('SELECT tag FROM tags ORDER BY tag').pluck().all()).toEqual(['home', 'weekly'])
      // The child's foreign key still points at the rebuilt parent and is enforced.
      expect(() => db.prepare("INSERT INTO tags (note_id, tag) VALUES (42, 'orphan')").run()).toThrow(
        /FOREIGN KEY/
      )
    })
    expect(history().map((r) => r.version)).toEqual([1])
  })

  it('stops at --target', async () => {
    const result = await upgradeSchema(dbPath, LIST, { ...APP, target: 2 })
    expect(result).toMatchObject({ fromVersion: 0, toVersion: 2 })
    expect(versionOf()).toBe(2)
    expect(history().map((r) => r.version)).toEqual([1, 2])
    expect(schemaStatus(dbPath, LIST).pending).toEqual([{ version: 3, name: 'index_tags' }])
    withDb(dbPath, (db) => {
      expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'tags_by_tag'").get()).toBeUndefined()
    })
    const rest = await upgradeSchema(dbPath, LIST, APP)
    expect(rest.applied.map((s) => s.version)).toEqual([3])
    expect((await rejection(upgradeSchema(dbPath, LIST, { ...APP, target: 1 }))).code).toBe('USAGE')
    expect((await rejection(upgradeSchema(dbPath, LIST, { ...APP, target: 4 }))).code).toBe('USAGE')
  })

  it('two upgrades at once: one applies everything, the other waits for the lock and finds nothing to do', async () => {
    const results = await Promise.all([upgradeSchema(dbPath, LIST, APP), upgradeSchema(dbPath, LIST, APP)])
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 3])
    expect(versionOf()).toBe(3)
    expect(fs.existsSync(`${dbPath}.schema-lock`)).toBe(false)
  })

  it('waits for a schema lock held elsewhere and proceeds once it is released', async () => {
    const held = await acquireLock(`${dbPath}.schema-lock`, { purpose: 'another upgrade' })
    setTimeout(() => held.release(), 300)
    const started = Date.now()
    const result = await upgradeSchema(dbPath, LIST, APP)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(result.toVersion).toBe(3)
    expect(fs.existsSync(`${dbPath}.schema-lock`)).toBe(false)
  })
})

describe('dry run', () => {
  it('on a missing database: returns the SQL in order and creates no file', async () => {
    const result = await upgradeSchema(dbPath, LIST, { ...APP, dryRun: true })
    expect(result).toMatchObject({ fromVersion: 0, toVersion: 3, applied: [] })
    const sql = result.sql ?? ''
    const headers = [...sql.matchAll(/^-- (\S+)/gm)].map((m) => m[1])
    expect(headers).toEqual(['0001_create_notes', '0002_add_note_body', '0003_index_tags'])
    expect(sql).toContain('ALTER TABLE notes_new RENAME TO notes;')
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('on an existing database: upgrade and downgrade dry runs leave it byte-identical', async () => {
    await databaseAtV1WithData()
    const before = sha256(dbPath)
    const listing = fs.readdirSync(dir).sort()

    const up = await upgradeSchema(dbPath, LIST, { ...APP, dryRun: true, target: 2 })
    expect(up).toMatchObject({ fromVersion: 1, toVersion: 2 })
    expect(up.sql).toMatch(/^-- 0002_add_note_body\n/)
    expect(up.sql).not.toContain('0003')
    expect(up.backup).toBeUndefined()

    const down = await downgradeSchema(dbPath, LIST, { ...APP, dryRun: true, target: 0 })
    expect(down.sql).toMatch(/^-- 0001_create_notes \(down\)\nDROP TABLE tags;/)

    expect(sha256(dbPath)).toBe(before)
    // No lock file, no backup. A read-only connection to a WAL database may leave SQLite's (empty) -wal/-shm behind.
    const sidecars = ['store.db-shm', 'store.db-wal']
    expect(fs.readdirSync(dir).filter((f) => !sidecars.includes(f))).toEqual(listing)
    if (fs.existsSync(`${dbPath}-wal`)) expect(fs.statSync(`${dbPath}-wal`).size).toBe(0)
    expect(versionOf()).toBe(1)
  })
})

describe('checksums', () => {
  it('refuses to go on when an applied migration was edited, without touching the file', async () => {
    await upgradeSchema(dbPath, LIST, { ...APP, target: 2 })
    const edited: SchemaMigration[] = [
      { ...createNotes, up: createNotes.up.replace('title TEXT', 'title TEXT, x') },
      addNoteBody,
      indexTags
    ]
    const before = sha256(dbPath)

    const status = schemaStatus(dbPath, edited)
    expect(status.checksumMismatches).toEqual([{ version: 1, name: 'create_notes' }])
    expect(status.applied.map((a) => a.checksumOk)).toEqual([false, true])

    const error = await rejection(upgradeSchema(dbPath, edited, APP))
    expect(error.code).toBe('SCHEMA_CHECKSUM')
    expect(error.message).toContain('0001_create_notes.ts')
    expect(error.message).toContain('edited after it was applied')
    expect(error.message).toContain('Restore')
    expect((await rejection(downgradeSchema(dbPath, edited, { ...APP, target: 0 }))).code).toBe(
      'SCHEMA_CHECKSUM'
    )
    expect(sha256(dbPath)).toBe(before)
    expect(versionOf()).toBe(2)
  })

  it('ignores line-ending differences (a CRLF checkout is the same migration)', async () => {
    await upgradeSchema(dbPath, LIST, { ...APP, target: 2 })
    const crlf = LIST.map((m) => ({
      ...m,
      up: m.up.replace(/\n/g, '\r\n'),
      down: m.down?.replace(/\n/g, '\r\n')
    }))
    expect(crlf[1]!.up).not.toBe(addNoteBody.up)
    expect(schemaStatus(dbPath, crlf).checksumMismatches).toEqual([])
    await upgradeSchema(dbPath, crlf, APP)
    expect(versionOf()).toBe(3)
  })

  it('checksum covers down SQL too and is stable', () => {
    expect(migrationChecksum(indexTags)).toMatch(/^[0-9a-f]{64}$/)
    expect(migrationChecksum({ ...indexTags })).toBe(migrationChecksum(indexTags))
    expect(migrationChecksum({ ...indexTags, down: 'DROP INDEX IF EXISTS tags_by_tag;' })).not.toBe(
      migrationChecksum(indexTags)
    )
  })
})

describe('refusals and failures', () => {
  it('refuses a database from a newer app (user_version 99) and leaves its bytes unchanged', async () => {
    await upgradeSchema(dbPath, LIST, { ...APP, target: 1 })
    withDb(dbPath, (db) => db.pragma('user_version = 99'))
    const before = sha256(dbPath)

    const error = await rejection(upgradeSchema(dbPath, LIST, APP))
    expect(error.code).toBe('NEWER_SCHEMA')
    expect(error.message).toContain(dbPath)
    expect(error.message).toContain('version 99')
    expect(error.message).toContain('version 3')
    expect(error.message).toMatch(/Update Personal Agent, or restore a backup/)
    expect((await rejection(downgradeSchema(dbPath, LIST, { ...APP, target: 0 }))).code).toBe('NEWER_SCHEMA')

    expect(sha256(dbPath)).toBe(before)
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false)
    expect(schemaStatus(dbPath, LIST)).toMatchObject({ currentVersion: 99, newerThanApp: true, pending: [] })
    expect(sha256(dbPath)).toBe(before)
  })

  it('rolls back a failing migration (no half-applied tables), reports it, and records the failed attempt', async () => {
    const broken: SchemaMigration = {
      version: 2,
      name: 'broken_step',
      up: 'CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);'
    }
    await databaseAtV1WithData()
    const error = await rejection(upgradeSchema(dbPath, [createNotes, broken], APP))
    expect(error.code).toBe('INTERNAL')
    expect(error.message).toContain('0002_broken_step.ts')
    expect(error.message).toContain('rolled back')
    expect(error.message).toContain('no such table')
    expect(error.message).toContain(
      `The backup taken before this change is in ${path.join(dir, 'backups', 'schema')}`
    )
    expect(tables()).toEqual(['notes', 'schema_history', 'tags'])
    expect(versionOf()).toBe(1)

    const status = schemaStatus(dbPath, [createNotes, broken])
    expect(status.currentVersion).toBe(1)
    expect(status.applied.map((a) => a.version)).toEqual([1])
    expect(status.pending).toEqual([{ version: 2, name: 'broken_step' }])
    expect(status.failed).toHaveLength(1)
    expect(status.failed[0]).toMatchObject({ version: 2, name: 'broken_step' })
    expect(status.failed[0]!.error).toContain('no such table')

    // A fixed migration 2 then applies and replaces the failure record.
    await upgradeSchema(dbPath, LIST, APP)
    expect(versionOf()).toBe(3)
    expect(schemaStatus(dbPath, LIST).failed).toEqual([])
    expect(history().every((r) => r.error === null)).toBe(true)
  })

  it('rolls back a migration that leaves foreign key violations (foreign_key_check)', async () => {
    const orphaning: SchemaMigration = { version: 2, name: 'drop_parents', up: 'DELETE FROM notes;' }
    await databaseAtV1WithData()
    const error = await rejection(upgradeSchema(dbPath, [createNotes, orphaning], APP))
    expect(error.message).toMatch(/foreign key violation/)
    withDb(dbPath, (db) => {
      expect(db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(1)
      expect(db.prepare('SELECT count(*) FROM tags').pluck().get()).toBe(2)
    })
    expect(versionOf()).toBe(1)
  })

  it('refuses a downgrade through a migration without down SQL, changing nothing', async () => {
    const oneWay: SchemaMigration[] = [createNotes, { ...addNoteBody, down: undefined }, indexTags]
    await upgradeSchema(dbPath, oneWay, APP)
    const before = sha256(dbPath)
    const error = await rejection(downgradeSchema(dbPath, oneWay, { ...APP, target: 1 }))
    expect(error.code).toBe('WRONG_STATE')
    expect(error.message).toContain('0002_add_note_body.ts')
    expect(sha256(dbPath)).toBe(before)
    expect(versionOf()).toBe(3)
    // Above the one-way step, downgrading still works.
    await downgradeSchema(dbPath, oneWay, { ...APP, target: 2 })
    expect(versionOf()).toBe(2)
  })

  it('validates the migration list: versions 1.. without gaps, snake_case names', () => {
    expect(() => validateMigrationList(LIST)).not.toThrow()
    expect(() => validateMigrationList([createNotes, indexTags])).toThrow(/out of order/)
    expect(() => validateMigrationList([addNoteBody])).toThrow(/out of order/)
    expect(() => validateMigrationList([{ ...createNotes, name: 'CreateNotes' }])).toThrow(/snake_case/)
    expect(() => validateMigrationList([{ ...createNotes, name: 'create-notes' }])).toThrow(/snake_case/)
  })
})

describe('backup before a schema change', () => {
  it('writes a VACUUM INTO copy with a sha256 manifest that opens with the old data', async () => {
    await databaseAtV1WithData()
    const result = await upgradeSchema(dbPath, LIST, APP)
    const backup = result.backup
    expect(backup).toBeDefined()
    expect(path.dirname(backup!)).toBe(path.join(dir, 'backups', 'schema'))
    expect(path.basename(backup!)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-v1$/)
    expect(fs.statSync(backup!).mode & 0o777).toBe(0o700)

    const manifest = JSON.parse(
      fs.readFileSync(path.join(backup!, 'manifest.json'), 'utf8')
    ) as BackupManifest
    expect(manifest).toMatchObject({ appVersion: '9.9.9-test', fromVersion: 1 })
    expect(Date.parse(manifest.createdAt)).not.toBeNaN()
    expect(manifest.files).toHaveLength(1)
    const file = path.join(backup!, manifest.files[0]!.name)
    expect(manifest.files[0]!.sha256).toBe(sha256(file))
    expect(manifest.files[0]!.size).toBe(fs.statSync(file).size)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.join(backup!, 'manifest.json')).mode & 0o777).toBe(0o600)

    expect(versionOf(file)).toBe(1)
    expect(tables(file)).toEqual(['notes', 'schema_history', 'tags'])
    withDb(file, (db) => {
      expect(db.prepare('SELECT title FROM notes').pluck().all()).toEqual(['groceries'])
    })
    expect(versionOf()).toBe(3)
  })

  it('honours backupDir, and backs up before a downgrade too', async () => {
    await databaseAtV1WithData()
    await upgradeSchema(dbPath, LIST, APP)
    const chosen = path.join(dir, 'my-backup')
    const result = await downgradeSchema(dbPath, LIST, { ...APP, target: 1, backupDir: chosen })
    expect(result.backup).toBe(chosen)
    const manifest = JSON.parse(fs.readFileSync(path.join(chosen, 'manifest.json'), 'utf8')) as BackupManifest
    expect(manifest.fromVersion).toBe(3)
    expect(versionOf(path.join(chosen, manifest.files[0]!.name))).toBe(3)
  })
})

describe('the app’s own migration list', () => {
  it('upgrades a fresh file to latest, downgrades to 0 and back', async () => {
    expect(() => validateMigrationList(SCHEMA_MIGRATIONS)).not.toThrow()
    const latest = SCHEMA_MIGRATIONS.length

    await upgradeSchema(dbPath, SCHEMA_MIGRATIONS, APP)
    expect(versionOf()).toBe(latest)
    const atLatest = tables()
    expect(atLatest).toContain('conversations')
    expect(schemaStatus(dbPath, SCHEMA_MIGRATIONS)).toMatchObject({ pending: [], checksumMismatches: [] })

    await downgradeSchema(dbPath, SCHEMA_MIGRATIONS, { ...APP, target: 0 })
    expect(versionOf()).toBe(0)
    expect(tables()).toEqual(['schema_history'])

    await upgradeSchema(dbPath, SCHEMA_MIGRATIONS, APP)
    expect(versionOf()).toBe(latest)
    expect(tables()).toEqual(atLatest)
  })
})
