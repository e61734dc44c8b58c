// The open store for the use cases, or the refusal that says why there is none: a backend that could not open, a
// database written by a newer version, or data not migrated yet.
import { UserError } from '../../shared/errors'
import type { MigrationStateName } from '../../shared/types'
import type { Store } from '../store/store'

/** The store the use cases work on right now (a backend switch or a rollback replaces it), or a UserError. */
export type NeedStore = () => Store

export interface StoreAccessOptions {
  /** The open store, or null. */
  current: () => Store | null
  /** Why the chosen backend could not open, or null. */
  backendNotice: () => string | null
  /** The data folder's migration state. */
  state: () => MigrationStateName
  /** The database file, for the "newer version" message. */
  dbPath: string
}

export function storeAccess(options: StoreAccessOptions): NeedStore {
  return () => {
    const store = options.current()
    if (store) return store
    const notice = options.backendNotice()
    if (notice) throw new UserError('STORE_FAILED', notice)
    if (options.state() === 'newer-schema')
      throw new UserError(
        'NEWER_SCHEMA',
        `${options.dbPath} was written by a newer version of Personal Agent. Update Personal Agent to open it.`
      )
    throw new UserError(
      'WRONG_STATE',
      'Your data has not been migrated yet. Choose "Migrate now" to continue.'
    )
  }
}
