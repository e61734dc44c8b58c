// A parsing worker of the folder import: reads and parses the files it is sent, one message each, and posts the
// notes back as JSON text (a structured clone would turn a number kept as written into a `{rawJSON}` object); the
// writing thread alone touches the database.
import { parentPort } from 'node:worker_threads'
import type { JsonValue } from '../../base/json-text'
import { safeStringify } from '../../base/safe-json'
import type { NoteFile } from './note-files'
import { readNoteFile } from './read-note-file'

export interface ParseRequest {
  index: number
  file: Pick<NoteFile, 'real' | 'rel' | 'format' | 'mtime'>
}

parentPort?.on('message', (request: ParseRequest) => {
  const result = readNoteFile(request.file) as unknown as JsonValue
  parentPort?.postMessage({ index: request.index, result: safeStringify(result) })
})
