// The operations of the many-writers load test: their kinds and mix, the writes a process acknowledges (logged for
// the loss check), and what each writer process reports (latency samples by kind, errors by code).
import type { Rng } from './prng'

export const OP_KINDS = ['append', 'create', 'rename', 'page', 'search', 'import', 'state'] as const
export type OpKind = (typeof OP_KINDS)[number]

/** Relative weights: chat-like appends and page reads dominate; an import batch is the rare long writer. */
export const OP_WEIGHTS: Record<OpKind, number> = {
  append: 36,
  create: 8,
  rename: 10,
  page: 20,
  search: 14,
  import: 3,
  state: 9
}

export function drawOp(rng: Rng): OpKind {
  const total = OP_KINDS.reduce((sum, kind) => sum + OP_WEIGHTS[kind], 0)
  let at = rng.next() * total
  for (const kind of OP_KINDS) {
    at -= OP_WEIGHTS[kind]
    if (at < 0) return kind
  }
  return 'append'
}

/** One write its caller saw succeed: what must be found in the store afterwards. */
export type Ack =
  | { kind: 'append'; conversation: string; message: string; sha256: string }
  | { kind: 'create'; conversation: string; title: string }
  | { kind: 'rename'; conversation: string; title: string }
  | { kind: 'import'; runId: string; created: number }

/** What a writer process reports: its operations' latencies (ms) by kind, and the errors that reached it by code. */
export interface WriterReport {
  name: string
  driver: DriverName
  ops: number
  wallMs: number
  samples: Record<OpKind, number[]>
  errors: Record<string, number>
  /** The first few error messages, for the log. */
  errorExamples: string[]
  /** Operations over 100 ms: which, when it started (ms since the epoch) and how long it took. */
  slow: SlowOp[]
}

export interface SlowOp {
  kind: OpKind
  at: number
  ms: number
}

/** How a writer process reaches the store: the services as the CLI and `serve` use them, or the app host's table. */
export type DriverName = 'services' | 'app-host'

/** The operations, as one process performs them; each resolves once the store acknowledged it. */
export interface WriterDriver {
  append(conversation: string, content: string): Promise<string>
  create(title: string): Promise<string>
  rename(conversation: string, title: string): Promise<void>
  /** Reads the newest page of messages; answers how many. */
  page(conversation: string): Promise<number>
  /** Searches by words; answers how many hits. */
  search(query: string): Promise<number>
  /** Imports a folder of notes as one import run. */
  importFolder(dir: string): Promise<{ runId: string; created: number }>
  /** Reads the data folder's migration state. */
  state(): Promise<string>
  close(): Promise<void>
}

/** The error's code (SQLITE_BUSY, a UserError's code…), else its name. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code
  return error instanceof Error ? error.name : 'non-error'
}
