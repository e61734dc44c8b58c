// `node --import tsx scripts/check-dependencies.ts [--pairs]`: the layering check of `npm test` over this checkout's
// src/ (scripts/layer-check.ts holds the rules); exits 1 with one line a problem.
import { dirname, join, resolve } from 'node:path'
import { checkLayers } from './layer-check'

const src = join(resolve(dirname(new URL(import.meta.url).pathname), '..'), 'src')
const { problems, files, pairs } = checkLayers(src)
if (process.argv.includes('--pairs')) {
  for (const [pair, [there, back]] of pairs) console.log(`${pair}: ${there} / ${back}`)
}
if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(
    `check-dependencies: ${problems.length} problem(s). Move the code so that imports run one way (docs/architecture.md).`
  )
  process.exit(1)
}
console.log(`check-dependencies: ${files} files, no import circle, ${pairs.size} two-way folder pair(s).`)
