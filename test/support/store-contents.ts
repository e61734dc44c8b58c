// What the repository tests read back from a fixture's store: the mutation counter, whether a text is anywhere in
// it (every table and the database files), and a legacy record's keychain entries stored as the migration stores them.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { LiftedSecret } from '../../src/main/secrets/secret-fields'
import type { Db } from '../../src/main/store/sqlite/database'
import type { StoreFixture } from './store-fixture'

export function mutations(db: Db): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'mutations'").get() as
    { value: string } | undefined
  return row ? Number(row.value) : 0
}

/** Every text or blob value in every table, and the raw database and WAL files. */
export function storeContains(f: StoreFixture, needle: string): boolean {
  f.db.pragma('wal_checkpoint(PASSIVE)')
  const tables = f.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
    name: string
  }[]
  expect(tables.length).toBeGreaterThan(10)
  for (const { name } of tables) {
    for (const row of f.db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as Record<
      string,
      unknown
    >[]) {
      for (const value of Object.values(row)) {
        if (typeof value === 'string' && value.includes(needle)) return true
        if (Buffer.isBuffer(value) && value.includes(needle)) return true
      }
    }
  }
  for (const file of readdirSync(f.dir).filter((n) => n.startsWith('personal-agent.db'))) {
    if (readFileSync(join(f.dir, file)).includes(needle)) return true
  }
  return false
}

/** The migration's keychain entries of the record at `position` of `file` (run "run1"), with their secret_refs. */
export async function storeLegacySecrets(
  f: StoreFixture,
  owner: { kind: 'profile' | 'mcp_server'; id: number },
  file: string,
  position: number,
  secrets: readonly LiftedSecret[]
): Promise<void> {
  for (const secret of secrets) {
    const account = f.secrets.account(`migrated/run1/${file}/${position}${secret.pointer}`)
    await f.secrets.set(account, secret.value)
    f.db
      .prepare(
        "INSERT INTO secret_refs(account, owner_kind, owner_id, json_pointer, run_id) VALUES (?, ?, ?, ?, 'run1')"
      )
      .run(account, owner.kind, owner.id, secret.pointer)
  }
}
