// Friendly placeholder for an empty list, with an optional next step.
import type { ReactNode } from 'react'

export function EmptyState({
  title,
  children,
  action
}: {
  title: string
  children?: ReactNode
  action?: ReactNode
}) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children ? <p className="empty-state-text">{children}</p> : null}
      {action ? <div className="empty-state-action">{action}</div> : null}
    </div>
  )
}
