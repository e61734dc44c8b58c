// `personal-agent history [--json] [--verify] [--limit N]`: the data folder's audit trail, newest first, or (with
// --verify) the check of its hash chain, exit code 1 when a row was edited, deleted or reordered.
import { UserError } from '../../../shared/errors'
import { auditCountsText, chainCheckText, type AuditEventView } from '../../../shared/history-types'
import { readHistory } from '../../history/audit-log'
import type { CliCommand, CommandContext } from '../cli-command'

function limitOf(context: CommandContext): number | undefined {
  const value = context.options['limit']
  if (value === undefined) return undefined
  const limit = Number(value)
  if (typeof value !== 'string' || !Number.isInteger(limit) || limit < 1)
    throw new UserError('USAGE', `--limit is "${String(value)}"; give a whole number of events, 1 or more.`)
  return limit
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

function line(event: AuditEventView): string {
  const what = [auditCountsText(event.counts), event.detail, event.reason].filter((part) => part).join(' — ')
  return [
    String(event.id).padStart(5),
    event.at,
    event.action.padEnd(22),
    event.outcome.padEnd(6),
    duration(event.durationMs).padStart(9),
    what
  ].join('  ')
}

export const historyCommand: CliCommand = {
  options: { verify: { type: 'boolean' }, limit: { type: 'string' } },
  usage: 'history [--verify] [--limit N] [--data-dir DIR] [--json]',
  async run(context) {
    const limit = limitOf(context)
    const { events, chain } = readHistory(context.dataDir, limit)
    const exitCode = context.options['verify'] === true && !chain.ok ? 1 : 0
    if (context.options['verify'] === true) return { json: chain, text: chainCheckText(chain), exitCode }
    const header = `${'ID'.padStart(5)}  ${'TIME'.padEnd(24)}  ${'ACTION'.padEnd(22)}  ${'RESULT'}  ${'DURATION'.padStart(9)}  WHAT`
    const text = events.length === 0 ? 'No events recorded yet.' : [header, ...events.map(line)].join('\n')
    return {
      json: { events, chain },
      text: chain.ok ? text : `${text}\n${chainCheckText(chain)} Run "personal-agent history --verify".`
    }
  }
}
