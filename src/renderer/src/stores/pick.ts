// Reads several fields of a store in one hook; the component re-renders only when one of those fields changes.
import type { StoreApi, UseBoundStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'

export function usePick<S extends object, K extends keyof S>(
  store: UseBoundStore<StoreApi<S>>,
  ...keys: K[]
): Pick<S, K> {
  return store(
    useShallow((state: S) => {
      const picked = {} as Pick<S, K>
      for (const key of keys) picked[key] = state[key]
      return picked
    })
  )
}
