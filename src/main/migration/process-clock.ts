// Milliseconds since this process started: the clock of a run's usable point and its end, as a user sees them.
export function sinceProcessStart(): number {
  return Math.round(process.uptime() * 1000)
}
