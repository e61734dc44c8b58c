// A search box in its own form (role="search"): Enter, or the form's button, submits the query.
import type { ReactNode } from 'react'

export interface SearchFormProps {
  label: string
  placeholder: string
  value: string
  onChange: (value: string) => void
  onSubmit: () => void
  className: string
  /** After the box, e.g. a submit button. */
  children?: ReactNode
}

export function SearchForm({
  label,
  placeholder,
  value,
  onChange,
  onSubmit,
  className,
  children
}: SearchFormProps) {
  return (
    <form
      role="search"
      className={className}
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit()
      }}
    >
      <input
        className="input"
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
    </form>
  )
}
