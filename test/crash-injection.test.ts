// Crash injection in every `npm test`: trials of the real CLI killed with SIGKILL at each named step (the steps
// between the commit and the end of the background index and checks included) and at random moments; each must
// resume with zero loss and roll back byte-identically (`npm run test:crash`: 200).
import { describe, expect, it } from 'vitest'
import { MIGRATE_KILL_POINTS, runCrashTrials } from '../scripts/crash-trials'

/** Two trials in three kill at a named step: enough trials that every named step is hit once. */
const TRIALS = Math.ceil((MIGRATE_KILL_POINTS.length * 3) / 2)

describe('crash injection', () => {
  it(
    `${TRIALS} of ${TRIALS} killed migrations and rollbacks recover with nothing lost`,
    { timeout: 400_000 },
    async () => {
      const report = await runCrashTrials({ trials: TRIALS, seed: 424242 })
      expect(report.failures).toEqual([])
      expect(report.passed).toBe(TRIALS)
      for (const point of MIGRATE_KILL_POINTS) expect(report.phasesHit[point], point).toBeGreaterThan(0)
    }
  )
})
