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

/** A `${input:…}` reference of a server's env or headers: asked for when the server starts. */
export interface McpInputView {
  /** The input's id, as in `${input:ID}`. */
  id: string
  /** Its description (VS Code's `inputs` entry), else where it is used, e.g. "env GITHUB_TOKEN". */
  description: string
  /** Masked while typed: a password input, or used under a secret-looking name. */
  password: boolean
  /** A value is saved in the keychain (the start uses it unless another is typed). */
  saved: boolean
}
