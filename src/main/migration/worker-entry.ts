// Where a migration worker's code is: the built file beside the bundled main process (this module may sit in a
// shared chunk one folder below it), or the TypeScript source when running under tsx (the CLI and the tests).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export function workerEntry(name: string): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, dirname(__dirname)]) {
    const built = join(dir, `${name}.js`)
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  return { file: join(__dirname, `${name}.ts`), execArgv: ['--import', 'tsx'] }
}
