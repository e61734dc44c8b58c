// Temp data folders, tree snapshots, and (from scripts/legacy-equality) the zero-loss comparison of legacy files.
import { createHash } from 'node:crypto'
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

export function tempDir(prefix = 'pa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A copy of a folder, for comparing against later. */
export function copyOf(dir: string): string {
  const copy = tempDir('pa-orig-')
  cpSync(dir, copy, { recursive: true })
  return copy
}

/** Path → sha256 (files), 'dir' (folders) of everything under `dir`, plus modes; the log folder and the audit trail
 * (history.db, which records even a refused action) aside. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (d === dir && (name === 'logs' || name.startsWith('history.db'))) continue
      const path = join(d, name)
      const stats = lstatSync(path)
      const rel = relative(dir, path)
      if (stats.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`
      else if (stats.isDirectory()) {
        out[rel] = `dir ${stats.mode.toString(8)}`
        walk(path)
      } else
        out[rel] =
          `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${stats.mode.toString(8)} ${stats.mtimeMs}`
    }
  }
  walk(dir)
  return out
}

/** Every file under `dir` (recursively), skipping `skip` folder names. */
export function filesUnder(dir: string, skip: string[] = []): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (skip.includes(entry.name)) continue
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else out.push(path)
    }
  }
  walk(dir)
  return out
}

export { legacyDifferences } from '../../scripts/legacy-equality'

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}
