// The inter-process lock file: exclusive while held, taken over when its holder is gone, waited on, released once.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireLock, readLockHolder } from '../src/main/fs/file-lock'
import { UserError } from '../src/shared/errors'

let dir: string
let lockPath: string

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-lock-'))
  lockPath = path.join(dir, 'store.db.lock')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The pid of a process that has exited (and been reaped), so nothing answers to it. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise<void>((resolve) => child.on('exit', () => resolve()))
  expect(child.pid).toBeTypeOf('number')
  return child.pid!
}

async function lockedError(promise: Promise<unknown>): Promise<UserError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

describe('acquireLock', () => {
  it('writes the holder into the lock file and removes it on release', async () => {
    const lock = await acquireLock(lockPath, { purpose: 'testing' })
    const written = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Record<string, unknown>
    expect(written).toMatchObject({ pid: process.pid, hostname: os.hostname(), purpose: 'testing' })
    expect(Date.parse(String(written.acquiredAt))).not.toBeNaN()
    expect(readLockHolder(lockPath)).toMatchObject({ pid: process.pid, purpose: 'testing', stale: false })
    lock.release()
    expect(fs.existsSync(lockPath)).toBe(false)
    expect(readLockHolder(lockPath)).toBeNull()
  })

  it('refuses a second holder with LOCKED, naming the holder pid and purpose', async () => {
    const first = await acquireLock(lockPath, { purpose: 'migrating' })
    const error = await lockedError(
      acquireLock(lockPath, { purpose: 'other', waitMs: 0, resource: 'store.db' })
    )
    expect(error.code).toBe('LOCKED')
    expect(error.message).toContain(
      `store.db is being used by another Personal Agent process (pid ${process.pid}, migrating)`
    )
    expect(error.message).toContain('Wait for it to finish or close it, then try again.')
    expect(error.message).not.toContain('\n')
    // The refused attempt must not have disturbed the holder's file.
    expect(readLockHolder(lockPath)).toMatchObject({ pid: process.pid, purpose: 'migrating' })
    first.release()
  })

  it('takes over a lock left by a process that no longer exists', async () => {
    const pid = await deadPid()
    const stale = { pid, hostname: os.hostname(), purpose: 'crashed', acquiredAt: new Date().toISOString() }
    fs.writeFileSync(lockPath, JSON.stringify(stale))
    expect(readLockHolder(lockPath)).toMatchObject({ pid, stale: true })
    const lock = await acquireLock(lockPath, { purpose: 'taking over' })
    expect(readLockHolder(lockPath)).toMatchObject({ pid: process.pid, purpose: 'taking over' })
    lock.release()
  })

  it('does not take over a dead pid recorded on another host (it may be alive there)', async () => {
    const pid = await deadPid()
    fs.writeFileSync(
      lockPath,
      JSON.stringify({ pid, hostname: `${os.hostname()}-elsewhere`, purpose: 'remote', acquiredAt: '' })
    )
    const error = await lockedError(acquireLock(lockPath, { purpose: 'x' }))
    expect(error.code).toBe('LOCKED')
    expect(error.message).toContain(`pid ${pid} on ${os.hostname()}-elsewhere, remote`)
  })

  it('treats an unreadable lock file as held while young and as stale once older than 10 s', async () => {
    fs.writeFileSync(lockPath, '{"pid": 12')
    expect((await lockedError(acquireLock(lockPath, { purpose: 'x' }))).code).toBe('LOCKED')
    const old = new Date(Date.now() - 11_000)
    fs.utimesSync(lockPath, old, old)
    const lock = await acquireLock(lockPath, { purpose: 'after garbage' })
    expect(readLockHolder(lockPath)).toMatchObject({ pid: process.pid, purpose: 'after garbage' })
    lock.release()
  })

  it('with waitMs, waits for the holder to release, polling rather than failing at once', async () => {
    const first = await acquireLock(lockPath, { purpose: 'first' })
    const started = Date.now()
    setTimeout(() => first.release(), 300)
    const second = await acquireLock(lockPath, { purpose: 'second', waitMs: 5_000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(readLockHolder(lockPath)).toMatchObject({ purpose: 'second' })
    second.release()
  })

  it('with waitMs, gives up with LOCKED when the holder keeps it', async () => {
    const first = await acquireLock(lockPath, { purpose: 'first' })
    const started = Date.now()
    const error = await lockedError(acquireLock(lockPath, { purpose: 'second', waitMs: 350 }))
    expect(error.code).toBe('LOCKED')
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
    first.release()
  })

  it('release is idempotent and never removes a lock someone else took since', async () => {
    const first = await acquireLock(lockPath, { purpose: 'first' })
    first.release()
    expect(() => first.release()).not.toThrow()
    const second = await acquireLock(lockPath, { purpose: 'second' })
    first.release()
    expect(readLockHolder(lockPath)).toMatchObject({ purpose: 'second' })
    second.release()
    expect(fs.existsSync(lockPath)).toBe(false)
  })

  it('release leaves alone a lock file that now names another pid', async () => {
    const lock = await acquireLock(lockPath, { purpose: 'mine' })
    const other = { pid: process.pid + 1, hostname: os.hostname(), purpose: 'theirs', acquiredAt: '' }
    fs.writeFileSync(lockPath, JSON.stringify(other))
    lock.release()
    expect(fs.existsSync(lockPath)).toBe(true)
  })
})
