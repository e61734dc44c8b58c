// Approval of tool calls: nothing runs without a grant. A call runs unasked when a grant covers it (this
// conversation, or always) or when its server lets read-only tools run; else the approver decides: the window's
// inline card (ToolApprovals, answered over IPC), or the CLI's --approve-tools policy.
import { UserError } from '../../../shared/errors'
import { jsonObjectText } from '../../base/record-codec'
import type { ToolGrantStore, StoredToolCall } from '../../store/store'

/** What the user chose for one call. `remember` makes a grant: in this conversation, or always. */
export type ToolDecision =
  | { allow: true; remember: 'once' | 'conversation' | 'always'; arguments?: Record<string, unknown> }
  | { allow: false; reason?: string }

export interface ToolApprovalRequest {
  conversationId: string
  /** The tool call's message. */
  messageId: string
  call: StoredToolCall
  /** Stops waiting (the turn was stopped). */
  signal?: AbortSignal
}

export type ToolApprover = (request: ToolApprovalRequest) => Promise<ToolDecision>

/** Whether a grant (or the server's read-only default) lets the call run without asking. */
export function isGranted(
  grants: ToolGrantStore,
  conversationId: string,
  call: Pick<StoredToolCall, 'serverId' | 'tool'>,
  readOnly: boolean
): boolean {
  if (readOnly && grants.readOnlyServers().includes(call.serverId)) return true
  return grants
    .toolGrants()
    .some(
      (g) =>
        g.serverId === call.serverId &&
        g.tool === call.tool &&
        (g.conversationId === null || g.conversationId === conversationId)
    )
}

/** Stores the grant a decision asks for (none for "once" or a denial). */
export function rememberDecision(
  grants: ToolGrantStore,
  conversationId: string,
  call: Pick<StoredToolCall, 'serverId' | 'tool'>,
  decision: ToolDecision
): void {
  if (!decision.allow || decision.remember === 'once') return
  grants.addToolGrant({
    serverId: call.serverId,
    tool: call.tool,
    conversationId: decision.remember === 'conversation' ? conversationId : null
  })
}

/** Calls waiting for the window's answer, by tool message id; the approver of the app. */
export class ToolApprovals {
  private readonly waiting = new Map<string, (decision: ToolDecision) => void>()

  /** Waits for `answer` on this call; a stop ends the wait as a denial. */
  readonly approve: ToolApprover = (request) =>
    new Promise<ToolDecision>((resolve) => {
      const done = (decision: ToolDecision): void => {
        this.waiting.delete(request.messageId)
        request.signal?.removeEventListener('abort', onAbort)
        resolve(decision)
      }
      const onAbort = (): void => done({ allow: false, reason: 'The reply was stopped.' })
      if (request.signal?.aborted) return onAbort()
      request.signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.set(request.messageId, done)
    })

  /** The user's answer to the call awaiting approval as `messageId`. */
  answer(messageId: string, decision: ToolDecision): void {
    const waiting = this.waiting.get(messageId)
    if (!waiting)
      throw new UserError(
        'WRONG_STATE',
        'This tool call no longer awaits approval (its reply ended or it was answered already). Refresh the conversation.'
      )
    waiting(decision)
  }
}

/** The card's answer as a decision: edited arguments must be a JSON object; a denial keeps its reason. */
export function decisionOf(
  choice: 'once' | 'conversation' | 'always' | 'deny',
  argumentsJson?: string,
  reason?: string
): ToolDecision {
  if (choice === 'deny') return { allow: false, ...(reason?.trim() ? { reason: reason.trim() } : {}) }
  if (argumentsJson === undefined) return { allow: true, remember: choice }
  const parsed = jsonObjectText(argumentsJson)
  if ('notJson' in parsed)
    throw new UserError(
      'INVALID_INPUT',
      `The arguments are not valid JSON (${parsed.notJson}). Correct them, then allow the call again.`
    )
  if ('notObject' in parsed)
    throw new UserError(
      'INVALID_INPUT',
      'The arguments must be a JSON object ({ … }). Correct them, then allow the call again.'
    )
  return { allow: true, remember: choice, arguments: parsed.object }
}
