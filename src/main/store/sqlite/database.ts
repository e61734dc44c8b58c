// Opens the SQLite store: WAL, busy timeout, foreign keys, and the sqlite-vec extension loaded for vector search.
import Database from 'better-sqlite3'
import * as sqliteVec from 'sqlite-vec'

export type Db = Database.Database

export interface OpenOptions {
  readonly?: boolean
  /** Skip loading sqlite-vec (only for tools that never touch vector tables). */
  withoutVec?: boolean
}

/** Path of sqlite-vec's loadable library, rewritten out of app.asar when packaged (loadExtension cannot read an archive). */
function vecLibraryPath(): string {
  return sqliteVec.getLoadablePath().replace(`app.asar${'/'}`, 'app.asar.unpacked/')
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false
  })
  db.pragma('busy_timeout = 5000')
  if (!options.readonly) db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  if (!options.withoutVec) db.loadExtension(vecLibraryPath())
  return db
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}
