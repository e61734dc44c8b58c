// Runs one command as a child process and measures it: wall time, peak RSS (/usr/bin/time -v, else the child's own
// process.resourceUsage().maxRSS), exit status, last stderr line and the JSON it printed last on stdout.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type JsonObject = { [key: string]: unknown }

export interface ChildMeasurement {
  command: string[]
  wallMs: number
  peakRssKb: number | null
  rssSource: 'usr-bin-time' | 'resource-usage' | null
  exitCode: number | null
  signal: string | null
  /** Last stderr line when the child failed (non-zero exit or a signal), else null. */
  failureReason: string | null
  json: JsonObject | null
  stderrTail: string[]
}

export interface ChildOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  /** Measure peak RSS with /usr/bin/time -v (default: when it exists), else with the child's own report. */
  useTimeBinary?: boolean
}

const TIME_BINARY = '/usr/bin/time'
const RSS_MARKER = '__bench_max_rss_kb__'
/** Preloaded into every node process of the child (NODE_OPTIONS) when /usr/bin/time is missing. */
const RSS_REPORTER = `process.on('exit', () => process.stderr.write('\\n${RSS_MARKER} ' + process.resourceUsage().maxRSS + '\\n'))`

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The whole stdout when it is one JSON document (pretty-printed or not), else its last line if that is JSON. */
export function lastJson(stdout: string): JsonObject | null {
  const candidates = [stdout.trim(), stdout.trim().split('\n').at(-1) ?? '']
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate)
      if (isJsonObject(value)) return value
    } catch {
      // not JSON: try the next candidate
    }
  }
  return null
}

function timeReport(text: string): {
  peakRssKb: number | null
  exitCode: number | null
  signal: number | null
} {
  const number = (pattern: RegExp): number | null => {
    const match = pattern.exec(text)
    return match ? Number(match[1]) : null
  }
  return {
    peakRssKb: number(/Maximum resident set size \(kbytes\): (\d+)/),
    exitCode: number(/Exit status: (\d+)/),
    signal: number(/Command terminated by signal (\d+)/)
  }
}

function withRssReporter(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const flag = `--import=data:text/javascript,${encodeURIComponent(RSS_REPORTER)}`
  return { ...env, NODE_OPTIONS: [env['NODE_OPTIONS'], flag].filter(Boolean).join(' ') }
}

export async function measureChild(command: string[], options: ChildOptions): Promise<ChildMeasurement> {
  const useTime = options.useTimeBinary ?? existsSync(TIME_BINARY)
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'))
  const timeFile = join(scratch, 'time.txt')
  const argv = useTime ? [TIME_BINARY, '-v', '-o', timeFile, ...command] : command
  const env = options.env ?? process.env
  const started = performance.now()
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: options.cwd,
    env: useTime ? env : withRssReporter(env),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
  const wallMs = performance.now() - started
  let peakRssKb: number | null = null
  let exitCode = exit.code
  let signal = exit.signal
  if (useTime) {
    const report = existsSync(timeFile) ? timeReport(readFileSync(timeFile, 'utf8')) : null
    peakRssKb = report?.peakRssKb ?? null
    if (report?.signal != null) {
      exitCode = null
      signal = `signal ${report.signal}`
    } else if (report?.exitCode != null) exitCode = report.exitCode
  }
  rmSync(scratch, { recursive: true, force: true })
  const lines = stderr.split('\n').filter((line) => line.trim() !== '')
  const reported = lines
    .filter((line) => line.startsWith(RSS_MARKER))
    .map((line) => Number(line.split(' ')[1]))
  if (!useTime && reported.length > 0) peakRssKb = Math.max(...reported)
  const errorLines = lines.filter((line) => !line.startsWith(RSS_MARKER))
  const failed = exitCode !== 0 || signal !== null
  return {
    command,
    wallMs,
    peakRssKb,
    rssSource: peakRssKb === null ? null : useTime ? 'usr-bin-time' : 'resource-usage',
    exitCode,
    signal,
    failureReason: failed
      ? (errorLines.at(-1) ?? (signal ? `killed by ${signal}` : `exit code ${exitCode}`))
      : null,
    json: lastJson(stdout),
    stderrTail: errorLines.slice(-20)
  }
}
