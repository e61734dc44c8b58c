// How a benchmark command starts and ends: its options (or usage), its work folder and free space, the machine
// line, its exit code, an error printed with its stack (these are developer tools), and where its results went.
import { mkdirSync } from 'node:fs'
import { machineInfo, type MachineInfo } from './machine-info'
import { REPO, startupMs } from './run-variant'

export function runBenchMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(
        `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
      )
      process.exitCode = 1
    }
  )
}

export function resultsLine(
  resultsPath: string,
  docsFile: string,
  startMarker: string,
  endMarker: string
): string {
  return `\nResults: ${resultsPath}\nTable: ${docsFile} (between ${startMarker} and ${endMarker})`
}

/**
 * Parses a benchmark's arguments: the options to run with, or the exit code when there is nothing to run (0 after
 * printing the usage for --help, 2 after a bad argument, printed with the usage).
 */
export function optionsOrExit<T>(
  name: string,
  parse: (argv: string[]) => T | null,
  usage: string
): { options: T } | { exit: number } {
  let options: T | null
  try {
    options = parse(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`)
    return { exit: 2 }
  }
  if (options === null) {
    process.stdout.write(`${usage}\n`)
    return { exit: 0 }
  }
  return { options }
}

export interface BenchStart {
  started: Date
  machine: MachineInfo
  /** How long a bare `node --import tsx` takes here, in ms (null when it could not be measured). */
  startup: number | null
}

/**
 * Creates the work folder and checks its free space (`space` runs once the folder exists), then notes when the run
 * started, on what machine, and Node's startup time; null (with what to do printed) when the disk is too small.
 */
export async function startBench(
  name: string,
  workDir: string,
  space: () => { ok: boolean; message: string }
): Promise<BenchStart | null> {
  mkdirSync(workDir, { recursive: true })
  if (!enoughSpace(name, space())) return null
  return { started: new Date(), machine: machineInfo(REPO), startup: await startupMs() }
}

/** Says how much disk the run needs and has; false (with what to do) when it has too little. */
function enoughSpace(name: string, space: { ok: boolean; message: string }): boolean {
  process.stdout.write(`Disk: ${space.message}\n`)
  if (!space.ok)
    process.stderr.write(
      `${name}: not enough free disk space. ${space.message}. Free some space, pass --work-dir on a larger disk, or use smaller --sizes.\n`
    )
  return space.ok
}
