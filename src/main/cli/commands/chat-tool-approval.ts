// `chat --approve-tools ask|all|none`: how the CLI answers tool calls no grant covers. `ask` asks y/n on the
// terminal (and refuses in one line when there is none), `all` allows every call, `none` denies every call and
// tells the model so. Each call's outcome is one line on stderr while the reply streams to stdout.
import { createInterface } from 'node:readline/promises'
import { UserError } from '../../../shared/errors'
import type { ChatStreamEvent } from '../../services/chat/stream-emitter'
import type { ToolApprover } from '../../services/chat/tool-approval'

export const APPROVE_TOOLS = ['ask', 'all', 'none'] as const
export type ApproveTools = (typeof APPROVE_TOOLS)[number]

export function approveToolsOption(value: string | null): ApproveTools {
  if (value === null) return 'ask'
  if ((APPROVE_TOOLS as readonly string[]).includes(value)) return value as ApproveTools
  throw new UserError('USAGE', `--approve-tools takes ask, all or none, not "${value}".`)
}

export const DENIED_BY_FLAG = 'The user runs the CLI with --approve-tools none: no tool may run.'

/** The approver for the policy; `ask` reads y/n from the terminal. */
export function cliApprover(policy: ApproveTools): ToolApprover {
  if (policy === 'all') return async () => ({ allow: true, remember: 'once' })
  if (policy === 'none') return async () => ({ allow: false, reason: DENIED_BY_FLAG })
  return async ({ call, signal }) => {
    if (!process.stdin.isTTY)
      throw new UserError(
        'WRONG_STATE',
        `The model asked to run ${call.serverName} → ${call.tool}, and there is no terminal to ask you. Run again with --approve-tools all or none (your message is saved).`
      )
    const prompt = createInterface({ input: process.stdin, output: process.stderr })
    try {
      const answer = await prompt.question(
        `\nRun ${call.serverName} → ${call.tool} ${JSON.stringify(call.arguments)}? [y/N] `,
        { signal }
      )
      return /^y(es)?$/i.test(answer.trim())
        ? { allow: true, remember: 'once' }
        : { allow: false, reason: 'The user answered no.' }
    } catch {
      return { allow: false, reason: 'The reply was stopped.' }
    } finally {
      prompt.close()
    }
  }
}

/** One stderr line per call once it ended: server, tool, outcome (a cancelled call is told by the turn's own line). */
export function toolLine(event: ChatStreamEvent): string | null {
  const call = event.tool?.call
  if (!call || !['done', 'error', 'denied'].includes(call.status)) return null
  const took = call.durationMs === null ? '' : ` (${call.durationMs} ms)`
  const why = call.error ? `: ${call.error}` : ''
  return `personal-agent: tool ${call.serverName || '?'} → ${call.tool}: ${call.status}${took}${why}`
}
