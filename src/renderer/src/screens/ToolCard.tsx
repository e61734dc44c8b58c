// A tool call in the conversation: while it awaits approval, an inline card with the server, the tool and its
// arguments in full (editable as JSON) and the four choices (a denial with an optional reason the model receives);
// then a collapsible card with its state, arguments, whole result or error, and how long it took.
import { useState } from 'react'
import type { ToolApprovalChoice } from '../../../shared/chat-types'
import type { ToolCallStatus, ToolCallView } from '../../../shared/types'
import { call } from '../api'
import { Alert } from '../components/Alert'
import { TextField } from '../components/Field'
import { useAsyncAction } from '../hooks'

const STATUS: Record<ToolCallStatus, { label: string; badge: string }> = {
  'awaiting-approval': { label: 'Awaiting approval', badge: 'badge-warn' },
  running: { label: 'Running…', badge: 'badge-info' },
  done: { label: 'Done', badge: 'badge-ok' },
  error: { label: 'Failed', badge: 'badge-warn' },
  denied: { label: 'Denied', badge: 'badge-muted' },
  cancelled: { label: 'Cancelled', badge: 'badge-muted' }
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2)
}

/** The approval part of an awaiting call: the arguments to edit, the choices, a denial's reason. */
function Approval({ messageId, tool }: { messageId: string; tool: ToolCallView }) {
  const original = pretty(tool.arguments)
  const [args, setArgs] = useState(original)
  const [reason, setReason] = useState('')
  const answer = useAsyncAction('inline')
  const choose = (choice: ToolApprovalChoice) =>
    void answer.run(async () => {
      await call('chat:approveTool', {
        messageId,
        choice,
        ...(choice === 'deny' ? { reason } : args.trim() === original.trim() ? {} : { argumentsJson: args })
      })
    })
  return (
    <div className="tool-approval">
      <TextField
        label="Arguments (JSON)"
        mono
        rows={Math.min(12, original.split('\n').length + 1)}
        value={args}
        onChange={setArgs}
        spellCheck={false}
      />
      {answer.error !== null ? <Alert tone="error">{answer.error}</Alert> : null}
      <div className="tool-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={answer.busy}
          onClick={() => choose('once')}
        >
          Allow once
        </button>
        <button
          type="button"
          className="button"
          disabled={answer.busy}
          onClick={() => choose('conversation')}
        >
          Allow in this conversation
        </button>
        <button type="button" className="button" disabled={answer.busy} onClick={() => choose('always')}>
          Always allow this tool
        </button>
      </div>
      <div className="tool-deny">
        <TextField
          label="Reason for denying"
          note="(optional, the model receives it)"
          value={reason}
          onChange={setReason}
        />
        <button type="button" className="button" disabled={answer.busy} onClick={() => choose('deny')}>
          Deny
        </button>
      </div>
    </div>
  )
}

export function ToolCard({
  messageId,
  tool,
  result
}: {
  messageId: string
  tool: ToolCallView
  /** The whole result, once there is one. */
  result: string | null
}) {
  const status = STATUS[tool.status]
  const awaiting = tool.status === 'awaiting-approval'
  const title = `${tool.serverName || 'Unknown server'} → ${tool.tool}`
  return (
    <section className="tool-card" aria-label={`Tool call: ${title}`} data-tool-status={tool.status}>
      <div className="tool-card-head">
        <span className="tool-card-title mono">{title}</span>
        <span className={`badge ${status.badge}`}>{status.label}</span>
        {tool.durationMs !== null ? <span className="muted small">{tool.durationMs} ms</span> : null}
      </div>
      {tool.error !== null && !awaiting ? (
        <p className="tool-card-error">{tool.status === 'denied' ? `Reason: ${tool.error}` : tool.error}</p>
      ) : null}
      {awaiting ? (
        <Approval messageId={messageId} tool={tool} />
      ) : (
        <details className="tool-card-details">
          <summary>Arguments{result !== null && result !== '' ? ' and result' : ''}</summary>
          <pre className="tool-card-pre" aria-label="Arguments">
            {pretty(tool.arguments)}
          </pre>
          {result !== null && result !== '' ? (
            <pre className="tool-card-pre" aria-label="Result">
              {result}
            </pre>
          ) : null}
        </details>
      )}
    </section>
  )
}
