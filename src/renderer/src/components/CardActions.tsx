// The actions column of a list card: optional extra controls, then Edit and Delete, labelled with the item's name.
import type { ReactNode } from 'react'

interface CardActionsProps {
  name: string
  onEdit: () => void
  onDelete: () => void
  children?: ReactNode
}

export function CardActions({ name, onEdit, onDelete, children }: CardActionsProps) {
  return (
    <div className="item-card-actions">
      {children}
      <button type="button" className="button" onClick={onEdit} aria-label={`Edit ${name}`}>
        Edit
      </button>
      <button
        type="button"
        className="button button-danger-quiet"
        onClick={onDelete}
        aria-label={`Delete ${name}`}
      >
        Delete
      </button>
    </div>
  )
}
