// The layering check `npm test` runs: no import circle between files of src/; no pair of src/main folders that import
// each other both ways beyond the ones docs/architecture.md explains; no SQL writing the core tables outside
// src/main/store; no runtime module importing a schema version file; the leaf folders (secrets, logging, base,
// shared) importing only leaves, and shared nothing of Node or Electron. `--pairs` prints the two-way folder pairs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** Folder pairs allowed to import each other both ways; each one is explained in docs/architecture.md. */
const ALLOWED_TWO_WAY: readonly string[] = []

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const src = join(root, 'src')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  const base = resolve(dirname(from), specifier)
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx')
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

/** Each file's imports of other files of src/ (type-only imports included: they tie the layers as well). */
function importGraph(files: readonly string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = new Set<string>()
    for (const ref of info.importedFiles) {
      const target = resolveImport(file, ref.fileName)
      if (target && target.startsWith(src)) targets.add(target)
    }
    graph.set(file, targets)
  }
  return graph
}

/** Tarjan's strongly connected components of more than one file: the import circles. */
function circles(graph: Map<string, Set<string>>): string[][] {
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string): void => {
    indexOf.set(node, index)
    low.set(node, index)
    index++
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!))
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node)
  return found
}

/** The folder a file belongs to: src/main/<folder>, or src/<part> outside main. */
function folderOf(file: string): string {
  const parts = relative(src, file).split('/')
  if (parts[0] === 'main') return parts.length > 2 ? `main/${parts[1]}` : 'main'
  return parts[0]!
}

function twoWayPairs(graph: Map<string, Set<string>>): Map<string, [number, number]> {
  const counts = new Map<string, number>()
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const a = folderOf(file)
      const b = folderOf(target)
      if (a !== b) counts.set(`${a} ${b}`, (counts.get(`${a} ${b}`) ?? 0) + 1)
    }
  }
  const pairs = new Map<string, [number, number]>()
  for (const [key, count] of counts) {
    const [a, b] = key.split(' ') as [string, string]
    const back = counts.get(`${b} ${a}`)
    if (back !== undefined && a < b) pairs.set(`${a} <-> ${b}`, [count, back])
  }
  return pairs
}

/** The tables only the store may write (a table name built at run time, `${…}`, counts as one of them). */
const CORE_TABLES = [
  'conversations',
  'messages',
  'profiles',
  'mcp_servers',
  'secret_refs',
  'agents',
  'agent_mcp_servers',
  'knowledge_items'
]
const CORE_WRITE = new RegExp(
  `\\b(?:INSERT(?:\\s+OR\\s+\\w+)?\\s+INTO|REPLACE\\s+INTO|UPDATE(?:\\s+OR\\s+\\w+)?|DELETE\\s+FROM)\\s+["'\\x60]?(?:(?:${CORE_TABLES.join('|')})\\b|\\$\\{)`,
  'i'
)
const STORE = join(src, 'main', 'store')
const SCHEMA_DIR = join(STORE, 'sqlite', 'schema')
/** A schema version file (`NNNN_name.ts`): only the schema index that lists them may import one. */
const isSchemaVersion = (file: string): boolean =>
  dirname(file) === SCHEMA_DIR && /^\d{4}_\w+\.ts$/.test(file.slice(SCHEMA_DIR.length + 1))

const files = sourceFiles(src)
const graph = importGraph(files)
const problems: string[] = []
for (const file of files) {
  if (file.startsWith(STORE + '/')) continue
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (CORE_WRITE.test(line))
        problems.push(
          `${relative(root, file)}:${index + 1}: SQL that writes a core table outside src/main/store`
        )
    })
}
for (const [file, targets] of graph) {
  if (file === join(SCHEMA_DIR, 'index.ts')) continue
  for (const target of targets)
    if (isSchemaVersion(target))
      problems.push(`${relative(root, file)} imports the schema version file ${relative(root, target)}`)
}
/** Folders the others build on: they import only each other (and shared only itself, with no Node or Electron). */
const LEAVES = ['main/secrets', 'main/logging', 'main/base', 'shared']
for (const [file, targets] of graph) {
  const from = folderOf(file)
  if (!LEAVES.includes(from)) continue
  for (const target of targets) {
    const to = folderOf(target)
    if (from === 'shared' ? to !== 'shared' : !LEAVES.includes(to))
      problems.push(`${relative(root, file)}: the leaf folder ${from} imports ${relative(root, target)}`)
  }
  if (from === 'shared')
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles)
      if (!ref.fileName.startsWith('.'))
        problems.push(`${relative(root, file)}: shared code imports the package ${ref.fileName}`)
}
for (const circle of circles(graph)) {
  problems.push(`import circle: ${circle.map((f) => relative(root, f)).join(' -> ')}`)
}
const pairs = twoWayPairs(graph)
for (const [pair, [there, back]] of pairs) {
  if (!ALLOWED_TWO_WAY.includes(pair)) {
    const detail = [...graph]
      .flatMap(([file, targets]) => [...targets].map((target) => [file, target] as const))
      .filter(([file, target]) => {
        const [a, b] = pair.split(' <-> ')
        return (
          (folderOf(file) === a && folderOf(target) === b) || (folderOf(file) === b && folderOf(target) === a)
        )
      })
      .map(([file, target]) => `    ${relative(src, file)} -> ${relative(src, target)}`)
    problems.push(`folders import each other both ways (${there} / ${back}): ${pair}\n${detail.join('\n')}`)
  }
}
if (ALLOWED_TWO_WAY.length > 2) problems.push('at most two folder pairs may import each other both ways')
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
console.log(
  `check-dependencies: ${graph.size} files, no import circle, ${pairs.size} two-way folder pair(s).`
)
