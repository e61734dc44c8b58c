// Crash injection in every `npm test`: 20 trials of the real CLI killed with SIGKILL at each named step and at
// random moments; each must resume with zero loss and roll back byte-identically (`npm run test:crash`: 200).
import { describe, expect, it } from 'vitest'
import { MIGRATE_KILL_POINTS, runCrashTrials } from '../scripts/crash-trials'

describe('crash injection', () => {
  it('20 of 20 killed migrations and rollbacks recover with nothing lost', { timeout: 300_000 }, async () => {
    const report = await runCrashTrials({ trials: 20, seed: 424242 })
    expect(report.failures).toEqual([])
    expect(report.passed).toBe(20)
    for (const point of MIGRATE_KILL_POINTS) expect(report.phasesHit[point], point).toBeGreaterThan(0)
  })
})
