// Model profiles: list, add, edit, delete and the single default; each one's "Test connection" line, and the models
// an endpoint lists. API keys go in; only masked keys (and lines without them) come back.
import type { ConnectionCheckView, ModelListRequest, ModelListView } from '../../../shared/chat-types'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { call, errorMessage } from '../api'
import { createRecordListStore, replaceItem } from './record-list'

/** Keeps exactly one default in view: the given one, or whichever the list says. */
function withDefault(items: ProfileView[], defaultId: string): ProfileView[] {
  return items.map((item) => ({ ...item, isDefault: item.id === defaultId }))
}

/** A profile's connection test: running, or its last line. */
export type ConnectionState = 'testing' | ConnectionCheckView

export const useProfiles = createRecordListStore<
  ProfileView,
  ProfileInput,
  {
    setDefault(id: string): Promise<void>
    /** The last "Test connection" of each profile, by id. */
    checks: Record<string, ConnectionState>
    testConnection(id: string): Promise<void>
    /** Drops a profile's last test (its settings changed, so the line no longer says how it is). */
    forgetCheck(id: string): void
  }
>(
  {
    list: () => call('profiles:list'),
    create: (input) => call('profiles:create', input),
    update: (id, patch) => call('profiles:update', { id, patch }),
    remove: (id) => call('profiles:delete', { id })
  },
  {
    arrange: (items, changed) => (changed.isDefault ? withDefault(items, changed.id) : items),
    // Deleting the default may promote another one in main: take the list as it now is.
    reloadAfterRemove: true
  },
  (set, get) => ({
    async setDefault(id) {
      const updated = await call('profiles:setDefault', { id })
      set({ items: withDefault(replaceItem(get().items, updated), id) })
    },
    checks: {},
    async testConnection(id) {
      const done = (check: ConnectionState): void => set({ checks: { ...get().checks, [id]: check } })
      done('testing')
      try {
        done(await call('profiles:testConnection', { id }))
      } catch (error) {
        done({ ok: false, line: errorMessage(error), kind: null, ms: null })
      }
    },
    forgetCheck(id) {
      set({ checks: Object.fromEntries(Object.entries(get().checks).filter(([key]) => key !== id)) })
    }
  })
)

/** The models the form's endpoint lists; a failed call answers like an endpoint that listed none, with its line. */
export async function fetchModels(request: ModelListRequest): Promise<ModelListView> {
  try {
    return await call('profiles:fetchModels', request)
  } catch (error) {
    return { ok: false, models: [], line: errorMessage(error) }
  }
}
