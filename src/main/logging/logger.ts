// The app's log: electron-log (its Node entry, so the CLI and tests use the same code) writing to <data-dir>/logs/,
// rotated at 5 MB, with every line redacted. Nothing goes to the terminal: users see one-line messages instead.
import log from 'electron-log/node'
import { accessSync, constants, existsSync } from 'node:fs'
import { join } from 'node:path'
import { redactValue } from './redact'

export type Logger = Pick<typeof log, 'info' | 'warn' | 'error' | 'debug'>

let configuredDir: string | null = null

// Until a data folder is known there is nowhere to log to; the terminal never gets log lines.
log.transports.console.level = false
log.transports.file.level = false

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'main.log')
}

/** Points the log at a data folder. Safe to call again (e.g. a test with another folder). */
export function configureLogging(dataDir: string): Logger {
  if (configuredDir === dataDir) return log
  configuredDir = dataDir
  // A folder that cannot hold logs (read-only disk, no permission) gets none, rather than errors on the terminal.
  // Checked without creating anything: the logs folder appears only when there is something to log.
  const logs = join(dataDir, 'logs')
  try {
    accessSync(existsSync(logs) ? logs : dataDir, constants.W_OK)
    log.transports.file.level = 'debug'
  } catch {
    log.transports.file.level = false
  }
  log.transports.file.maxSize = 5 * 1024 * 1024
  log.transports.file.resolvePathFn = () => logFilePath(dataDir)
  if (log.hooks.length === 0) {
    log.hooks.push((message) => {
      message.data = message.data.map(redactValue)
      return message
    })
  }
  return log
}

export const logger: Logger = log
