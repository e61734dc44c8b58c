// Turns file-system failures (disk full, no permission, read-only disk) into one-line messages a user can act on.
import { isUserError, UserError } from '../../shared/errors'

export function fsUserError(error: unknown, dir: string, changed = 'Nothing was changed'): unknown {
  if (isUserError(error)) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError(
      'DISK_SPACE',
      `The disk holding ${dir} is full. ${changed}; free some space, then try again.`,
      { cause: error }
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new UserError(
      'LEGACY_UNREADABLE',
      `Personal Agent is not allowed to write in ${dir}. ${changed}; give your user write access to the folder, then try again.`,
      { cause: error }
    )
  }
  if (code === 'EROFS') {
    return new UserError(
      'LEGACY_UNREADABLE',
      `${dir} is on a read-only disk. ${changed}; move the data folder to a writable disk (and pass it with --data-dir), then try again.`,
      { cause: error }
    )
  }
  return error
}
