// Dialog with a single title field, used for "New conversation" and "Rename".
import { useState, type FormEvent } from 'react'
import { errorMessage } from '../api'
import { Alert } from './Alert'
import { Dialog, DialogActions } from './Dialog'

export interface TitleDialogProps {
  title: string
  initialValue: string
  submitLabel: string
  onSubmit: (value: string) => Promise<void>
  onClose: () => void
}

export const MAX_TITLE_LENGTH = 200

export function TitleDialog({ title, initialValue, submitLabel, onSubmit, onClose }: TitleDialogProps) {
  const [value, setValue] = useState(initialValue)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const trimmed = value.trim()
    if (trimmed === '') {
      setError('Enter a title.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onSubmit(trimmed)
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy} size="small">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="title-dialog-input">Title</label>
          <input
            id="title-dialog-input"
            className="input"
            value={value}
            maxLength={MAX_TITLE_LENGTH}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={error !== null || undefined}
            onFocus={(event) => event.currentTarget.select()}
            data-autofocus
          />
        </div>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <DialogActions>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {submitLabel}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
