// What the migration screen shows before the engine's first progress: the legacy files it is about to read, with
// their sizes (a conversation folder as one line), so a slow start is never a bare spinner.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { MigrationProgress, PreparingFile } from '../../shared/types'
import { presentLegacyFiles } from './detect-state'

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** The legacy files of `dataDir`: the three files by name, each conversation folder as `folder/ (N files)`. */
export function preparingFiles(dataDir: string): PreparingFile[] {
  const files: PreparingFile[] = []
  const folders = new Map<string, { count: number; bytes: number }>()
  for (const file of presentLegacyFiles(dataDir)) {
    const bytes = sizeOf(join(dataDir, file))
    const slash = file.indexOf('/')
    if (slash < 0) {
      files.push({ name: file, bytes, count: 1 })
      continue
    }
    const folder = folders.get(file.slice(0, slash + 1)) ?? { count: 0, bytes: 0 }
    folders.set(file.slice(0, slash + 1), { count: folder.count + 1, bytes: folder.bytes + bytes })
  }
  for (const [name, folder] of folders) files.push({ name, bytes: folder.bytes, count: folder.count })
  return files
}

/** The first progress of a run: preparing, nothing done yet, the files listed. */
export function preparingProgress(dataDir: string): MigrationProgress {
  const preparing = preparingFiles(dataDir)
  return {
    phase: 'detect',
    done: 0,
    total: 0,
    bytesDone: 0,
    bytesTotal: preparing.reduce((sum, file) => sum + file.bytes, 0),
    fraction: 0,
    etaMs: null,
    message: 'Reading the old app’s files',
    preparing
  }
}
