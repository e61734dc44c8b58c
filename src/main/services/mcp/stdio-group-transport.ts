// The stdio transport of MCP servers: the command spawned in a process group of its own (POSIX), JSON-RPC lines on
// stdin/stdout (the SDK's ReadBuffer and serializeMessage), stderr to the server's log, and closing that ends the
// whole group, so grandchildren started through npx, uvx or a shell go too. Anything on stdout that is not a
// JSON-RPC message, or a message over the size limit, ends the connection with that reason.
import { spawn, type ChildProcess } from 'node:child_process'
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js'
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { endGroup, killGroupNow, processStartTime } from './process-tree'
import type { ServerLog } from './server-log'

export interface StdioLaunch {
  command: string
  args: string[]
  /** Added to the few variables every server gets (PATH, HOME, …); secrets are only ever passed here. */
  env: Record<string, string>
  cwd?: string
  /** The largest message accepted on stdout. */
  maxMessageBytes: number
  /** How long the group has between SIGTERM and SIGKILL. */
  graceMs: number
}

export interface ProcessExit {
  code: number | null
  signal: string | null
}

/** What the transport knows about its process once it has started. */
export interface SpawnedProcess {
  pid: number
  /** The process group (the pid itself on POSIX). */
  pgid: number
  /** The start stamp of process-tree's processStartTime, or null where none can be read. */
  startTime: string | null
}

const SETTLE_MS = 500

export class StdioGroupTransport implements Transport {
  onclose?: () => void
  onerror?: (error: Error) => void
  onmessage?: (message: JSONRPCMessage) => void
  /** Called as soon as the process has started (before the protocol's initialize). */
  onspawn?: (spawned: SpawnedProcess) => void
  /** Set once the process has started. */
  spawned: SpawnedProcess | null = null
  /** Set once the process has exited. */
  exit: ProcessExit | null = null
  /** Why the connection was ended from this side (a protocol violation), or null. */
  violation: string | null = null
  private child: ChildProcess | null = null
  private readonly buffer: ReadBuffer
  private closing: Promise<void> | null = null
  private closed = false

  constructor(
    private readonly launch: StdioLaunch,
    private readonly log: ServerLog
  ) {
    this.buffer = new ReadBuffer({ maxBufferSize: launch.maxMessageBytes })
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.launch.command, this.launch.args, {
        env: { ...getDefaultEnvironment(), ...this.launch.env },
        cwd: this.launch.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
        shell: false
      })
      this.child = child
      child.once('error', (error) => {
        if (this.spawned === null) reject(error)
        else this.onerror?.(error)
      })
      child.once('spawn', () => {
        const pid = child.pid!
        this.spawned = { pid, pgid: pid, startTime: processStartTime(pid) }
        this.onspawn?.(this.spawned)
        resolve()
      })
      child.once('exit', (code, signal) => {
        this.exit = { code, signal }
        void this.finish()
      })
      child.stdin!.on('error', (error) => this.onerror?.(error))
      child.stderr!.setEncoding('utf8')
      child.stderr!.on('data', (chunk: string) => this.log.stderr(chunk))
      child.stdout!.on('data', (chunk: Buffer) => this.read(chunk))
    })
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin
      if (!stdin || this.closed || this.exit) return reject(new Error('Not connected'))
      if (stdin.write(serializeMessage(message))) resolve()
      else stdin.once('drain', resolve)
    })
  }

  /** Ends the server: stdin closed, then the whole group SIGTERMed and SIGKILLed after the grace period. */
  close(): Promise<void> {
    this.closing ??= this.endAndFinish()
    return this.closing
  }

  /** Kills the group at once (the app is exiting and cannot wait). */
  killNow(): void {
    if (this.spawned) killGroupNow(this.spawned.pgid)
  }

  private read(chunk: Buffer): void {
    // After a violation nothing more is believed: the connection is ending.
    if (this.violation !== null) return
    try {
      this.buffer.append(chunk)
    } catch {
      const mb = Math.round(this.launch.maxMessageBytes / (1024 * 1024))
      return this.violate(`sent a message larger than ${mb} MB on stdout`)
    }
    for (;;) {
      let message: JSONRPCMessage | null
      try {
        message = this.buffer.readMessage()
      } catch (error) {
        const why = error instanceof Error ? error.message.split('\n')[0]! : String(error)
        return this.violate(`wrote something on stdout that is not a JSON-RPC message (${why.slice(0, 120)})`)
      }
      if (message === null) return
      this.onmessage?.(message)
    }
  }

  private violate(reason: string): void {
    if (this.violation !== null) return
    this.violation = reason
    this.log.note(`stopped: ${reason}`)
    this.buffer.clear()
    void this.close()
  }

  private async endAndFinish(): Promise<void> {
    const child = this.child
    if (child && this.spawned && this.exit === null) {
      child.stdin?.end()
      await endGroup(this.spawned.pgid, this.launch.graceMs)
    }
    await this.finish()
  }

  /** After the process exited: the rest of its group is ended, stdout drained, and onclose called once. */
  private async finish(): Promise<void> {
    if (this.closed) return
    if (this.spawned) await endGroup(this.spawned.pgid, this.launch.graceMs)
    // What the server wrote just before it ended is still read (its last stderr line names a crash's cause).
    const streams = [this.child?.stdout, this.child?.stderr].filter((s) => s && !s.readableEnded)
    await Promise.all(
      streams.map(
        (stream) =>
          new Promise((resolve) => {
            stream!.once('end', resolve)
            setTimeout(resolve, SETTLE_MS).unref()
          })
      )
    )
    if (this.closed) return
    this.closed = true
    this.log.flush()
    this.onclose?.()
  }
}
