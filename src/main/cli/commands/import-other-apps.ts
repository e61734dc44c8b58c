// Scaffold: imports from other apps (ChatGPT and Claude exports, MCP servers of Claude Desktop, Cursor, Windsurf
// and VS Code) are being built here.
import { UserError } from '../../../shared/errors'
import type { ImportFormat } from './import-formats'

const notYet = async (): Promise<never> => {
  throw new UserError('USAGE', 'This import is not available in this build yet.')
}

export const chatgptFormat: ImportFormat = { usage: '--format chatgpt conversations.json', run: notYet }
export const claudeFormat: ImportFormat = { usage: '--format claude conversations.json', run: notYet }
export const mcpFormat: ImportFormat = { usage: '--format mcp [FILE]', run: notYet }
