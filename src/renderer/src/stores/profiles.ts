// Model profiles: list, add, edit, delete and the single default. API keys go in; only masked keys come back.
import { create } from 'zustand'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { call, errorMessage } from '../api'

interface ProfilesState {
  items: ProfileView[]
  loaded: boolean
  loading: boolean
  error: string | null
  load(): Promise<void>
  create(input: ProfileInput): Promise<ProfileView>
  update(id: string, patch: Partial<ProfileInput>): Promise<ProfileView>
  remove(id: string): Promise<void>
  setDefault(id: string): Promise<void>
}

/** Keeps exactly one default in view: the given one, or whichever the list says. */
function withDefault(items: ProfileView[], defaultId: string): ProfileView[] {
  return items.map((item) => ({ ...item, isDefault: item.id === defaultId }))
}

export const useProfiles = create<ProfilesState>()((set, get) => ({
  items: [],
  loaded: false,
  loading: false,
  error: null,

  async load() {
    set({ loading: true, error: null })
    try {
      const items = await call('profiles:list')
      set({ items, loaded: true, loading: false })
    } catch (error) {
      set({ loaded: true, loading: false, error: errorMessage(error) })
    }
  },

  async create(input) {
    const created = await call('profiles:create', input)
    const items = [...get().items, created]
    set({ items: created.isDefault ? withDefault(items, created.id) : items })
    return created
  },

  async update(id, patch) {
    const updated = await call('profiles:update', { id, patch })
    const items = get().items.map((item) => (item.id === id ? updated : item))
    set({ items: updated.isDefault ? withDefault(items, updated.id) : items })
    return updated
  },

  async remove(id) {
    await call('profiles:delete', { id })
    set({ items: get().items.filter((item) => item.id !== id) })
    // Deleting the default may promote another one in main: take the list as it now is.
    void get().load()
  },

  async setDefault(id) {
    const updated = await call('profiles:setDefault', { id })
    set({
      items: withDefault(
        get().items.map((item) => (item.id === id ? updated : item)),
        id
      )
    })
  }
}))
