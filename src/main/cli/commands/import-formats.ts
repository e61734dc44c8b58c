// The formats `personal-agent import` knows, each with the function that runs it. One entry per format; the folder
// import is the default when no --format is given.
import type { ImportFormat } from '../cli-command'
import { folderFormat } from './import-folder'
import { legacyFormat } from './import-legacy'
import { localStorageFormat } from './import-localstorage'
import { chatgptFormat, claudeFormat, mcpFormat } from './import-other-apps'

export const IMPORT_FORMATS: Record<string, ImportFormat> = {
  folder: folderFormat,
  localstorage: localStorageFormat,
  chatgpt: chatgptFormat,
  claude: claudeFormat,
  mcp: mcpFormat,
  legacy: legacyFormat
}
