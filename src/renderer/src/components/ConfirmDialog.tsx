// A yes/no confirmation for a destructive or important action; shows the action's error in place.
import { useState, type ReactNode } from 'react'
import { errorMessage } from '../api'
import { Alert } from './Alert'
import { Dialog, DialogActions } from './Dialog'

export interface ConfirmDialogProps {
  title: string
  children?: ReactNode
  confirmLabel: string
  cancelLabel?: string
  tone?: 'danger' | 'primary'
  /** Runs the action; the dialog stays open with the message if it throws. */
  onConfirm: () => Promise<void>
  onClose: () => void
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'danger',
  onConfirm,
  onClose
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const confirm = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy} size="small" role="alertdialog">
      {children}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <DialogActions>
        <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`}
          onClick={() => void confirm()}
          disabled={busy}
        >
          {confirmLabel}
        </button>
      </DialogActions>
    </Dialog>
  )
}
