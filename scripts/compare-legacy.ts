// `compare-legacy.ts A B`: says whether two folders' legacy files are JSON-equal (key order aside), as the
// zero-loss contract requires. Exit 1 when they differ.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LEGACY_FILES } from '../src/main/legacy/legacy-files'
import { legacyDifferences } from './legacy-equality'

const [left, right] = process.argv.slice(2)
if (!left || !right) {
  process.stderr.write('usage: compare-legacy.ts DIR_A DIR_B\n')
  process.exit(2)
}
const differences = legacyDifferences(left, right)
for (const file of LEGACY_FILES) {
  if (!existsSync(join(left, file)) && !existsSync(join(right, file))) continue
  const same = !differences.some((d) => d.startsWith(`${file}:`))
  process.stdout.write(`  ${file}: ${same ? 'JSON-equal to the original' : 'DIFFERENT'}\n`)
}
process.exit(differences.length ? 1 : 0)
