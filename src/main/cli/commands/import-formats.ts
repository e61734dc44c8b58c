// The formats `personal-agent import` knows, each with the function that runs it. One entry per format; the folder
// import is the default when no --format is given.
import type { CommandContext, CommandResult } from '../cli-command'

export interface ImportFormat {
  /** One line for the usage text, e.g. `--format localstorage DUMP.json`. */
  usage: string
  run(context: CommandContext): Promise<CommandResult>
}

export const IMPORT_FORMATS: Record<string, ImportFormat> = {}
