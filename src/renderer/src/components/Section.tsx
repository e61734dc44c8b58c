// A card of a screen that is a region named by its heading (Settings' sections, the import's steps).
import { useId, type ReactNode } from 'react'

export interface SectionProps {
  title: string
  /** The card's layout: `settings-card` (the default) or `migration-card`. */
  className?: string
  children: ReactNode
}

export function Section({ title, className = 'settings-card', children }: SectionProps) {
  const titleId = useId()
  return (
    <section className={`card ${className}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  )
}
