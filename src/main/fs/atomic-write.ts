// Crash-safe file writes: temp file, fsync, rename, fsync of the folder. Also a durable copy that hashes as it goes.
import { createHash } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  fdatasyncSync,
  fsyncSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isProcessAlive } from './process-alive'

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

const SYNC_EVERY_BYTES = 32 * 1024 * 1024

/** fsync of a file on the thread pool, so the calling thread's event loop keeps running (progress, heartbeats). */
export async function fsyncFileAsync(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
}

/** Removes the temp files that writers of `path` killed mid-write left behind (their process is gone). */
export function removeDeadTempFiles(path: string): void {
  const prefix = `.${basename(path)}.`
  for (const name of readdirSync(dirname(path))) {
    const pid = name.startsWith(prefix) && /^(\d+)\.tmp$/.exec(name.slice(prefix.length))
    if (pid && !isProcessAlive(Number(pid[1]))) rmSync(join(dirname(path), name), { force: true })
  }
}

/** Writes `chunks` to `path` so that a crash leaves either the old file or the complete new one. */
export function writeFileAtomic(
  path: string,
  chunks: string | Buffer | Iterable<string | Buffer>,
  mode = 0o600
): void {
  const temp = tempPathFor(path)
  const fd = openSync(temp, 'w', mode)
  try {
    const parts = typeof chunks === 'string' || Buffer.isBuffer(chunks) ? [chunks] : chunks
    let unsynced = 0
    for (const part of parts) {
      const buffer = typeof part === 'string' ? Buffer.from(part, 'utf8') : part
      let offset = 0
      while (offset < buffer.length) offset += writeSync(fd, buffer, offset)
      // Flushing as it goes keeps each wait on the disk short: a large file never ends in one long fsync.
      unsynced += buffer.length
      if (unsynced >= SYNC_EVERY_BYTES) {
        fdatasyncSync(fd)
        unsynced = 0
      }
    }
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw error
  }
  closeSync(fd)
  chmodSync(temp, mode)
  renameSync(temp, path)
  fsyncDir(dirname(path))
}

export interface CopyResult {
  size: number
  sha256: string
}

/** Copies a file byte for byte (atomically at the destination) and returns the size and sha256 of what was copied. */
export function copyFileDurable(
  source: string,
  destination: string,
  mode = 0o600,
  onBytes?: (bytes: number) => void
): CopyResult {
  const hash = createHash('sha256')
  let size = 0
  function* read(): Generator<Buffer> {
    const fd = openSync(source, 'r')
    try {
      const buffer = Buffer.alloc(1 << 20)
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null)
        if (n === 0) return
        const chunk = Buffer.from(buffer.subarray(0, n))
        hash.update(chunk)
        size += n
        onBytes?.(size)
        yield chunk
      }
    } finally {
      closeSync(fd)
    }
  }
  writeFileAtomic(destination, read(), mode)
  return { size, sha256: hash.digest('hex') }
}

/** sha256 and size of a file, read in chunks. */
export function hashFile(path: string, onBytes?: (bytes: number) => void): CopyResult {
  const hash = createHash('sha256')
  let size = 0
  const fd = openSync(path, 'r')
  try {
    const buffer = Buffer.alloc(1 << 20)
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      hash.update(buffer.subarray(0, n))
      size += n
      onBytes?.(size)
    }
  } finally {
    closeSync(fd)
  }
  return { size, sha256: hash.digest('hex') }
}
