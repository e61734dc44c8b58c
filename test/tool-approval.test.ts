// The window's answer to a tool call's approval card: the four choices as decisions, edited arguments that must be a
// JSON object (else one line saying how to fix them), a denial's reason trimmed; and the waiting calls, answered by
// message id, ended as a denial when the turn is stopped, refused in one line once no longer waiting.
import { describe, expect, it } from 'vitest'
import { decisionOf, ToolApprovals, type ToolApprovalRequest } from '../src/main/services/chat/tool-approval'

const request = (messageId: string, signal?: AbortSignal): ToolApprovalRequest => ({
  conversationId: 'c1',
  messageId,
  call: {
    callId: 'call_1',
    serverId: 's1',
    serverName: 'everything',
    tool: 'echo',
    modelName: 'everything__echo',
    arguments: { message: 'hi' },
    status: 'awaiting-approval',
    error: null,
    durationMs: null
  },
  signal
})

describe('the card’s answer', () => {
  it('maps the choices, with edited arguments and a denial’s reason', () => {
    expect(decisionOf('once')).toEqual({ allow: true, remember: 'once' })
    expect(decisionOf('conversation', '{"message": "edited"}')).toEqual({
      allow: true,
      remember: 'conversation',
      arguments: { message: 'edited' }
    })
    expect(decisionOf('always')).toEqual({ allow: true, remember: 'always' })
    expect(decisionOf('deny', undefined, '  not now  ')).toEqual({ allow: false, reason: 'not now' })
    expect(decisionOf('deny', undefined, '   ')).toEqual({ allow: false })
  })

  it('refuses arguments that are not a JSON object, in one line', () => {
    expect(() => decisionOf('once', '{"message": ')).toThrow(
      /^The arguments are not valid JSON \(.*\)\. Correct them, then allow the call again\.$/
    )
    expect(() => decisionOf('once', '[1, 2]')).toThrow(
      'The arguments must be a JSON object ({ … }). Correct them, then allow the call again.'
    )
    expect(() => decisionOf('once', 'null')).toThrow(/must be a JSON object/)
  })
})

describe('calls waiting for the window', () => {
  it('are answered by message id, once', async () => {
    const approvals = new ToolApprovals()
    const waiting = approvals.approve(request('m1'))
    approvals.answer('m1', { allow: true, remember: 'once' })
    await expect(waiting).resolves.toEqual({ allow: true, remember: 'once' })
    expect(() => approvals.answer('m1', { allow: false })).toThrow(/no longer awaits approval/)
  })

  it('end as a denial when the turn is stopped', async () => {
    const approvals = new ToolApprovals()
    const stop = new AbortController()
    const waiting = approvals.approve(request('m2', stop.signal))
    stop.abort()
    await expect(waiting).resolves.toEqual({ allow: false, reason: 'The reply was stopped.' })
    expect(() => approvals.answer('m2', { allow: true, remember: 'once' })).toThrow(
      /no longer awaits approval/
    )
  })
})
