// Where a worker's code is: the built file beside the bundled main process (this module may sit in a
// shared chunk one folder below it), or the TypeScript source when running under tsx (the CLI and the tests).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** `sourceDir`: the folder of the worker's TypeScript source (the caller's `__dirname`). */
export function workerEntry(name: string, sourceDir: string): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, dirname(__dirname)]) {
    const built = join(dir, `${name}.js`)
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  return { file: join(sourceDir, `${name}.ts`), execArgv: ['--import', 'tsx'] }
}
