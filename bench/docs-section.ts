// Rewrites one marked section of a markdown file (creating the file with its markers if needed), nothing else.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

export function replaceSection(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start)
  const to = from === -1 ? -1 : text.indexOf(end, from + start.length)
  if (from === -1 || to === -1) {
    const separator = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n'
    return `${text}${separator}${start}\n${body}\n${end}\n`
  }
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`
}

/** Puts `body` between the markers of `file`; `header` starts the file when it does not exist yet. */
export function writeSection(file: string, start: string, end: string, body: string, header: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : header
  const temp = `${file}.tmp`
  writeFileSync(temp, replaceSection(current, start, end, body))
  renameSync(temp, file)
}
