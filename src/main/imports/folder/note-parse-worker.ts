// A parsing worker of the folder import: reads and parses the files it is sent, one message each, and posts the
// notes back; the writing thread alone touches the database.
import { parentPort } from 'node:worker_threads'
import type { NoteFile } from './note-files'
import { readNoteFile } from './read-note-file'

export interface ParseRequest {
  index: number
  file: Pick<NoteFile, 'real' | 'rel' | 'format' | 'mtime'>
}

parentPort?.on('message', (request: ParseRequest) => {
  parentPort?.postMessage({ index: request.index, result: readNoteFile(request.file) })
})
