// "Start at launch" of an MCP server: a field of its record (`start_at_launch: true`), so it travels with the record
// (settings, export) like its timeouts do; anything but `true` is off.

export const START_AT_LAUNCH_KEY = 'start_at_launch'

export function startsAtLaunch(record: Record<string, unknown> | null): boolean {
  return record !== null && record[START_AT_LAUNCH_KEY] === true
}
