// Store factories for lists the main process keeps: a loaded list (with its loading and error state), and a list
// of records with create, update and delete on top.
import { create, type StoreApi, type UseBoundStore } from 'zustand'
import { errorMessage } from '../api'

export interface ListState<T> {
  items: T[]
  /** True once the first answer (items or error) has arrived. */
  loaded: boolean
  loading: boolean
  error: string | null
  load(): Promise<void>
}

export interface RecordListState<T, I> extends ListState<T> {
  create(input: I): Promise<T>
  update(id: string, patch: Partial<I>): Promise<T>
  remove(id: string): Promise<void>
}

/** The main-process calls behind a record list. */
export interface RecordApi<T, I> {
  list(): Promise<T[]>
  create(input: I): Promise<T>
  update(id: string, patch: Partial<I>): Promise<T>
  remove(id: string): Promise<void>
}

export interface RecordListOptions<T> {
  /** Puts the list in order after a record was added or changed (e.g. a new default un-marks the old one). */
  arrange?: (items: T[], changed: T) => T[]
  /** Loads the list again after a delete, for lists where main changes other records too. */
  reloadAfterRemove?: boolean
}

type Setter<S> = StoreApi<S>['setState']
type Getter<S> = StoreApi<S>['getState']
/** What a store adds to the list: its own state and actions. */
type Extension<S, X> = (set: Setter<S>, get: Getter<S>) => X

export type Store<S> = UseBoundStore<StoreApi<S>>

function listSlice<T>(fetch: () => Promise<T[]>, set: Setter<ListState<T>>): ListState<T> {
  return {
    items: [],
    loaded: false,
    loading: false,
    error: null,
    async load() {
      set({ loading: true, error: null })
      try {
        const items = await fetch()
        set({ items, loaded: true, loading: false })
      } catch (error) {
        set({ loaded: true, loading: false, error: errorMessage(error) })
      }
    }
  }
}

export function createListStore<T, X extends object>(
  fetch: () => Promise<T[]>,
  extend: Extension<ListState<T> & X, X>
): Store<ListState<T> & X> {
  return create<ListState<T> & X>()((set, get) => ({
    ...listSlice(fetch, set),
    ...extend(set, get)
  }))
}

function recordSlice<T extends { id: string }, I>(
  api: RecordApi<T, I>,
  options: RecordListOptions<T>,
  set: Setter<ListState<T>>,
  get: Getter<ListState<T>>
): Omit<RecordListState<T, I>, keyof ListState<T>> {
  const arrange = options.arrange ?? ((items: T[]) => items)
  return {
    async create(input) {
      const created = await api.create(input)
      set({ items: arrange([...get().items, created], created) })
      return created
    },

    async update(id, patch) {
      const updated = await api.update(id, patch)
      set({ items: arrange(replaceItem(get().items, updated), updated) })
      return updated
    },

    async remove(id) {
      await api.remove(id)
      set({ items: get().items.filter((item) => item.id !== id) })
      if (options.reloadAfterRemove) void get().load()
    }
  }
}

export function createRecordListStore<T extends { id: string }, I, X extends object>(
  api: RecordApi<T, I>,
  options: RecordListOptions<T> = {},
  extend: Extension<RecordListState<T, I> & X, X>
): Store<RecordListState<T, I> & X> {
  return create<RecordListState<T, I> & X>()((set, get) => ({
    ...listSlice(api.list, set),
    ...recordSlice(api, options, set, get),
    ...extend(set, get)
  }))
}

/** The list with the record of the same id swapped for `record`. */
export function replaceItem<T extends { id: string }>(items: T[], record: T): T[] {
  return items.map((item) => (item.id === record.id ? record : item))
}
