// Reads one legacy JSON file defensively: regular file only, strict UTF-8, BOM stripped, empty files recognised,
// and parse errors turned into one-line messages with the line and column.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import type { JsonValue } from '../store/record-codec'

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

/** Reads `<dataDir>/<file>`; returns null when the file does not exist. */
export function readLegacyJson(dataDir: string, file: string): ParsedLegacyJson | null {
  const path = join(dataDir, file)
  let stats
  try {
    stats = statSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    throw new UserError(
      'LEGACY_UNREADABLE',
      `${path} cannot be read (${code}). Check the file's permissions, then try again.`,
      { cause: error }
    )
  }
  if (!stats.isFile()) {
    throw new UserError(
      'LEGACY_UNREADABLE',
      `${path} is not a regular file. Move it out of the data folder or replace it with the JSON file, then try again.`
    )
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(
      'LEGACY_UNREADABLE',
      `${path} cannot be read (${code}). Check the file's permissions, then try again.`,
      { cause: error }
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
    return { kind: 'json', value: JSON.parse(text) as JsonValue, bytes: bytes.length }
  } catch (error) {
    throw new UserError(
      'LEGACY_INVALID_JSON',
      `${path} is not valid JSON (${describeParseError(text, error)}). Repair the file or move it out of the data folder, then try again.`,
      { cause: error }
    )
  }
}
