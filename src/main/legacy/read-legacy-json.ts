// Reads one legacy JSON file defensively: regular files (or links that stay inside the data folder) of a readable
// size, strict UTF-8 (UTF-16 named as such), BOM stripped, empty files recognised, and parse errors turned into
// one-line messages with the line and column.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { UserError } from '../../shared/errors'
import type { JsonValue } from '../store/record-codec'
import { parseJsonText } from '../store/json-text'

export type ParsedLegacyJson =
  { kind: 'empty'; bytes: number } | { kind: 'json'; value: JsonValue; bytes: number }

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

function describeParseError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const at = /at position (\d+)/.exec(message)
  // "Unexpected end of JSON input" has no position: the problem is at the end.
  const where = lineAndColumn(text, at ? Number(at[1]) : text.length)
  const what = message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the file ends too early')
  return `${where}: ${what}`
}

/** The largest legacy file this version reads whole: V8 cannot hold a longer string. */
export const MAX_LEGACY_FILE_BYTES = 512 * 1024 * 1024

function unreadable(path: string, problem: string, fix: string, cause?: unknown): UserError {
  return new UserError('LEGACY_UNREADABLE', `${path} ${problem}. ${fix}`, { cause })
}

function cannotRead(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code
  return unreadable(path, `cannot be read (${code})`, "Check the file's permissions, then try again.", error)
}

/**
 * The path to read for a legacy file: the file itself, or the target of a link that stays inside the data folder.
 * Null when there is no such entry at all.
 */
function resolveLegacyPath(dataDir: string, path: string): string | null {
  let link
  try {
    link = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw cannotRead(path, error)
  }
  if (!link.isSymbolicLink()) return path
  let target: string
  try {
    target = realpathSync(path)
  } catch (error) {
    throw unreadable(
      path,
      'is a link to a file that does not exist',
      'Restore the file it points to, or remove the link, then try again.',
      error
    )
  }
  const root = realpathSync(dataDir)
  if (!target.startsWith(root + sep)) {
    throw unreadable(
      path,
      `is a link to ${target}, outside the data folder`,
      'Copy the file into the data folder instead of linking to it, then try again.'
    )
  }
  return target
}

/** Reads `<dataDir>/<file>`; returns null when the file does not exist. */
export function readLegacyJson(dataDir: string, file: string): ParsedLegacyJson | null {
  const path = join(dataDir, file)
  const source = resolveLegacyPath(dataDir, path)
  if (source === null) return null
  let stats
  try {
    stats = statSync(source)
  } catch (error) {
    throw cannotRead(path, error)
  }
  if (!stats.isFile()) {
    throw unreadable(
      path,
      'is not a regular file',
      'Move it out of the data folder or replace it with the JSON file, then try again.'
    )
  }
  if (stats.size > MAX_LEGACY_FILE_BYTES) {
    throw unreadable(
      path,
      `is ${(stats.size / 1024 ** 3).toFixed(1)} GB, more than this version can read (${MAX_LEGACY_FILE_BYTES / 1024 ** 2} MB)`,
      'Check that it really is your Personal Agent data (a damaged or sparse file can look this big); keep the old app until an update reads larger histories.'
    )
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(source)
  } catch (error) {
    throw cannotRead(path, error)
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is UTF-16 text. Save it as UTF-8 (any text editor can), then try again.`
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (error) {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is not valid UTF-8 text. Save it as UTF-8 (or restore it from a copy), then try again.`,
      { cause: error }
    )
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') return { kind: 'empty', bytes: bytes.length }
  try {
    return { kind: 'json', value: parseJsonText(text), bytes: bytes.length }
  } catch (error) {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is not valid JSON (${describeParseError(text, error)}). Repair the file or move it out of the data folder, then try again.`,
      { cause: error }
    )
  }
}
