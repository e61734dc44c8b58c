// Test-only fault hook: PERSONAL_AGENT_FAULT=<point>[,<point>…] makes the named step throw, so tests can prove
// that a failure at that step loses nothing; PERSONAL_AGENT_KILL_AT and PERSONAL_AGENT_DELAY_AT kill or hold the
// process there. All ignored unless PERSONAL_AGENT_TEST_HOOKS=1.

export type FaultPoint =
  | 'migration-start'
  | 'backup-copy'
  | 'manifest-write'
  | 'after-backup'
  | 'mid-conversations'
  | 'profiles'
  | 'keychain-writes'
  | 'mcp_servers'
  | 'verify'
  | 'before-commit'
  | 'after-commit'
  | 'mid-index'
  | 'before-checks'
  | 'after-checks'
  | 'before-retire'
  | 'mid-retire'
  | 'before-final-state'
  | 'rollback-restore'
  | 'mid-rollback'
  | 'rollback-keychain'
  | 'seal-encrypted'
  | 'seal-manifest'
  | 'seal-delete'
  | 'import-backup-staged'

export function faultAt(point: FaultPoint): void {
  if (process.env['PERSONAL_AGENT_TEST_HOOKS'] !== '1') return
  const points = (process.env['PERSONAL_AGENT_FAULT'] ?? '').split(',')
  if (points.includes(point)) throw new Error(`injected fault at ${point}`)
  // `enospc@<point>`: the disk fills up there.
  if (points.includes(`enospc@${point}`))
    throw Object.assign(new Error(`ENOSPC: no space left on device (injected at ${point})`), {
      code: 'ENOSPC'
    })
  const kill = process.env['PERSONAL_AGENT_KILL_AT']
  if (kill === point) process.kill(process.pid, 'SIGKILL')
  // PERSONAL_AGENT_DELAY_AT=<point>:<ms> holds the run there, so a test can watch progress mid-migration.
  const [delayPoint, delayMs] = (process.env['PERSONAL_AGENT_DELAY_AT'] ?? '').split(':')
  if (delayPoint === point) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(delayMs))
}

/** PERSONAL_AGENT_CLOCK_SHIFT_MS moves this process's idea of "now" (tests of a clock that went backwards). */
export function clockShiftMs(): number {
  if (process.env['PERSONAL_AGENT_TEST_HOOKS'] !== '1') return 0
  return Number(process.env['PERSONAL_AGENT_CLOCK_SHIFT_MS'] ?? 0) || 0
}
