// A code block in a reply: its language, the highlighted code, and a Copy button that says "Copied" once the code
// is on the clipboard.
import { useEffect, useState, type ReactNode } from 'react'

type CopyState = 'idle' | 'copied' | 'failed'

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' }

export function CodeBlock({
  language,
  code,
  children
}: {
  language: string | null
  code: string
  children: ReactNode
}) {
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  const copy = () => {
    navigator.clipboard.writeText(code).then(
      () => setState('copied'),
      () => setState('failed')
    )
  }
  const what = language ? `${language} code` : 'code'
  return (
    <figure className="code-block">
      <figcaption className="code-block-bar">
        <span className="code-block-language">{language ?? 'text'}</span>
        <button
          type="button"
          className="button button-small code-block-copy"
          aria-label={state === 'idle' ? `Copy ${what}` : LABELS[state]}
          onClick={copy}
        >
          {LABELS[state]}
        </button>
        <span className="visually-hidden" role="status">
          {state === 'idle' ? '' : LABELS[state]}
        </span>
      </figcaption>
      <pre>{children}</pre>
    </figure>
  )
}
