// Dialog with a single title field, used for "New conversation" and "Rename".
import { useState } from 'react'
import { InputProblem } from '../hooks'
import { notify } from '../stores/notices'
import { TextField } from './Field'
import { FormDialog } from './FormDialog'

export interface TitleDialogProps {
  title: string
  initialValue: string
  submitLabel: string
  onSubmit: (value: string) => Promise<unknown>
  /** Announced when the submit has succeeded. */
  notice?: string
  onClose: () => void
}

export const MAX_TITLE_LENGTH = 200

export function TitleDialog({
  title,
  initialValue,
  submitLabel,
  onSubmit,
  notice,
  onClose
}: TitleDialogProps) {
  const [value, setValue] = useState(initialValue)

  const submit = async (): Promise<void> => {
    const trimmed = value.trim()
    if (trimmed === '') throw new InputProblem('Enter a title.')
    await onSubmit(trimmed)
    if (notice) notify(notice)
  }

  return (
    <FormDialog title={title} submitLabel={submitLabel} onSubmit={submit} onClose={onClose} size="small">
      {(error) => (
        <TextField
          label="Title"
          value={value}
          maxLength={MAX_TITLE_LENGTH}
          onChange={setValue}
          aria-invalid={error !== null || undefined}
          onFocus={(event) => event.currentTarget.select()}
          data-autofocus
        />
      )}
    </FormDialog>
  )
}
