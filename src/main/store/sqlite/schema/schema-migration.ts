// The shape of one versioned schema migration of our own database (one file per version: NNNN_name.ts).

export interface SchemaMigration {
  /** Monotonic version; the file is named with it, zero-padded to four digits. */
  version: number
  /** Short snake_case name, matching the file name after the version. */
  name: string
  /** Plain SQL applied inside one transaction. */
  up: string
  /** Plain SQL that undoes `up`, when the migration can be undone. */
  down?: string
}
