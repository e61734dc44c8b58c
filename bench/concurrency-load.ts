// The many-writers load test itself: a migrated, seeded data folder, then writer processes (the services as the CLI
// and `serve` use them, and one app host) running their mixes at once; their reports, and the loss check after.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { dataPaths } from '../src/main/base/data-paths'
import { auditedSecrets } from '../src/main/history/recorded'
import { importFolder } from '../src/main/imports/folder/folder-import'
import { openImportStore } from '../src/main/imports/import-store'
import { migrate } from '../src/main/migration/engine'
import { closeStore } from '../src/main/store/sqlite/open-store'
import { openSqliteParts } from '../src/main/store/sqlite/sqlite-store'
import { lostWrites, readAcks } from './concurrency-check'
import type { WriterArgs } from './concurrency-child'
import type { DriverName, WriterReport } from './concurrency-ops'
import { spawnJsonChild } from './json-child'
import { writeNotes } from './notes-folder'
import { mulberry32 } from './prng'

export interface LoadOptions {
  workDir: string
  /** Processes on the services (as the CLI and `serve`); one app host process runs besides them. */
  writers: number
  /** Operations of each process. */
  ops: number
  /** Notes in each import batch. */
  importNotes: number
  /** Legacy conversations migrated into the folder first (10 messages each). */
  conversations: number
  /** Notes imported into the folder first, for search to find. */
  notes: number
  seed: number
}

export interface LoadResult {
  /** The seeded conversations every process wrote to. */
  shared: string[]
  reports: WriterReport[]
  /** Processes that did not finish with a report: why. */
  crashed: string[]
  acknowledged: number
  lost: string[]
  wallMs: number
}

/** The data folder of the run: legacy data migrated by the real engine, then a notes folder imported. */
export async function seedFolder(options: LoadOptions): Promise<{ dataDir: string; shared: string[] }> {
  const dataDir = join(options.workDir, 'data')
  rmSync(options.workDir, { recursive: true, force: true })
  mkdirSync(options.workDir, { recursive: true })
  writeSampleFolder(dataDir, {
    seed: options.seed,
    conversations: options.conversations,
    messagesPerConversation: 10,
    nasty: false,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const secrets = auditedSecrets(dataDir)
  await migrate(dataDir, { secrets })
  const notesDir = join(options.workDir, 'seed-notes')
  writeNotes(notesDir, options.notes, mulberry32(options.seed), 'seed')
  const store = await openImportStore(dataDir, secrets)
  try {
    await importFolder(store, notesDir)
  } finally {
    store.close()
  }
  const parts = await openSqliteParts(dataPaths(dataDir).db, secrets)
  try {
    const shared = parts.conversations.list({ limit: 200 }).items.map((c) => c.id)
    return { dataDir, shared }
  } finally {
    closeStore(parts.db)
  }
}

function writerArgs(
  options: LoadOptions,
  dataDir: string,
  shared: string[],
  driver: DriverName,
  index: number
): WriterArgs {
  const name = driver === 'app-host' ? 'app-host' : `writer-${index + 1}`
  return {
    name,
    driver,
    dataDir,
    ops: options.ops,
    seed: options.seed * 1000 + index,
    acksFile: join(options.workDir, `acks-${name}.jsonl`),
    workDir: join(options.workDir, 'batches'),
    shared,
    importNotes: options.importNotes
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { dataDir, shared } = await seedFolder(options)
  const all = [
    ...Array.from({ length: options.writers }, (_, i) => writerArgs(options, dataDir, shared, 'services', i)),
    writerArgs(options, dataDir, shared, 'app-host', options.writers)
  ]
  const started = performance.now()
  const children = await Promise.all(all.map((args) => spawnJsonChild('concurrency-child', args)))
  const wallMs = performance.now() - started
  const reports: WriterReport[] = []
  const crashed: string[] = []
  children.forEach((child, i) => {
    if (child.exitCode === 0 && child.json !== null) reports.push(child.json as unknown as WriterReport)
    else crashed.push(`${all[i]!.name}: ${child.failureReason ?? 'no report'}`)
  })
  const acks = all.map((args) => readAcks(args.acksFile))
  return {
    shared,
    reports,
    crashed,
    acknowledged: acks.reduce((n, list) => n + list.length, 0),
    lost: await lostWrites(dataDir, acks),
    wallMs
  }
}
