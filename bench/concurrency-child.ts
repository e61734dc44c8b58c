// Child process of the many-writers load test: performs a seeded mix of operations on the shared data folder through
// one driver, logs every acknowledged write to its acks file, and prints its WriterReport as a JSON line.
import { createHash } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDriver } from './concurrency-drivers'
import { runJsonChild } from './json-child'
import {
  drawOp,
  errorCode,
  OP_KINDS,
  type Ack,
  type DriverName,
  type OpKind,
  type SlowOp,
  type WriterDriver,
  type WriterReport
} from './concurrency-ops'
import { writeNotes } from './notes-folder'
import { mulberry32, type Rng } from './prng'

export interface WriterArgs {
  name: string
  driver: DriverName
  dataDir: string
  ops: number
  seed: number
  /** Where each acknowledged write is appended as a JSON line. */
  acksFile: string
  /** Where the generated folders of its import batches go. */
  workDir: string
  /** Conversations every process appends to and reads. */
  shared: string[]
  /** Notes in each import batch. */
  importNotes: number
}

const SLOW_MS = 100
const WORDS = 'harbor lantern orchard quartz meadow cobalt falcon juniper tundra violet willow ember'.split(
  ' '
)

function phrase(rng: Rng, count: number): string {
  return Array.from({ length: count }, () => rng.pick(WORDS)).join(' ')
}

/** Runs one operation of `kind`; answers the write it acknowledged, or null for a read. */
async function perform(
  kind: OpKind,
  i: number,
  args: WriterArgs,
  driver: WriterDriver,
  rng: Rng,
  own: string[]
): Promise<Ack | null> {
  const target = (): string => (own.length > 0 && rng.chance(0.5) ? rng.pick(own) : rng.pick(args.shared))
  switch (kind) {
    case 'append': {
      const conversation = target()
      const content = `${args.name} #${i}: ${phrase(rng, 12)}`
      const message = await driver.append(conversation, content)
      return { kind, conversation, message, sha256: createHash('sha256').update(content).digest('hex') }
    }
    case 'create': {
      const title = `${args.name} conversation ${i}`
      const conversation = await driver.create(title)
      own.push(conversation)
      return { kind, conversation, title }
    }
    case 'rename': {
      // Only this process renames its own conversations: the last acknowledged title must be the stored one.
      const conversation = rng.pick(own)
      const title = `${args.name} renamed ${i} ${phrase(rng, 2)}`
      await driver.rename(conversation, title)
      return { kind, conversation, title }
    }
    case 'page':
      await driver.page(target())
      return null
    case 'search':
      await driver.search(phrase(rng, 2))
      return null
    case 'import': {
      const dir = join(args.workDir, args.name, `batch-${i}`)
      writeNotes(dir, args.importNotes, rng, `${args.name}-${i}`)
      const run = await driver.importFolder(dir)
      return { kind, runId: run.runId, created: run.created }
    }
    case 'state':
      await driver.state()
      return null
  }
}

async function main(args: WriterArgs): Promise<WriterReport> {
  const rng = mulberry32(args.seed)
  const driver = await openDriver(args.driver, args.dataDir)
  const samples = Object.fromEntries(OP_KINDS.map((kind) => [kind, [] as number[]])) as Record<
    OpKind,
    number[]
  >
  const errors: Record<string, number> = {}
  const errorExamples: string[] = []
  const own: string[] = []
  const slow: SlowOp[] = []
  const started = performance.now()
  try {
    for (let i = 0; i < args.ops; i++) {
      const drawn = drawOp(rng)
      const kind = drawn === 'rename' && own.length === 0 ? 'create' : drawn
      const at = Date.now()
      const opStarted = performance.now()
      try {
        const ack = await perform(kind, i, args, driver, rng, own)
        const ms = performance.now() - opStarted
        samples[kind].push(ms)
        if (ms > SLOW_MS) slow.push({ kind, at, ms: Math.round(ms) })
        if (ack) appendFileSync(args.acksFile, `${JSON.stringify(ack)}\n`)
      } catch (error) {
        const code = errorCode(error)
        errors[code] = (errors[code] ?? 0) + 1
        if (errorExamples.length < 5)
          errorExamples.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  } finally {
    await driver.close()
  }
  return {
    name: args.name,
    driver: args.driver,
    ops: args.ops,
    wallMs: performance.now() - started,
    samples,
    errors,
    errorExamples,
    slow
  }
}

runJsonChild('concurrency-child', main)
