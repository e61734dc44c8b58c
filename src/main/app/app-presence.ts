// Marks a data folder as open in the app (the Electron window or `personal-agent serve`): each app process holds its
// own lock file, `.app-<pid>.lock` (file-lock.ts: its pid, host and start time), removed when the app closes or its
// process exits; one left by a dead process is ignored (and cleared). The CLI refuses to migrate, roll back or
// restore a backup under a live one, since that would move the files the app is using.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { acquireLock, readLockHolder, type LockHandle, type LockHolder } from '../fs/file-lock'

const APP_LOCK = /^\.app-(\d+)\.lock$/

/** Marks the folder open in this process until `release` (or the process's exit). */
export async function markAppOpen(dataDir: string): Promise<LockHandle> {
  const lock = await acquireLock(join(dataDir, `.app-${process.pid}.lock`), {
    purpose: 'the app is open',
    resource: `The data folder ${dataDir}`
  })
  const onExit = (): void => lock.release()
  process.once('exit', onExit)
  return {
    path: lock.path,
    holder: lock.holder,
    release() {
      process.removeListener('exit', onExit)
      lock.release()
    }
  }
}

/** The app process holding the folder open, other than this one, or null (stale marks are removed on the way). */
export function liveAppHolder(dataDir: string): LockHolder | null {
  let names: string[]
  try {
    names = readdirSync(dataDir)
  } catch {
    return null
  }
  for (const name of names) {
    const match = APP_LOCK.exec(name)
    if (!match || Number(match[1]) === process.pid) continue
    const path = join(dataDir, name)
    const holder = readLockHolder(path)
    if (holder && !holder.stale) return holder
    if (holder?.stale) rmSync(path, { force: true })
  }
  return null
}

/** Refuses `command` (e.g. "rollback") while the app has the folder open, saying so and what to do. */
export function refuseWhileAppOpen(dataDir: string, command: string): void {
  const holder = liveAppHolder(dataDir)
  if (!holder) return
  throw new UserError(
    'LOCKED',
    `The data folder ${dataDir} is being used by another Personal Agent process: the app is open on it (process ${holder.pid}, since ${holder.acquiredAt}). Nothing was changed. Close the app, then run "personal-agent ${command}" again.`
  )
}
