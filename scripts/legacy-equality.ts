// "JSON-equal, key order aside": the zero-loss comparison of two folders' legacy files (the three files and every
// file of the conversation folders), shared by the tests, the crash trials and the demo. Numbers beyond JavaScript's
// range are compared as written.
import { existsSync, readFileSync } from 'node:fs'
import { conversationFolderFiles, pathIn } from '../src/main/legacy/conversation-folders'
import { LEGACY_FILES, type LegacySourceFile } from '../src/main/legacy/legacy-files'
import { canonicalJson } from '../src/main/base/canonical-json'
import { parseJsonText } from '../src/main/base/json-text'

/** A legacy file in canonical form: '' for an empty (or whitespace-only) file; a BOM is ignored. */
export function canonicalLegacyFile(path: string): string {
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '')
  return text.trim() === '' ? '' : canonicalJson(parseJsonText(text))
}

/** One line per legacy file that differs between the two folders (present in one only, or not JSON-equal). */
export function legacyDifferences(expectedDir: string, actualDir: string): string[] {
  const problems: string[] = []
  const folderFiles = new Set([
    ...conversationFolderFiles(expectedDir),
    ...conversationFolderFiles(actualDir)
  ])
  const files: LegacySourceFile[] = [...LEGACY_FILES, ...[...folderFiles].sort()]
  for (const file of files) {
    const a = pathIn(expectedDir, file)
    const b = pathIn(actualDir, file)
    if (!existsSync(a) && !existsSync(b)) continue
    if (existsSync(a) !== existsSync(b)) {
      problems.push(`${file}: present in only one folder`)
      continue
    }
    const l = canonicalLegacyFile(a)
    const r = canonicalLegacyFile(b)
    if (l !== r) {
      let i = 0
      while (l[i] === r[i]) i++
      problems.push(
        `${file}: differs near …${l.slice(Math.max(0, i - 60), i + 60)}… vs …${r.slice(Math.max(0, i - 60), i + 60)}…`
      )
    }
  }
  return problems
}
