// `serve`'s answer to the backup file dialogs (a browser tab has no native one, and a path is never typed into the
// page): copies are saved in one folder, PERSONAL_AGENT_BACKUP_COPIES or `personal-agent-backup-copies` next to the
// data folder, and "Add a backup from a file" takes the newest copy there.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { BACKUP_EXPORT_EXTENSION, type ChooseBackupFile } from '../app/backup-files'

export const BACKUP_COPIES_ENV = 'PERSONAL_AGENT_BACKUP_COPIES'

export function backupCopiesDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env[BACKUP_COPIES_ENV] || join(dirname(resolve(dataDir)), 'personal-agent-backup-copies'))
}

/** `name`, or `name` with -2, -3… before its extension when a file of that name is there already. */
function freeName(dir: string, name: string): string {
  const dot = name.lastIndexOf('.')
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
  let candidate = join(dir, name)
  for (let n = 2; existsSync(candidate); n++) candidate = join(dir, `${stem}-${n}${ext}`)
  return candidate
}

export function serveBackupFileChooser(dataDir: string): ChooseBackupFile {
  return async (choice) => {
    const dir = backupCopiesDir(dataDir)
    if (choice.action === 'save') {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      return freeName(dir, choice.suggestedName)
    }
    if (!existsSync(dir)) return null
    const copies = readdirSync(dir)
      .filter((name) => name.endsWith(`.${BACKUP_EXPORT_EXTENSION}`))
      .map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
    return copies[0]?.path ?? null
  }
}
