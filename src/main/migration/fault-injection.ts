// Test-only fault hook: PERSONAL_AGENT_FAULT=<point>[,<point>…] makes the named step throw, so tests can prove
// that a failure at that step loses nothing. Ignored unless PERSONAL_AGENT_TEST_HOOKS=1.

export type FaultPoint =
  | 'after-backup'
  | 'mid-conversations'
  | 'profiles'
  | 'mcp_servers'
  | 'before-commit'
  | 'after-commit'
  | 'before-retire'
  | 'mid-rollback'

export function faultAt(point: FaultPoint): void {
  if (process.env['PERSONAL_AGENT_TEST_HOOKS'] !== '1') return
  const points = (process.env['PERSONAL_AGENT_FAULT'] ?? '').split(',')
  if (points.includes(point)) throw new Error(`injected fault at ${point}`)
  const kill = process.env['PERSONAL_AGENT_KILL_AT']
  if (kill === point) process.kill(process.pid, 'SIGKILL')
}
