// Temp data folders, tree snapshots, and "JSON-equal, key order aside" comparison of legacy files.
import { createHash } from 'node:crypto'
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { canonicalJson } from '../../src/main/store/canonical-json'
import type { JsonValue } from '../../src/main/store/record-codec'
import { LEGACY_FILES } from '../../src/main/legacy/legacy-files'

export function tempDir(prefix = 'pa-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A copy of a folder, for comparing against later. */
export function copyOf(dir: string): string {
  const copy = tempDir('pa-orig-')
  cpSync(dir, copy, { recursive: true })
  return copy
}

/** Path → sha256 (files), 'dir' (folders) of everything under `dir`, plus modes; the log folder aside. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (d === dir && name === 'logs') continue
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

export function parseLoose(path: string): JsonValue | '<empty>' {
  let text = readFileSync(path, 'utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  return text.trim() === '' ? '<empty>' : (JSON.parse(text) as JsonValue)
}

/** Lists the legacy files that differ (JSON-equal, key order aside) between two folders. */
export function legacyDifferences(expectedDir: string, actualDir: string): string[] {
  const problems: string[] = []
  for (const file of LEGACY_FILES) {
    const a = join(expectedDir, file)
    const b = join(actualDir, file)
    if (!existsSync(a) && !existsSync(b)) continue
    if (existsSync(a) !== existsSync(b)) {
      problems.push(`${file}: present in only one folder`)
      continue
    }
    const left = parseLoose(a)
    const right = parseLoose(b)
    const l = left === '<empty>' ? left : canonicalJson(left)
    const r = right === '<empty>' ? right : canonicalJson(right)
    if (l !== r) {
      let i = 0
      while (l[i] === r[i]) i++
      problems.push(
        `${file}: differs near …${l.slice(Math.max(0, i - 60), i + 60)}… vs …${r.slice(Math.max(0, i - 60), i + 60)}…`
      )
    }
  }
  return problems
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}
