// Reads one listed file and parses it, with the sha256 of its bytes (what an incremental import compares). Used on
// the writing thread with one worker, and inside each parsing worker otherwise.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { NoteFile } from './note-files'
import type { ParsedFile } from './note-item'
import { parseNoteFile } from './parse-note-file'

export interface ReadResult {
  fileHash: string
  parsed: ParsedFile
  /** The file could not be read at all (it vanished or lost its permissions since the listing). */
  error: string | null
}

/** sha256 of a file's bytes, or null when it cannot be read. */
export function fileSha256(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex')
  } catch {
    return null
  }
}

export function readNoteFile(file: Pick<NoteFile, 'real' | 'rel' | 'format' | 'mtime'>): ReadResult {
  let bytes: Buffer
  try {
    bytes = readFileSync(file.real)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return {
      fileHash: '',
      parsed: { items: [], quarantined: [], warnings: [] },
      error: `${file.rel}: cannot be read (${code}); check that it exists and that you may read it`
    }
  }
  const fileHash = createHash('sha256').update(bytes).digest('hex')
  return {
    fileHash,
    parsed: parseNoteFile({ bytes, rel: file.rel, format: file.format, mtime: file.mtime }),
    error: null
  }
}
