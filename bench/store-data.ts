// Data of `npm run bench`: a legacy folder of N conversations of about 20 short messages, and the SQLite store the
// real migration (`personal-agent migrate`) made of it, brought to this app's schema version, both kept under the
// work folder for the next run.
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DB_FILE } from '../src/main/base/data-paths'
import { openDatabase, userVersion } from '../src/main/store/sqlite/database'
import { closeStore, openStore } from '../src/main/store/sqlite/open-store'
import { gigabytes, MARGIN_BYTES, spaceCheck, type SpaceCheck } from './bench-data'
import { CONVERSATIONS_FILE, generateLegacyConversations, type GeneratedLegacy } from './generate-legacy'
import type { ConversationShape } from './legacy-conversation'
import { variantRecord } from './run-records'
import { runVariant } from './run-variant'

/** Bump when the generator's output or the layout changes, so older data is not reused. */
const STORE_DATA_VERSION = 1
const GENERATED_META = 'generated.json'
const MIGRATED_META = 'migrated.json'

/** 16 to 24 messages (20 on average), each 100 to 300 characters of prose. */
export const STORE_SHAPE: ConversationShape = {
  minMessages: 16,
  maxMessages: 24,
  userContent: (text) => text.plainContent(100, 300),
  assistantContent: (text) => text.plainContent(100, 300),
  averageBytes: 7_500
}

export interface StoreDataset extends GeneratedLegacy {
  seed: number
  /** Holds conversations.json: the JSON store's folder. */
  legacyDir: string
  /** The migrated store. */
  dbFile: string
  dbBytes: number
  /** Null when the data was already there. */
  generateMs: number | null
  migrateMs: number | null
  /** The store's schema version once brought up to date. */
  schemaVersion: number
  /** Time of the schema upgrade opening the store did (with its backup), or null when it was up to date. */
  upgradeMs: number | null
}

interface GeneratedMeta extends GeneratedLegacy {
  version: number
  seed: number
}

interface MigratedMeta {
  version: number
  dbBytes: number
}

function dataDir(workDir: string, conversations: number, seed: number): string {
  return join(workDir, 'store-data', `${conversations}-seed${seed}`)
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    return null
  }
}

function generatedMeta(dir: string, conversations: number, seed: number): GeneratedMeta | null {
  const meta = readJson<GeneratedMeta>(join(dir, GENERATED_META))
  const file = join(dir, 'legacy', CONVERSATIONS_FILE)
  const matches =
    meta !== null &&
    meta.version === STORE_DATA_VERSION &&
    meta.seed === seed &&
    meta.conversations === conversations &&
    existsSync(file) &&
    statSync(file).size === meta.bytes
  return matches ? meta : null
}

function migratedMeta(dir: string): MigratedMeta | null {
  const meta = readJson<MigratedMeta>(join(dir, MIGRATED_META))
  const db = join(dir, 'sqlite', DB_FILE)
  const matches =
    meta !== null &&
    meta.version === STORE_DATA_VERSION &&
    existsSync(db) &&
    statSync(db).size === meta.dbBytes
  return matches ? meta : null
}

/** Migrates a hard link of the legacy file in `sqliteDir` with the CLI, then drops the backup it made. */
async function migrateCopy(legacyFile: string, sqliteDir: string, bytes: number): Promise<void> {
  rmSync(sqliteDir, { recursive: true, force: true })
  mkdirSync(sqliteDir, { recursive: true })
  linkSync(legacyFile, join(sqliteDir, CONVERSATIONS_FILE))
  const record = variantRecord(0, bytes, 'ours', await runVariant('ours', sqliteDir, { naiveTimeLimitS: 0 }))
  if (record.reason !== null) throw new Error(`personal-agent migrate in ${sqliteDir}: ${record.reason}`)
  rmSync(join(sqliteDir, 'backup_before_migration'), { recursive: true, force: true })
}

/**
 * Opens and closes the store once, so a schema upgrade the app would make at its first open after an update (with
 * its backup of the whole database) is made here, not in a timed open; the backup is then dropped.
 */
async function upgradeStore(
  dbFile: string,
  dbDir: string
): Promise<{ version: number; upgradeMs: number | null }> {
  const readOnly = openDatabase(dbFile, { readonly: true, withoutVec: true })
  const before = userVersion(readOnly)
  readOnly.close()
  const started = performance.now()
  const db = await openStore(dbFile)
  const version = userVersion(db)
  closeStore(db)
  const upgradeMs = version === before ? null : performance.now() - started
  rmSync(join(dbDir, 'backups'), { recursive: true, force: true })
  return { version, upgradeMs }
}

/** The legacy folder and migrated store for this count and seed: reused when already there, else made now. */
export async function ensureStoreDataset(
  workDir: string,
  conversations: number,
  seed: number
): Promise<StoreDataset> {
  const dir = dataDir(workDir, conversations, seed)
  const legacyDir = join(dir, 'legacy')
  const sqliteDir = join(dir, 'sqlite')
  let generateMs: number | null = null
  let generated = generatedMeta(dir, conversations, seed)
  if (!generated) {
    rmSync(dir, { recursive: true, force: true })
    const started = performance.now()
    const made = generateLegacyConversations(legacyDir, conversations, seed, STORE_SHAPE)
    generateMs = performance.now() - started
    generated = { ...made, version: STORE_DATA_VERSION, seed }
    writeFileSync(join(dir, GENERATED_META), `${JSON.stringify(generated, null, 2)}\n`)
  }
  let migrateMs: number | null = null
  let migrated = migratedMeta(dir)
  if (!migrated) {
    const started = performance.now()
    await migrateCopy(join(legacyDir, CONVERSATIONS_FILE), sqliteDir, generated.bytes)
    migrateMs = performance.now() - started
  }
  const upgrade = await upgradeStore(join(sqliteDir, DB_FILE), sqliteDir)
  migrated = { version: STORE_DATA_VERSION, dbBytes: statSync(join(sqliteDir, DB_FILE)).size }
  writeFileSync(join(dir, MIGRATED_META), `${JSON.stringify(migrated, null, 2)}\n`)
  return {
    bytes: generated.bytes,
    conversations: generated.conversations,
    messages: generated.messages,
    seed,
    legacyDir,
    dbFile: join(sqliteDir, DB_FILE),
    dbBytes: migrated.dbBytes,
    generateMs,
    migrateMs,
    schemaVersion: upgrade.version,
    upgradeMs: upgrade.upgradeMs
  }
}

/**
 * Data not there yet (the legacy file, and during its migration a backup and a database of about twice its size),
 * plus one run at a time of the largest size: the JSON store's rewrite beside the file, a copy of the database.
 */
export function checkStoreSpace(workDir: string, counts: number[], seed: number): SpaceCheck {
  const estimate = (n: number): number => n * STORE_SHAPE.averageBytes
  const missing = counts
    .filter((n) => migratedMeta(dataDir(workDir, n, seed)) === null)
    .reduce((sum, n) => sum + estimate(n), 0)
  const largest = estimate(Math.max(...counts))
  return spaceCheck(
    workDir,
    4 * missing + 3 * largest + MARGIN_BYTES,
    `4 × ${gigabytes(missing)} to generate and migrate + 3 × ${gigabytes(largest)} for the largest run`
  )
}
