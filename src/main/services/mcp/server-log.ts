// One MCP server's log, `<data-dir>/logs/mcp/<server>.log`: its stderr and what the supervisor saw (start, exit,
// crash), each line redacted and time-stamped, rotated to `<server>.log.1` at a size; the last stderr lines are kept
// for the crash report.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { dataPaths } from '../../base/data-paths'
import { redact } from '../../logging/redact'

export const DEFAULT_LOG_BYTES = 1024 * 1024
const TAIL_LINES = 20
/** A line longer than this is written in pieces (so redaction sees whole secrets in all but absurd output). */
const MAX_LINE = 64 * 1024

/** A file name for the server: its name with anything but letters, digits, `.`, `_` and `-` replaced. */
export function logFileName(name: string, id: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  return `${safe === '' ? id : safe}.log`
}

export function serverLogPath(dataDir: string, name: string, id: string): string {
  return join(dataPaths(dataDir).logs, 'mcp', logFileName(name, id))
}

export class ServerLog {
  private partial = ''
  private readonly tail: string[] = []

  constructor(
    readonly path: string,
    private readonly maxBytes = DEFAULT_LOG_BYTES
  ) {}

  /** A line from the supervisor itself. */
  note(text: string): void {
    this.append(`[supervisor] ${text}`)
  }

  /** A chunk of the server's stderr; lines are written as they complete. */
  stderr(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n/)
    this.partial = lines.pop() ?? ''
    while (this.partial.length > MAX_LINE) {
      lines.push(this.partial.slice(0, MAX_LINE))
      this.partial = this.partial.slice(MAX_LINE)
    }
    for (const line of lines) this.stderrLine(line)
  }

  /** Writes a stderr line left without its newline (when the server has exited). */
  flush(): void {
    if (this.partial !== '') this.stderrLine(this.partial)
    this.partial = ''
  }

  /** The last stderr lines, redacted. */
  lastLines(): string[] {
    return [...this.tail]
  }

  private stderrLine(line: string): void {
    const clean = redact(line)
    if (clean.trim() === '') return
    this.tail.push(clean)
    if (this.tail.length > TAIL_LINES) this.tail.shift()
    this.append(clean)
  }

  private append(line: string): void {
    try {
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 })
      this.rotateIfFull()
      appendFileSync(this.path, `${new Date().toISOString()} ${redact(line)}\n`, { mode: 0o600 })
    } catch {
      // A folder that cannot hold logs gets none; the server runs all the same.
    }
  }

  private rotateIfFull(): void {
    try {
      if (statSync(this.path).size >= this.maxBytes) renameSync(this.path, `${this.path}.1`)
    } catch {
      // No log yet.
    }
  }
}
