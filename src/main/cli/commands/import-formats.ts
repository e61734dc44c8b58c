// The formats `personal-agent import` knows, each with the function that runs it. One entry per format; the folder
// import is the default when no --format is given.
import type { CommandContext, CommandResult } from '../cli-command'
import { folderFormat } from './import-folder'
import { localStorageFormat } from './import-localstorage'
import { chatgptFormat, claudeFormat, mcpFormat } from './import-other-apps'

export interface ImportFormat {
  /** One line for the usage text, e.g. `--format localstorage DUMP.json`. */
  usage: string
  run(context: CommandContext): Promise<CommandResult>
}

export const IMPORT_FORMATS: Record<string, ImportFormat> = {
  folder: folderFormat,
  localstorage: localStorageFormat,
  chatgpt: chatgptFormat,
  claude: claudeFormat,
  mcp: mcpFormat
}
