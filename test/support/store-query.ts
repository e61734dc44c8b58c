// Reads a data folder's store in tests: a read-only connection for one look, closed after.
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/main/store/sqlite/database'

export function withDb<T>(dataDir: string, use: (db: Db) => T): T {
  const db = openDatabase(join(dataDir, 'personal-agent.db'), { readonly: true, withoutVec: true })
  try {
    return use(db)
  } finally {
    db.close()
  }
}

export function rows(dataDir: string, sql: string): Record<string, unknown>[] {
  return withDb(dataDir, (db) => db.prepare(sql).all() as Record<string, unknown>[])
}
