// What the app shows of a running MCP server: its state (stopped, starting, ready with N tools, failed with the
// reason and last stderr lines) and its tools.

export type McpServerStatus = 'stopped' | 'starting' | 'ready' | 'failed'

export interface McpServerFailure {
  /** One line: what happened (exit code or signal, timeout, protocol violation) with the last stderr line. */
  reason: string
  at: string
  /** The server's last stderr lines, redacted. */
  stderrTail: string[]
  /** When the next use may start it again (backoff after repeated failures), or null. */
  restartAfter: string | null
}

export interface McpServerState {
  id: string
  name: string
  transport: string
  enabled: boolean
  status: McpServerStatus
  /** Cached tool count once listed. */
  toolCount: number | null
  pid: number | null
  startedAt: string | null
  failure: McpServerFailure | null
  /** Another live process of this machine runs it now (the app, or a CLI command). */
  elsewhere: { ownerPid: number; pid: number } | null
  logPath: string
}

export interface McpToolView {
  name: string
  title: string | null
  description: string | null
  inputSchema: Record<string, unknown>
  annotations: Record<string, unknown> | null
}
