// The command line of a JSON-driven bench child: its arguments as one JSON document, its result printed as a JSON
// line on stdout (for measureChild), a failure on stderr with its stack (these are developer tools).
import { join } from 'node:path'
import { measureChild, type ChildMeasurement } from './measure-child'
import { childEnv, NODE, REPO } from './run-variant'

export function runJsonChild<T>(name: string, main: (args: T) => Promise<unknown>): void {
  const arg = process.argv[2]
  if (arg === undefined) {
    process.stderr.write(`Usage: node --import tsx bench/${name}.ts <arguments as JSON>\n`)
    process.exitCode = 2
    return
  }
  main(JSON.parse(arg) as T).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(
        `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
      )
      process.exitCode = 1
    }
  )
}

/** Runs bench/<name>.ts with `args` in a child process of its own. */
export function spawnJsonChild(name: string, args: object): Promise<ChildMeasurement> {
  return measureChild([NODE, '--import', 'tsx', join(REPO, 'bench', `${name}.ts`), JSON.stringify(args)], {
    cwd: REPO,
    env: childEnv()
  })
}
