// Small shared React hooks: debounced values, loading a screen's data once per data epoch, a form's values, and
// running an action with its busy state and its error.
import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from './api'
import { useAppStore } from './stores/app'
import { notify } from './stores/notices'

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

/** A problem with what the user entered: its message is shown as it is, in place. */
export class InputProblem extends Error {}

export interface AsyncAction {
  busy: boolean
  /** The message of the last run's failure, until the next run. */
  error: string | null
  /** Runs `action`, busy meanwhile; resolves false (with `error` set) when it throws. */
  run(action: () => Promise<void>): Promise<boolean>
}

/**
 * Runs one user action at a time for a component. `inline`: the component shows `error` in place; `notice`: the
 * error is shown as a notice in the corner instead.
 */
export function useAsyncAction(report: 'inline' | 'notice' = 'inline'): AsyncAction {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (action: () => Promise<void>): Promise<boolean> => {
      setBusy(true)
      setError(null)
      try {
        await action()
        return true
      } catch (caught) {
        const message = caught instanceof InputProblem ? caught.message : errorMessage(caught)
        if (report === 'notice') notify(message, 'error')
        else setError(message)
        return false
      } finally {
        setBusy(false)
      }
    },
    [report]
  )
  return { busy, error, run }
}

export interface FormState<V> {
  values: V
  /** The `value` and `onChange` of the control for one value. */
  bind<K extends keyof V>(key: K): { value: V[K]; onChange: (value: V[K]) => void }
}

/** The values of a form's controls, starting from `initial`. */
export function useForm<V extends object>(initial: V | (() => V)): FormState<V> {
  const [values, setValues] = useState<V>(initial)
  const bind = <K extends keyof V>(key: K) => ({
    value: values[key],
    onChange: (value: V[K]) => setValues((current) => ({ ...current, [key]: value }))
  })
  return { values, bind }
}
