// Small shared React hooks: debounced values, and loading a screen's data once per data epoch.
import { useEffect, useState } from 'react'
import { useAppStore } from './stores/app'

export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return debounced
}

const loadedEpochs = new Map<string, number>()

/**
 * Runs `load` when a screen first mounts and again whenever the data changed wholesale (migration, restore),
 * but not on every visit, so lists keep their place when the user switches screens.
 */
export function useLoadOncePerEpoch(key: string, load: () => void): void {
  const epoch = useAppStore((state) => state.dataEpoch)
  useEffect(() => {
    if (loadedEpochs.get(key) === epoch) return
    loadedEpochs.set(key, epoch)
    load()
  }, [key, epoch, load])
}
