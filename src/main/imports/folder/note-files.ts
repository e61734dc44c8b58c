// The files of a notes folder: every JSON, Markdown, text and CSV file in it and its sub-folders, hidden ones aside.
// A link is followed only when it points inside the folder, and no folder is read twice (a link loop ends there);
// a link out of the folder, an unreadable entry and a file over the size limit are reported, never read.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { UserError } from '../../../shared/errors'
import { noteFormatOf } from './parse-note-file'
import type { NoteFormat } from './note-item'

export interface NoteFile {
  /** The path as found under the folder (a link's own path). */
  path: string
  rel: string
  /** The real file read (a link's target). */
  real: string
  format: NoteFormat
  size: number
  mtime: string
}

export interface SkippedEntry {
  rel: string
  reason: 'outside-link' | 'too-large' | 'unreadable' | 'broken-link'
  message: string
}

export interface FolderListing {
  root: string
  files: NoteFile[]
  skipped: SkippedEntry[]
  /** Files that are not notes (other extensions), counted for the analysis. */
  otherFiles: number
}

function inside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
}

export function listNoteFiles(dir: string, maxFileSize: number): FolderListing {
  let root: string
  try {
    root = realpathSync(dir)
    if (!statSync(root).isDirectory()) throw new Error('not a folder')
  } catch {
    throw new UserError(
      'NOT_FOUND',
      `${dir} is not a folder that can be read. Pass the folder that holds your notes.`
    )
  }
  const listing: FolderListing = { root, files: [], skipped: [], otherFiles: 0 }
  const visited = new Set<string>([root])
  // A file reached twice (itself and a link to it) is read once.
  const seenFiles = new Set<string>()
  const walk = (folder: string, shown: string): void => {
    let names: string[]
    try {
      names = readdirSync(folder).sort()
    } catch (error) {
      listing.skipped.push({
        rel: relative(dir, shown) || '.',
        reason: 'unreadable',
        message: `${shown}: the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`
      })
      return
    }
    for (const name of names) {
      if (name.startsWith('.')) continue
      const path = join(shown, name)
      const rel = relative(dir, path)
      let stats: Stats
      let real = join(folder, name)
      try {
        const own = lstatSync(real)
        if (own.isSymbolicLink()) {
          try {
            real = realpathSync(real)
          } catch {
            listing.skipped.push({
              rel,
              reason: 'broken-link',
              message: `${rel}: the link points at nothing; skipped`
            })
            continue
          }
          if (!inside(root, real)) {
            listing.skipped.push({
              rel,
              reason: 'outside-link',
              message: `${rel}: the link points outside the folder (${real}); never followed. Copy the file into the folder to import it`
            })
            continue
          }
          stats = statSync(real)
        } else stats = own
      } catch (error) {
        listing.skipped.push({
          rel,
          reason: 'unreadable',
          message: `${rel}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`
        })
        continue
      }
      if (stats.isDirectory()) {
        if (visited.has(real)) continue
        visited.add(real)
        walk(real, path)
        continue
      }
      if (!stats.isFile()) continue
      const format = noteFormatOf(name)
      if (format === null) {
        listing.otherFiles += 1
        continue
      }
      if (seenFiles.has(real)) continue
      seenFiles.add(real)
      if (stats.size > maxFileSize) {
        listing.skipped.push({
          rel,
          reason: 'too-large',
          message: `${rel}: ${stats.size} bytes, over the limit of ${maxFileSize} (--max-file-size)`
        })
        continue
      }
      listing.files.push({ path, rel, real, format, size: stats.size, mtime: stats.mtime.toISOString() })
    }
  }
  walk(root, dir)
  return listing
}
