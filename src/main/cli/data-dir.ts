// Launch arguments shared by the app and the CLI: the data folder (`--data-dir`, PERSONAL_AGENT_HOME, ~/.personal-agent)
// and the one-shot launch action flags.
import { statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import type { LaunchAction } from './launch-actions'

const FLAG = '--data-dir'

/** Folder name under the home directory when nothing else is given. */
export const DEFAULT_DATA_DIR_NAME = '.personal-agent'

function expandHome(path: string): string {
  if (path === '~') return homedir()
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2))
  return path
}

function normalise(path: string): string {
  const expanded = expandHome(path.trim())
  return isAbsolute(expanded) ? resolve(expanded) : resolve(process.cwd(), expanded)
}

/** The value of the last `<flag>=<value>` or `<flag> <value>` in argv, or null when the flag is absent. */
function flagValue(argv: readonly string[], flag: string, needs: string): string | null {
  let found: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') break
    if (arg.startsWith(`${flag}=`)) {
      found = arg.slice(flag.length + 1)
    } else if (arg === flag) {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) throw new UserError('USAGE', `${flag} needs ${needs}.`)
      found = next
      i++
    } else {
      continue
    }
    if (found.trim() === '') throw new UserError('USAGE', `${flag} needs ${needs}.`)
  }
  return found
}

/** The value of the last `--data-dir=<path>` or `--data-dir <path>` in argv, or null when the flag is absent. */
export function dataDirFlag(argv: readonly string[]): string | null {
  return flagValue(argv, FLAG, `a folder path, for example ${FLAG}=~/agent-data`)
}

/** The value of `--storage-backend` in argv (sqlite, json or hybrid; checked when the store opens), or null. */
export function storageBackendFlag(argv: readonly string[]): string | null {
  return flagValue(argv, '--storage-backend', 'a backend: sqlite, json or hybrid')
}

/** The absolute data folder for this launch. Throws a USAGE UserError when `--data-dir` has no value. */
export function resolveDataDir(argv: string[], env: NodeJS.ProcessEnv): string {
  const flag = dataDirFlag(argv)
  if (flag !== null) return normalise(flag)
  const fromEnv = env['PERSONAL_AGENT_HOME']
  if (fromEnv !== undefined && fromEnv.trim() !== '') return normalise(fromEnv)
  return join(homedir(), DEFAULT_DATA_DIR_NAME)
}

/** Whether `path` is an existing folder (a link to one counts). */
export function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
}

/**
 * Refuses a data folder path that is a file, or that sits under a file (so it can never be created), with one line
 * saying which path is in the way. A folder, or a path where one can be created, passes.
 */
export function checkDataDirPath(dataDir: string): void {
  const advice =
    'Point --data-dir (or PERSONAL_AGENT_HOME) at a folder, or at a path where one can be created.'
  for (let path = dataDir; ; path = dirname(path)) {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat?.isDirectory()) return
    if (stat)
      throw new UserError(
        'USAGE',
        path === dataDir
          ? `The data folder ${dataDir} is a file, not a folder. ${advice}`
          : `The data folder ${dataDir} cannot be created: ${path} is a file, not a folder. ${advice}`
      )
    if (dirname(path) === path) return
  }
}

const LAUNCH_FLAGS: Readonly<Record<string, LaunchAction>> = {
  '--migrate-dry-run': 'migrate-dry-run',
  '--verify-migration': 'verify-migration',
  '--rollback-migration': 'rollback-migration'
}

/** The one-shot action asked for by a launch flag, or by PERSONAL_AGENT_ROLLBACK=true; null for a normal launch. */
export function resolveLaunchAction(argv: readonly string[], env: NodeJS.ProcessEnv): LaunchAction | null {
  for (const arg of argv) {
    if (arg === '--') break
    if (Object.hasOwn(LAUNCH_FLAGS, arg)) return LAUNCH_FLAGS[arg] ?? null
  }
  return env['PERSONAL_AGENT_ROLLBACK']?.trim().toLowerCase() === 'true' ? 'rollback-migration' : null
}
