// Builds stores that wrap another store's methods (counting writes, falling back on reads), for methods that may
// answer directly or with a promise.
import { UserError } from '../../shared/errors'

/** The names of T's methods. */
export type MethodName<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never
}[keyof T] &
  string

/** `run(name, call)` decides how each listed method runs; `call(target)` invokes that method on a target. */
export type Around<T> = (name: MethodName<T>, call: (target: T) => unknown) => unknown

export function wrapMethods<T extends object>(names: readonly MethodName<T>[], around: Around<T>): T {
  const wrapped: Record<string, unknown> = {}
  for (const name of names) {
    wrapped[name] = (...args: unknown[]): unknown =>
      around(name, (target) => (target[name] as (...a: unknown[]) => unknown).apply(target, args))
  }
  return wrapped as T
}

/** Runs `call`, then `done` on success or `failed` on an error, whether `call` answers directly or with a promise. */
export function settle(
  call: () => unknown,
  done: (value: unknown) => unknown,
  failed: (error: unknown) => unknown
): unknown {
  let result: unknown
  try {
    result = call()
  } catch (error) {
    return failed(error)
  }
  return result instanceof Promise ? result.then(done, failed) : done(result)
}

/** A refusal of the user's input (not found, invalid): the store worked, so it is no store error. */
export function isUserRefusal(error: unknown): boolean {
  return error instanceof UserError
}
