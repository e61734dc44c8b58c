// Child process of the write-wait measurement: either appends a message every few ms until told to stop, timing each
// (the interactive writer), or runs one large folder import and then its rollback (the long writers), timing both.
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { auditedSecrets } from '../src/main/history/recorded'
import { importFolder } from '../src/main/imports/folder/folder-import'
import { rollbackImportRun } from '../src/main/imports/import-rollback'
import { openImportStore } from '../src/main/imports/import-store'
import { openDriver } from './concurrency-drivers'
import { errorCode } from './concurrency-ops'
import { runJsonChild } from './json-child'

export type WaitRole =
  | { role: 'appender'; dataDir: string; conversation: string; everyMs: number; stopFile: string }
  | { role: 'importer'; dataDir: string; folder: string; pauseMs: number }

/** One interactive append: when it started (ms since the epoch) and how long the caller waited for it. */
export interface AppendSample {
  at: number
  ms: number
  error: string | null
}

/** A long writer's span, ms since the epoch. */
export interface Span {
  from: number
  to: number
}

export interface ImporterReport {
  import: Span
  rollback: Span
  notes: number
}

async function appender(role: Extract<WaitRole, { role: 'appender' }>): Promise<AppendSample[]> {
  const driver = await openDriver('services', role.dataDir)
  const samples: AppendSample[] = []
  try {
    for (let i = 0; !existsSync(role.stopFile); i++) {
      const at = Date.now()
      const started = performance.now()
      let error: string | null = null
      try {
        await driver.append(role.conversation, `interactive append ${i}`)
      } catch (caught) {
        error = errorCode(caught)
      }
      samples.push({ at, ms: performance.now() - started, error })
      await sleep(role.everyMs)
    }
  } finally {
    await driver.close()
  }
  return samples
}

async function importer(role: Extract<WaitRole, { role: 'importer' }>): Promise<ImporterReport> {
  const store = await openImportStore(role.dataDir, auditedSecrets(role.dataDir))
  try {
    const importFrom = Date.now()
    const report = await importFolder(store, role.folder)
    const importTo = Date.now()
    await sleep(role.pauseMs)
    const rollbackFrom = Date.now()
    await rollbackImportRun(store.db, store.secrets, report.runId ?? '')
    return {
      import: { from: importFrom, to: importTo },
      rollback: { from: rollbackFrom, to: Date.now() },
      notes: report.counts.created
    }
  } finally {
    store.close()
  }
}

runJsonChild('write-wait-child', (role: WaitRole) =>
  role.role === 'appender' ? appender(role).then((samples) => ({ samples })) : importer(role)
)
