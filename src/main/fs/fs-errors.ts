// Turns storage failures (disk full, no permission, read-only disk, a database busy in another process) into
// one-line messages a user can act on.
import { isUserError, UserError } from '../../shared/errors'

/** `changed`, when given, says what state the data was left in (e.g. "Your legacy files were not changed"). */
export function fsUserError(error: unknown, dir: string, changed?: string): unknown {
  if (isUserError(error)) return error
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new UserError(
      'LOCKED',
      `The database in ${dir} is in use by another program (another Personal Agent window or command?). ${changed ? `${changed}; close` : 'Close'} it, then try again.`,
      { cause: error }
    )
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError(
      'DISK_SPACE',
      `The disk holding ${dir} is full. ${changed ? `${changed}; free` : 'Free'} some space, then try again.`,
      { cause: error }
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new UserError(
      'LEGACY_UNREADABLE',
      `Personal Agent is not allowed to write in ${dir}. ${changed ? `${changed}; give` : 'Give'} your user write access to the folder, then try again.`,
      { cause: error }
    )
  }
  if (code === 'EROFS') {
    return new UserError(
      'LEGACY_UNREADABLE',
      `${dir} is on a read-only disk. ${changed ? `${changed}; move` : 'Move'} the data folder to a writable disk (and pass it with --data-dir), then try again.`,
      { cause: error }
    )
  }
  return error
}
