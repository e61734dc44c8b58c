// A dialog around one form: its fields, the error of the last try in place, then Cancel and the submit button.
import type { FormEvent, ReactNode } from 'react'
import { useAsyncAction } from '../hooks'
import { Dialog, DialogFooter, type DialogProps } from './Dialog'

export interface FormDialogProps {
  title: string
  submitLabel: string
  /** Checks and saves the form; the dialog closes when it resolves. Throw InputProblem to say what to fix. */
  onSubmit: () => Promise<void>
  onClose: () => void
  size?: DialogProps['size']
  /** Off for forms with keys and secrets, so the browser does not offer to fill or keep them. */
  autoComplete?: 'off'
  /** The fields; as a function, it is told the error shown, to mark the field it is about. */
  children: ReactNode | ((error: string | null) => ReactNode)
}

export function FormDialog({
  title,
  submitLabel,
  onSubmit,
  onClose,
  size,
  autoComplete,
  children
}: FormDialogProps) {
  const { busy, error, run } = useAsyncAction()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void run(async () => {
      await onSubmit()
      onClose()
    })
  }

  return (
    <Dialog title={title} onClose={onClose} busy={busy} size={size}>
      <form onSubmit={submit} noValidate autoComplete={autoComplete}>
        {typeof children === 'function' ? children(error) : children}
        <DialogFooter error={error} busy={busy} onCancel={onClose} actionLabel={submitLabel} />
      </form>
    </Dialog>
  )
}
