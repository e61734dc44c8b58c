// Inline message block: errors are announced at once (role="alert"), other tones politely (role="status").
import type { ReactNode } from 'react'

export interface AlertProps {
  tone: 'error' | 'warning' | 'success' | 'info'
  title?: string
  children?: ReactNode
  action?: ReactNode
}

const ICONS: Record<AlertProps['tone'], string> = { error: '!', warning: '!', success: '✓', info: 'i' }

export function Alert({ tone, title, children, action }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="alert-icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      <div className="alert-content">
        {title ? <p className="alert-title">{title}</p> : null}
        {children ? <div className="alert-text">{children}</div> : null}
      </div>
      {action ? <div className="alert-action">{action}</div> : null}
    </div>
  )
}
