// A yes/no confirmation for a destructive or important action; shows the action's error in place.
import type { ReactNode } from 'react'
import { useAsyncAction } from '../hooks'
import { notify } from '../stores/notices'
import { Dialog, DialogFooter, type DialogProps } from './Dialog'

export interface ConfirmDialogProps {
  title: string
  children?: ReactNode
  description?: ReactNode
  confirmLabel: string
  cancelLabel?: string
  tone?: 'danger' | 'primary'
  size?: DialogProps['size']
  /** Runs the action; the dialog stays open with the message if it throws. */
  onConfirm: () => Promise<unknown>
  /** Announced when the action has succeeded. */
  notice?: string
  onClose: () => void
}

export function ConfirmDialog({
  title,
  children,
  description,
  confirmLabel,
  cancelLabel,
  tone = 'danger',
  size = 'small',
  onConfirm,
  notice,
  onClose
}: ConfirmDialogProps) {
  const { busy, error, run } = useAsyncAction()

  const confirm = (): Promise<boolean> =>
    run(async () => {
      await onConfirm()
      if (notice) notify(notice)
      onClose()
    })

  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      busy={busy}
      size={size}
      role="alertdialog"
    >
      {children}
      <DialogFooter
        error={error}
        busy={busy}
        onCancel={onClose}
        cancelLabel={cancelLabel}
        focusCancel
        actionLabel={confirmLabel}
        tone={tone}
        onAction={() => void confirm()}
      />
    </Dialog>
  )
}
