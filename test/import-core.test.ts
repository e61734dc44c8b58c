// The import core every importer builds on: a run's items recorded with their records, the rollback of exactly one
// run (created records removed with their keychain entries, updated ones put back, id mappings restored), the
// refusal to undo a run a later one builds on, the integrity checks, the backups, and which folders can take imports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupBeforeImport } from '../src/main/imports/import-backup'
import { hashEncryptedFile } from '../src/main/backups/backup-cipher'
import { cipherLabel } from '../src/main/backups/backup-folder'
import { backupKey } from '../src/main/backups/backup-keys'
import { runIntegrityChecks } from '../src/main/imports/import-integrity'
import { rollbackImportRun, type PreviousRecord } from '../src/main/imports/import-rollback'
import { ImportRun, importRunRow } from '../src/main/imports/import-run'
import { openImportStore } from '../src/main/imports/import-store'
import { ensureWorkspace, prepareConfigRecord } from '../src/main/imports/imported-records'
import { findMapping, saveMapping } from '../src/main/imports/legacy-id-map'
import { hashFile } from '../src/main/fs/atomic-write'
import { SecretStore } from '../src/main/secrets/secret-store'
import type { Db } from '../src/main/store/sqlite/database'
import { insertConversation, writeConfigRecord } from '../src/main/store/sqlite/import-writes/imported-rows'
import { snapshotTarget } from '../src/main/store/sqlite/import-writes/target-rows'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const fixtures = storeFixtures('pa-import-core-')

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
}

function addNote(db: Db, run: ImportRun, uid: string, title: string, content: string): void {
  db.prepare(
    `INSERT INTO knowledge_items(uid, title, content, format, content_hash, imported_at)
     VALUES (?, ?, ?, 'text', ?, '2026-11-22T00:00:00Z')`
  ).run(uid, title, content, `hash-${content}`)
  run.record({ sourcePath: '/notes/a.txt', action: 'created', targetKind: 'knowledge', targetUid: uid })
  saveMapping(db, {
    source: 'folder:/notes',
    legacyId: `a.txt#${uid}`,
    targetKind: 'knowledge',
    targetUid: uid,
    contentHash: `hash-${content}`,
    runId: run.id
  })
}

describe('rollback of one import run', () => {
  it('removes what the run created, keychain entries included, and leaves other runs and the user’s data alone', async () => {
    const f = fixtures.fresh()
    f.db
      .prepare(
        "INSERT INTO conversations(uid, position, title, origin) VALUES ('mine', 0, 'My own chat', 'app')"
      )
      .run()
    const earlier = ImportRun.start(f.db, f.secrets, 'folder', '/notes')
    f.db.transaction(() => addNote(f.db, earlier, 'k-early', 'Early', 'kept'))()
    earlier.finish({})

    const run = ImportRun.start(f.db, f.secrets, 'localstorage', '/dump.json')
    const profile = await prepareConfigRecord(
      f.secrets,
      'profiles',
      {
        name: 'Work',
        provider: 'openai',
        model: 'gpt-4o',
        apiKey: 'sk-core-test-111',
        endpoint: 'https://x/v1'
      },
      ['endpoint']
    )
    f.db.transaction(() => {
      const ws = ensureWorkspace(f.db, run, 'localstorage:acme', 'acme')
      const written = writeConfigRecord(f.db, profile, { workspaceId: ws.id })
      run.record({
        sourcePath: 'user_llm_configs_acme',
        action: 'created',
        targetKind: 'profile',
        targetUid: written.uid
      })
      const chat = insertConversation(f.db, {
        record: { title: 'Imported chat', created_at: 1700000000, updated_at: '2024-01-02T03:04:05Z' },
        messages: [
          { role: 'user', content: 'hello', created_at: 1700000000 },
          { role: 'assistant', content: 'hi there', created_at: 1700000001 }
        ],
        workspaceId: ws.id
      })
      run.record({
        sourcePath: 'chat_session_1',
        action: 'created',
        targetKind: 'conversation',
        targetUid: chat.uid
      })
      addNote(f.db, run, 'k-late', 'Late', 'goes')
    })()
    run.finish({})
    const accounts = profile.secrets.map((s) => s.account)
    expect(accounts).toHaveLength(2)
    for (const account of accounts) expect(await f.secrets.get(account)).not.toBeNull()
    // The key never reaches the database.
    expect(readFileSync(join(f.dir, 'personal-agent.db')).includes('sk-core-test-111')).toBe(false)
    expect(count(f.db, 'messages')).toBe(2)

    const result = await rollbackImportRun(f.db, f.secrets, run.id)
    expect(result.removed).toEqual({ knowledge: 1, conversation: 1, profile: 1, workspace: 1 })
    expect(result.keychainEntriesRemoved).toBe(2)
    for (const account of accounts) expect(await f.secrets.get(account)).toBeNull()
    expect(count(f.db, 'profiles')).toBe(0)
    expect(count(f.db, 'workspaces')).toBe(0)
    expect(count(f.db, 'messages')).toBe(0)
    expect(f.db.prepare('SELECT uid FROM conversations').all()).toEqual([{ uid: 'mine' }])
    expect(f.db.prepare('SELECT uid FROM knowledge_items').all()).toEqual([{ uid: 'k-early' }])
    expect(findMapping(f.db, 'folder:/notes', 'a.txt#k-late', 'knowledge')).toBeNull()
    expect(findMapping(f.db, 'folder:/notes', 'a.txt#k-early', 'knowledge')).not.toBeNull()
    expect(importRunRow(f.db, run.id)?.status).toBe('rolled-back')
    // The full-text index followed the rows out.
    expect(f.db.prepare("SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'goes'").all()).toEqual([])
    expect(
      f.db
        .prepare("SELECT rowid FROM conversation_titles_fts WHERE conversation_titles_fts MATCH 'imported'")
        .all()
    ).toEqual([])
    await expect(rollbackImportRun(f.db, f.secrets, run.id)).rejects.toThrow(/already rolled back/)
    await expect(rollbackImportRun(f.db, f.secrets, 'import-nope')).rejects.toThrow(
      /no import run "import-nope"/
    )
  })

  it('puts an updated record back as it was, with its mapping, and refuses while a later run builds on it', async () => {
    const f = fixtures.fresh()
    const first = ImportRun.start(f.db, f.secrets, 'folder', '/notes')
    f.db.transaction(() => addNote(f.db, first, 'k1', 'Trip', 'version one'))()
    first.finish({})

    const second = ImportRun.start(f.db, f.secrets, 'folder', '/notes')
    f.db.transaction(() => {
      const snapshot: PreviousRecord = snapshotTarget(f.db, 'knowledge', 'k1')!
      snapshot.mapping = findMapping(f.db, 'folder:/notes', 'a.txt#k1', 'knowledge')
      f.db
        .prepare(
          "UPDATE knowledge_items SET content = 'version two', content_hash = 'hash-version two' WHERE uid = 'k1'"
        )
        .run()
      saveMapping(f.db, { ...snapshot.mapping!, contentHash: 'hash-version two', runId: second.id })
      second.record({
        sourcePath: '/notes/a.txt',
        action: 'updated',
        targetKind: 'knowledge',
        targetUid: 'k1',
        previous: snapshot
      })
    })()
    second.finish({})

    await expect(rollbackImportRun(f.db, f.secrets, first.id)).rejects.toThrow(
      new RegExp(`Import run ${second.id} changed records that run ${first.id} added`)
    )
    const result = await rollbackImportRun(f.db, f.secrets, second.id)
    expect(result.restored).toBe(1)
    expect(f.db.prepare("SELECT content FROM knowledge_items WHERE uid = 'k1'").get()).toEqual({
      content: 'version one'
    })
    expect(findMapping(f.db, 'folder:/notes', 'a.txt#k1', 'knowledge')).toMatchObject({
      contentHash: 'hash-version one',
      runId: first.id
    })
    expect(
      f.db.prepare("SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'one'").all()
    ).toHaveLength(1)
    expect(
      f.db.prepare("SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'two'").all()
    ).toHaveLength(0)
    // Now the first run can go too.
    await rollbackImportRun(f.db, f.secrets, first.id)
    expect(count(f.db, 'knowledge_items')).toBe(0)
  })
})

describe('after a run', () => {
  it('integrity checks find a missing record, duplicate content and a dangling reference', () => {
    const f = fixtures.fresh()
    const run = ImportRun.start(f.db, f.secrets, 'folder', '/notes')
    f.db.transaction(() => {
      addNote(f.db, run, 'a', 'A', 'same')
      f.db
        .prepare(
          "INSERT INTO knowledge_items(uid, title, content, format, content_hash, imported_at) VALUES ('b', 'B', 'same', 'text', 'hash-same', 'now')"
        )
        .run()
    })()
    const clean = runIntegrityChecks(f.db, run.id)
    expect(clean.map((c) => [c.name, c.status])).toEqual([
      ['counts', 'passed'],
      ['duplicate_content', 'warning'],
      ['dangling_references', 'passed']
    ])
    f.db.prepare("DELETE FROM knowledge_items WHERE uid = 'a'").run()
    const broken = runIntegrityChecks(f.db, run.id)
    expect(broken.find((c) => c.name === 'counts')).toMatchObject({
      status: 'failed',
      summary: '1 of 1 records the run wrote are missing'
    })
    expect(broken.find((c) => c.name === 'dangling_references')).toMatchObject({
      status: 'failed',
      details: { 'legacy_id_map targets': 1 }
    })
    expect(count(f.db, 'import_integrity_checks')).toBe(6)
  })

  it('backs up the database and the source file, encrypted, with the checksums of their plaintext', async () => {
    const f = fixtures.fresh()
    const source = join(tempDir(), 'dump.json')
    writeFileSync(source, '{"theme":"\\"dark\\"","api_key":"sk-import-backup-secret"}')
    const run = ImportRun.start(f.db, f.secrets, 'localstorage', source)
    const backups = await backupBeforeImport({ db: f.db, secrets: f.secrets, dataDir: f.dir }, run.id, source)
    expect(backups.map((b) => b.kind)).toEqual(['database', 'source'])
    const ref = { kind: 'import' as const, id: run.id, dir: join(f.dir, 'import_backups', run.id) }
    const key = await backupKey(f.secrets, ref)
    for (const backup of backups) {
      expect(backup.path.endsWith('.enc')).toBe(true)
      expect(existsSync(backup.path.slice(0, -'.enc'.length))).toBe(false)
      expect(hashEncryptedFile(backup.path, key, cipherLabel(ref, backup.path)).sha256).toBe(backup.sha256)
    }
    expect(readFileSync(backups[1]!.path).includes('sk-import-backup-secret')).toBe(false)
    expect(backups[1]!.sha256).toBe(hashFile(source).sha256)
    expect(f.db.prepare('SELECT kind, sha256 FROM import_backups WHERE run_id = ?').all(run.id)).toEqual(
      backups.map((b) => ({ kind: b.kind, sha256: b.sha256 }))
    )
  })
})

describe('which data folders take an import', () => {
  it('creates the store in an empty folder, and refuses a folder with unmigrated legacy files or on the json backend', async () => {
    const empty = join(tempDir(), 'data')
    const store = await openImportStore(empty, fixtures.track(new SecretStore(empty)))
    expect(count(store.db, 'import_runs')).toBe(0)
    store.close()
    expect(existsSync(join(empty, 'personal-agent.db'))).toBe(true)

    const legacy = tempDir()
    writeFileSync(join(legacy, 'conversations.json'), '{"conversations": []}')
    await expect(openImportStore(legacy)).rejects.toThrow(/not migrated\. Run "personal-agent migrate" first/)
    expect(readFileSync(join(legacy, 'conversations.json'), 'utf8')).toBe('{"conversations": []}')

    writeFileSync(join(empty, 'settings.json'), '{"storageBackend": "json"}')
    await expect(openImportStore(empty)).rejects.toThrow(
      /json storage backend, and imports need the SQLite store/
    )
  })
})
