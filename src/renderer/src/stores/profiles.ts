// Model profiles: list, add, edit, delete and the single default. API keys go in; only masked keys come back.
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { call } from '../api'
import { createRecordListStore, replaceItem } from './record-list'

/** Keeps exactly one default in view: the given one, or whichever the list says. */
function withDefault(items: ProfileView[], defaultId: string): ProfileView[] {
  return items.map((item) => ({ ...item, isDefault: item.id === defaultId }))
}

export const useProfiles = createRecordListStore<
  ProfileView,
  ProfileInput,
  { setDefault(id: string): Promise<void> }
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
    }
  })
)
