// settings.json in the data folder: the choices made in the app (storage backend, search embedder). Read leniently
// (an unreadable file counts as no choice), written atomically with the other keys kept.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../fs/atomic-write'
import { isPlainObject } from '../base/record-codec'

export const SETTINGS_FILE = 'settings.json'

export function readSettings(dataDir: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8'))
    return isPlainObject(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

/** Sets the given keys, keeping every other one. */
export function writeSettings(dataDir: string, patch: Record<string, unknown>): void {
  const settings = { ...readSettings(dataDir), ...patch }
  writeFileAtomic(join(dataDir, SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`)
}
