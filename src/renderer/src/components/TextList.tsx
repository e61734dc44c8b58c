// A list of short texts (problems, warnings, result lines), alone or as the body of an alert.
import { Alert, type AlertProps } from './Alert'

export function TextList({
  items,
  className = 'plain-list'
}: {
  items: readonly string[]
  className?: string
}) {
  return (
    <ul className={className}>
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  )
}

/** An alert listing `items`; nothing when there are none. */
export function ListAlert({
  tone,
  title,
  items,
  className
}: Pick<AlertProps, 'tone' | 'title'> & { items: readonly string[]; className?: string }) {
  if (items.length === 0) return null
  return (
    <Alert tone={tone} title={title}>
      <TextList items={items} className={className} />
    </Alert>
  )
}
