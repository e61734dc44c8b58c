// Small shared React hooks: debounced values, and loading a screen's data once per data epoch.
import { useEffect, useState, type KeyboardEvent } from 'react'
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

/** Moves focus between the items matching `selector` inside a list with the arrow keys, Home and End. */
export function moveFocusInList(event: KeyboardEvent<HTMLElement>, selector: string): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End']
  if (!keys.includes(event.key)) return
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>(selector)]
  if (items.length === 0) return
  const index = items.findIndex((item) => item === document.activeElement)
  let next = index
  if (event.key === 'ArrowDown') next = index < 0 ? 0 : Math.min(index + 1, items.length - 1)
  if (event.key === 'ArrowUp') next = index < 0 ? 0 : Math.max(index - 1, 0)
  if (event.key === 'Home') next = 0
  if (event.key === 'End') next = items.length - 1
  event.preventDefault()
  items[next]?.focus()
}
