// The storage layer's counters (writes, errors and fallbacks on each side, consistency checks), kept across runs in
// `storage-stats.json` so that `personal-agent status --json` and Settings show the same totals.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SideCounters, StoreCounters } from '../../shared/types'
import { writeFileAtomic } from '../fs/atomic-write'
import { logger } from '../logging/logger'
import { Later } from '../base/later'
import { isPlainObject } from '../base/record-codec'

export const STATS_FILE = 'storage-stats.json'
export type StoreSide = 'sqlite' | 'json'
export type SideCounter = keyof SideCounters

export function zeroCounters(): StoreCounters {
  return {
    sqlite: { writes: 0, errors: 0, fallbacks: 0 },
    json: { writes: 0, errors: 0, fallbacks: 0 },
    consistency: { checks: 0, failures: 0 }
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0
}

function side(value: unknown): SideCounters {
  const fields = isPlainObject(value) ? value : {}
  return { writes: count(fields.writes), errors: count(fields.errors), fallbacks: count(fields.fallbacks) }
}

/** The kept totals of a data folder; a missing or unreadable file counts as zero (it is only statistics). */
export function readCounters(dataDir: string): StoreCounters {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, STATS_FILE), 'utf8'))
  } catch {
    return zeroCounters()
  }
  const fields = isPlainObject(parsed) ? parsed : {}
  const consistency = isPlainObject(fields.consistency) ? fields.consistency : {}
  return {
    sqlite: side(fields.sqlite),
    json: side(fields.json),
    consistency: { checks: count(consistency.checks), failures: count(consistency.failures) }
  }
}

function added(a: StoreCounters, b: StoreCounters): StoreCounters {
  const sum = (x: SideCounters, y: SideCounters): SideCounters => ({
    writes: x.writes + y.writes,
    errors: x.errors + y.errors,
    fallbacks: x.fallbacks + y.fallbacks
  })
  return {
    sqlite: sum(a.sqlite, b.sqlite),
    json: sum(a.json, b.json),
    consistency: {
      checks: a.consistency.checks + b.consistency.checks,
      failures: a.consistency.failures + b.consistency.failures
    }
  }
}

/** How long counts wait in memory before they are added to the file (a crash loses at most this much). */
const SAVE_AFTER_MS = 2000

/** Counts in memory and adds what it counted to the kept totals on save (so two processes do not overwrite). */
export class StoreStats {
  private pending = zeroCounters()
  private readonly saving = new Later(() => this.save())

  constructor(private readonly dataDir: string) {}

  bump(where: StoreSide, counter: SideCounter): void {
    this.pending[where][counter] += 1
    this.saveSoon()
  }

  consistencyCheck(failed: boolean): void {
    this.pending.consistency.checks += 1
    if (failed) this.pending.consistency.failures += 1
    this.saveSoon()
  }

  private saveSoon(): void {
    this.saving.soon(SAVE_AFTER_MS)
  }

  /** The kept totals plus what this process counted since its last save. */
  totals(): StoreCounters {
    return added(readCounters(this.dataDir), this.pending)
  }

  save(): void {
    this.saving.cancel()
    const totals = this.totals()
    try {
      writeFileAtomic(join(this.dataDir, STATS_FILE), `${JSON.stringify(totals, null, 2)}\n`)
      this.pending = zeroCounters()
    } catch (error) {
      logger.warn(`could not save the storage counters in ${this.dataDir}`, error)
    }
  }
}
