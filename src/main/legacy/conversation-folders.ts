// Finds the files of the conversation folders (`conversations/<id>.json`, `sessions/<hash>.json`) in a data folder
// or a backup, and names the marker a migrated one is renamed to. Only `*.json` entries count: anything else in
// those folders (notes, `.migrated` markers, subfolders) is left alone.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { CONVERSATION_FOLDERS, isConversationFolderFile, type ConversationFolderFile } from './legacy-files'

/** What a migrated folder file is renamed to, once the migration is verified: `<id>.json.migrated`. */
export const RETIRED_SUFFIX = '.migrated'

export function retiredName(file: ConversationFolderFile): string {
  return `${file}${RETIRED_SUFFIX}`
}

/** The path of a file named relative to `dir` (names always use '/'). */
export function pathIn(dir: string, file: string): string {
  return join(dir, ...file.split('/'))
}

function folderEntries(dir: string, folder: string): string[] {
  const path = join(dir, folder)
  try {
    // A link to a folder is followed here; reading its files checks that it stays inside the data folder.
    if (!statSync(path).isDirectory()) return []
    return readdirSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return []
    throw new UserError(
      'LEGACY_UNREADABLE',
      `${path} cannot be read (${code}). Check the folder's permissions, then try again.`,
      { cause: error }
    )
  }
}

/** The `*.json` files of the conversation folders, `conversations/` first, each folder in name order. */
export function conversationFolderFiles(dir: string): ConversationFolderFile[] {
  const files: ConversationFolderFile[] = []
  for (const folder of CONVERSATION_FOLDERS) {
    const names = folderEntries(dir, folder).sort()
    for (const name of names) {
      const file = `${folder}/${name}`
      if (isConversationFolderFile(file)) files.push(file)
    }
  }
  return files
}
