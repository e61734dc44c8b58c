// The compact line under a chat reply: its model, input tokens (and how many came from the provider's prompt cache),
// output tokens and why it ended, "~" where the counts are estimated, and its state when it did not complete.
import type { MessageView, ReplyStatus } from '../../../shared/types'
import { formatCount as count } from '../format'

const STATE: Partial<Record<ReplyStatus, string>> = {
  stopped: 'stopped',
  interrupted: 'interrupted',
  error: 'failed'
}

/** The usage line's parts, in order; empty for a message that is not a finished chat reply. */
function usageParts(reply: MessageView): string[] {
  if (reply.status == null || reply.status === 'streaming') return []
  const parts: string[] = []
  if (reply.model) parts.push(reply.model)
  const usage = reply.usage
  if (usage) {
    const about = usage.estimated ? '~' : ''
    const cache = [
      usage.cachedInputTokens ? `${count(usage.cachedInputTokens)} cached` : null,
      usage.cacheWriteTokens ? `${count(usage.cacheWriteTokens)} written to cache` : null
    ].filter((part) => part !== null)
    parts.push(`${about}${count(usage.inputTokens)} in${cache.length > 0 ? ` (${cache.join(', ')})` : ''}`)
    parts.push(`${about}${count(usage.outputTokens)} out`)
  }
  if (reply.finishReason)
    parts.push(reply.finishReason === 'step-limit' ? 'stopped at the tool step limit' : reply.finishReason)
  const state = STATE[reply.status]
  if (state) parts.push(state)
  return parts
}

export function ReplyUsage({ reply }: { reply: MessageView }) {
  const parts = usageParts(reply)
  if (parts.length === 0) return null
  const estimated = reply.usage?.estimated === true
  return (
    <div
      className="reply-usage muted small"
      data-status={reply.status ?? undefined}
      title={estimated ? 'Estimated: the provider gave no token counts.' : undefined}
    >
      {parts.join(' · ')}
    </div>
  )
}
