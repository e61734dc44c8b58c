// The path a source needs, or a clear request to choose one first.
import { UserError } from '../../../shared/errors'

export function needPath(path: string | null, what: string): string {
  if (path === null) throw new UserError('INVALID_INPUT', `Choose ${what} to import first.`)
  return path
}
