// Many writers on one data folder: three processes on the services and one app host, each a seeded mix of appends,
// new conversations, renames, page reads, searches, import batches and migration-state reads, all at once. No
// SQLITE_BUSY (nor any other error) reaches a caller, and every write a caller saw acknowledged is in the store.
import { describe, expect, it } from 'vitest'
import { runLoad } from '../bench/concurrency-load'
import { tempDir } from './support/folders'

describe('many writers at once', () => {
  it('loses no acknowledged write and lets no SQLITE_BUSY reach a caller', { timeout: 240_000 }, async () => {
    const result = await runLoad({
      workDir: tempDir('pa-conc-'),
      writers: 3,
      ops: 150,
      importNotes: 3,
      conversations: 20,
      notes: 30,
      seed: 19
    })
    expect(result.crashed).toEqual([])
    expect(result.reports).toHaveLength(4)
    const errors: Record<string, number> = {}
    for (const report of result.reports)
      for (const [code, n] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + n
    expect(errors, JSON.stringify(result.reports.flatMap((r) => r.errorExamples))).toEqual({})
    // Each process acknowledged writes of every kind, and each one is in the store.
    expect(result.acknowledged).toBeGreaterThan(200)
    expect(result.lost).toEqual([])
  })
})
