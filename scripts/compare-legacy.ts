// `compare-legacy.ts A B`: says whether two folders' legacy files are JSON-equal (key order aside), as the
// zero-loss contract requires. Exit 1 when they differ.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { canonicalJson } from '../src/main/store/canonical-json'
import type { JsonValue } from '../src/main/store/record-codec'

function canonical(path: string): string {
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '')
  return text.trim() === '' ? '' : canonicalJson(JSON.parse(text) as JsonValue)
}

const [left, right] = process.argv.slice(2)
if (!left || !right) {
  process.stderr.write('usage: compare-legacy.ts DIR_A DIR_B\n')
  process.exit(2)
}
let differ = 0
for (const file of LEGACY_FILES) {
  const a = join(left, file)
  const b = join(right, file)
  if (!existsSync(a) && !existsSync(b)) continue
  const same = existsSync(a) && existsSync(b) && canonical(a) === canonical(b)
  if (!same) differ += 1
  process.stdout.write(`  ${file}: ${same ? 'JSON-equal to the original' : 'DIFFERENT'}\n`)
}
process.exit(differ ? 1 : 0)
