// A main screen's frame: its heading with the intro sentence and the header actions, then the screen's body.
import type { ReactNode } from 'react'

export interface ScreenProps {
  title: string
  intro: ReactNode
  /** Buttons at the right of the header. */
  actions?: ReactNode
  /** `settings-body` for screens made of cards in one column. */
  bodyClassName?: string
  children: ReactNode
  /** Dialogs the screen opens, outside the body. */
  dialogs?: ReactNode
}

export function Screen({ title, intro, actions, bodyClassName, children, dialogs }: ScreenProps) {
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">{intro}</p>
        </div>
        {actions}
      </header>
      <div className={bodyClassName ? `screen-body ${bodyClassName}` : 'screen-body'}>{children}</div>
      {dialogs}
    </div>
  )
}
