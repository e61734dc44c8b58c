// Fresh stores for service tests: a real SQLite file at the latest schema and a SecretStore with its own keychain
// namespace, all cleaned up (files and keychain entries) after the file's tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { SecretStore } from '../../src/main/secrets/secret-store'
import { openDatabase, type Db } from '../../src/main/store/sqlite/database'
import { SCHEMA_MIGRATIONS } from '../../src/main/store/sqlite/schema'

export interface StoreFixture {
  db: Db
  dir: string
  secrets: SecretStore
}

/** Call once at the top of a test file; returns a factory of fresh stores. */
export function storeFixtures(prefix: string): {
  fresh(): StoreFixture
  track(secrets: SecretStore): SecretStore
} {
  const roots: string[] = []
  const stores: SecretStore[] = []
  const dbs: Db[] = []
  afterAll(async () => {
    for (const db of dbs) db.close()
    for (const store of stores) for (const account of await store.listAccounts()) await store.delete(account)
    for (const root of roots) rmSync(root, { recursive: true, force: true })
  })
  const track = (secrets: SecretStore): SecretStore => {
    stores.push(secrets)
    return secrets
  }
  return {
    track,
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      roots.push(dir)
      const db = openDatabase(join(dir, 'personal-agent.db'))
      for (const m of SCHEMA_MIGRATIONS) db.exec(m.up)
      db.pragma(`user_version = ${SCHEMA_MIGRATIONS.length}`)
      dbs.push(db)
      // A unique data folder per fixture: its own keychain namespace.
      return { db, dir, secrets: track(new SecretStore(join(dir, 'data'))) }
    }
  }
}
