// Error codes a user can see, and the error type that carries them across the IPC bridge and to the CLI.

export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'LEGACY_UNREADABLE'
  | 'LEGACY_INVALID_JSON'
  | 'DISK_SPACE'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'LOCKED'
  | 'NEWER_SCHEMA'
  | 'SCHEMA_CHECKSUM'
  | 'BACKUP_MISMATCH'
  | 'VERIFY_FAILED'
  | 'WRONG_STATE'
  | 'STORE_FAILED'
  | 'INTERNAL'
  | 'MCP_FAILED'

/** An error meant for the user: `message` names the file, what went wrong, and what to do. */
export class UserError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'UserError'
    this.code = code
  }
}

/** The serialisable form of an error, as the renderer receives it. */
export interface ErrorPayload {
  code: ErrorCode
  message: string
}

export function isUserError(value: unknown): value is UserError {
  return value instanceof UserError
}
