// Inter-process lock file: created with O_EXCL, names its holder, is taken over when stale, and is waited on by polling.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { UserError } from '../../shared/errors'
import { isProcessAlive } from './process-alive'

/** What a lock file records about the process holding it. */
export interface LockHolder {
  pid: number
  hostname: string
  purpose: string
  acquiredAt: string
}

export interface AcquireLockOptions {
  /** Shown to anyone who finds the lock taken, e.g. "schema upgrade". */
  purpose: string
  /** How long to keep polling for a held lock before giving up; 0 (the default) fails at once. */
  waitMs?: number
  /** What the lock protects, for the error message (default: the lock file's path). */
  resource?: string
}

export interface LockHandle {
  readonly path: string
  readonly holder: LockHolder
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void
}

const POLL_MS = 100
/** A lock file that cannot be parsed is only taken over once it is this old (its writer may be mid-write). */
const GARBAGE_STALE_MS = 10_000

type Existing =
  | { kind: 'gone' }
  | { kind: 'holder'; holder: LockHolder; raw: string }
  | { kind: 'garbage'; raw: string; ageMs: number }

export async function acquireLock(lockPath: string, options: AcquireLockOptions): Promise<LockHandle> {
  const deadline = Date.now() + (options.waitMs ?? 0)
  fs.mkdirSync(path.dirname(lockPath), { recursive: true })
  for (;;) {
    const handle = tryCreate(lockPath, options.purpose)
    if (handle) {
      removeDeadTemps(lockPath)
      return handle
    }
    const existing = readExisting(lockPath)
    if (existing.kind === 'gone') continue
    if (isStale(existing)) {
      removeIfUnchanged(lockPath, existing.raw)
      continue
    }
    if (Date.now() >= deadline) throw lockedError(lockPath, options.resource ?? lockPath, existing)
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))))
  }
}

/** The current holder of a lock file, or null when there is none or it cannot be read; `stale` means it would be taken over. */
export function readLockHolder(lockPath: string): (LockHolder & { stale: boolean }) | null {
  const existing = readExisting(lockPath)
  if (existing.kind !== 'holder') return null
  return { ...existing.holder, stale: isStale(existing) }
}

function tryCreate(lockPath: string, purpose: string): LockHandle | null {
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    purpose,
    acquiredAt: new Date().toISOString()
  }
  const raw = JSON.stringify(holder)
  if (!createComplete(lockPath, raw)) return null
  let released = false
  return {
    path: lockPath,
    holder,
    release() {
      if (released) return
      released = true
      const now = readExisting(lockPath)
      if (now.kind === 'holder' && now.raw === raw) fs.rmSync(lockPath, { force: true })
    }
  }
}

/**
 * Creates the lock file with its content in one step: the holder is written to a temp file, then hard-linked to the
 * lock path (which fails if the lock exists). A process killed at any moment never leaves an empty lock file
 * behind. Where hard links are not supported, falls back to an exclusive create followed by the write.
 */
function createComplete(lockPath: string, raw: string): boolean {
  const temp = `${lockPath}.${process.pid}.${Date.now()}.tmp`
  writeSynced(temp, raw, 'w')
  try {
    fs.linkSync(temp, lockPath)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw error
  } finally {
    fs.rmSync(temp, { force: true })
  }
  try {
    writeSynced(lockPath, raw, 'wx')
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** Temp files of lock holders that died between writing and linking. */
function removeDeadTemps(lockPath: string): void {
  const prefix = `${path.basename(lockPath)}.`
  for (const name of fs.readdirSync(path.dirname(lockPath))) {
    const match = name.startsWith(prefix) && /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length))
    if (match && !isProcessAlive(Number(match[1])))
      fs.rmSync(path.join(path.dirname(lockPath), name), { force: true })
  }
}

function writeSynced(file: string, raw: string, flags: 'w' | 'wx'): void {
  const fd = fs.openSync(file, flags, 0o600)
  try {
    fs.writeSync(fd, raw)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

function readExisting(lockPath: string): Existing {
  let raw: string
  let ageMs: number
  try {
    raw = fs.readFileSync(lockPath, 'utf8')
    ageMs = Date.now() - fs.statSync(lockPath).mtimeMs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' }
    throw error
  }
  const holder = parseHolder(raw)
  return holder ? { kind: 'holder', holder, raw } : { kind: 'garbage', raw, ageMs }
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    const v = value as Record<string, unknown>
    if (!Number.isInteger(v.pid) || typeof v.hostname !== 'string') return null
    return {
      pid: v.pid as number,
      hostname: v.hostname,
      purpose: typeof v.purpose === 'string' ? v.purpose : 'unknown',
      acquiredAt: typeof v.acquiredAt === 'string' ? v.acquiredAt : ''
    }
  } catch {
    return null
  }
}

function isStale(existing: Exclude<Existing, { kind: 'gone' }>): boolean {
  if (existing.kind === 'garbage') return existing.ageMs > GARBAGE_STALE_MS
  return existing.holder.hostname === os.hostname() && !isProcessAlive(existing.holder.pid)
}

/**
 * Removes a stale lock file, but only the one we judged stale: it is first renamed aside (atomic), and if what we
 * moved turns out to be a newer lock another process created meanwhile, it is linked back (link fails if taken again).
 */
function removeIfUnchanged(lockPath: string, staleRaw: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`
  try {
    fs.renameSync(lockPath, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== staleRaw) fs.linkSync(aside, lockPath)
  } catch {
    // The lock was re-created in between; it wins.
  } finally {
    fs.rmSync(aside, { force: true })
  }
}

function lockedError(
  lockPath: string,
  resource: string,
  existing: Exclude<Existing, { kind: 'gone' }>
): UserError {
  const who =
    existing.kind === 'holder'
      ? `pid ${existing.holder.pid}${existing.holder.hostname === os.hostname() ? '' : ` on ${existing.holder.hostname}`}, ${existing.holder.purpose}`
      : `unknown pid, lock file ${lockPath} is being written`
  return new UserError(
    'LOCKED',
    `${resource} is being used by another Personal Agent process (${who}). Wait for it to finish or close it, then try again.`
  )
}
