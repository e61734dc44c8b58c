// Runs the real bin/personal-agent in a child process, as a user would.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

export const BIN = join(__dirname, '..', '..', 'bin', 'personal-agent')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 })
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

export function cliJson<T = Record<string, unknown>>(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): { run: CliRun; json: T } {
  const run = cli([...args, '--json'], env)
  let json: T
  try {
    json = JSON.parse(run.stdout) as T
  } catch {
    throw new Error(
      `personal-agent ${args.join(' ')} printed no JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`
    )
  }
  return { run, json }
}

export function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}
