// How much of the model's context window the conversation fills: a meter of the next request's estimated tokens
// against the window, updated as the draft grows, after each turn and when the profile changes; and, once older
// messages no longer fit, how many are not sent with "Summarise older messages".
import { useEffect, useState } from 'react'
import type { ChatContextView } from '../../../shared/chat-types'
import { call } from '../api'
import { Alert } from '../components/Alert'
import { useAsyncAction } from '../hooks'

/** How long the draft must rest before the gauge asks again. */
const DRAFT_PAUSE_MS = 250

/** From this share of the window on, the meter warns. */
const NEAR_LIMIT = 0.8

/** One formatter for every count (`toLocaleString` would build one on each call, each render). */
const counts = new Intl.NumberFormat('en-US')
const count = (n: number): string => counts.format(n)
const plural = (n: number, one: string): string => `${count(n)} ${one}${n === 1 ? '' : 's'}`

export interface ContextGaugeProps {
  conversationId: string
  profileId: string
  draftChars: number
  /** Changes when a turn starts or ends, so the gauge reads the conversation again. */
  turn: string | null
}

export function ContextGauge({ conversationId, profileId, draftChars, turn }: ContextGaugeProps) {
  const [view, setView] = useState<ChatContextView | null>(null)
  const [reads, setReads] = useState(0)
  const summarising = useAsyncAction('inline')

  useEffect(() => {
    let current = true
    const timer = setTimeout(
      () =>
        void call('chat:context', {
          conversationId,
          profileId: profileId || undefined,
          draftChars
        }).then(
          (answer) => current && setView(answer),
          // The gauge is a hint: when it cannot be read (no profile yet) it stays hidden.
          () => current && setView(null)
        ),
      DRAFT_PAUSE_MS
    )
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [conversationId, profileId, draftChars, turn, reads])

  if (view === null) return null
  const share = view.windowTokens > 0 ? view.usedTokens / view.windowTokens : 0
  const level = share > 1 ? 'over' : share >= NEAR_LIMIT ? 'near' : 'ok'
  const summarise = () =>
    void summarising.run(async () => {
      const answer = await call('chat:summarise', { conversationId, profileId: profileId || undefined })
      setView(answer.context)
      setReads((n) => n + 1)
    })
  return (
    <div className="context-gauge" data-level={level}>
      <div className="context-gauge-row">
        <div
          className="context-meter"
          role="meter"
          aria-label="Context window"
          aria-valuemin={0}
          aria-valuemax={view.windowTokens}
          aria-valuenow={Math.min(view.usedTokens, view.windowTokens)}
          aria-valuetext={`${count(view.usedTokens)} of ${count(view.windowTokens)} tokens`}
        >
          <span className="context-meter-fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
        </div>
        <span className="small muted">
          {count(view.usedTokens)} / {count(view.windowTokens)} tokens
        </span>
      </div>
      {view.omittedMessages > 0 ? (
        <div className="context-gauge-row" role="status">
          <span className="small">{plural(view.omittedMessages, 'older message')} not sent</span>
          <button
            type="button"
            className="button button-small"
            onClick={summarise}
            disabled={summarising.busy}
            aria-busy={summarising.busy}
          >
            {summarising.busy ? 'Summarising…' : 'Summarise older messages'}
          </button>
        </div>
      ) : view.summarisedMessages > 0 ? (
        <span className="small muted">
          {plural(view.summarisedMessages, 'older message')} sent as a summary
        </span>
      ) : null}
      {summarising.error !== null ? <Alert tone="error">{summarising.error}</Alert> : null}
    </div>
  )
}
