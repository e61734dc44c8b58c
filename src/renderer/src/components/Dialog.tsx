// Modal dialog on the native <dialog>: the page behind is inert, Tab stays inside, Escape closes, focus returns.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type SyntheticEvent } from 'react'
import { Alert } from './Alert'

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0)
}

export interface DialogProps {
  title: string
  /** Called on Escape and by the dialog's own cancel buttons. Ignored while `busy`. */
  onClose: () => void
  children: ReactNode
  /** A sentence under the title, also used as the accessible description. */
  description?: ReactNode
  busy?: boolean
  size?: 'small' | 'medium' | 'large'
  /** `alertdialog` for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog'
}

export function Dialog({
  title,
  onClose,
  children,
  description,
  busy = false,
  size = 'medium',
  role
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  const latest = useRef({ onClose, busy })
  latest.current = { onClose, busy }

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    let unmounting = false
    const onNativeClose = (): void => {
      // The browser can force-close on a repeated Escape; keep React's state in step. A stale event from an
      // earlier close (StrictMode re-runs this effect) arrives while the dialog is open again: ignore it.
      if (!unmounting && !dialog.open) latest.current.onClose()
    }
    dialog.addEventListener('close', onNativeClose)
    if (!dialog.open) dialog.showModal()
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(dialog)[0] ?? dialog
    first.focus()
    return () => {
      unmounting = true
      dialog.removeEventListener('close', onNativeClose)
      if (dialog.open) dialog.close()
      if (previous?.isConnected) previous.focus()
    }
  }, [])

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>): void => {
    event.preventDefault()
    if (!latest.current.busy) latest.current.onClose()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Tab') return
    const items = focusables(event.currentTarget)
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) {
      event.preventDefault()
      return
    }
    const active = document.activeElement
    if (event.shiftKey && (active === first || active === event.currentTarget)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && active === last) {
      event.preventDefault()
      first.focus()
    }
  }

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      role={role}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      aria-busy={busy || undefined}
      onCancel={onCancel}
      onKeyDown={onKeyDown}
      tabIndex={-1}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        {description ? (
          <div id={descriptionId} className="dialog-description">
            {description}
          </div>
        ) : null}
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  )
}

/** The row of buttons at the bottom of a dialog (primary action last). */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="dialog-actions">{children}</div>
}

export interface DialogFooterProps {
  /** The error of the dialog's last try, shown above the buttons. */
  error: string | null
  busy: boolean
  onCancel: () => void
  cancelLabel?: string
  /** Puts the first focus on Cancel, for confirmations of destructive actions. */
  focusCancel?: boolean
  actionLabel: string
  tone?: 'danger' | 'primary'
  /** Runs the action; without it the action button submits the dialog's form. */
  onAction?: () => void
}

/** The end of a dialog that runs one action: its error in place, then Cancel and the action's button. */
export function DialogFooter({
  error,
  busy,
  onCancel,
  cancelLabel = 'Cancel',
  focusCancel = false,
  actionLabel,
  tone = 'primary',
  onAction
}: DialogFooterProps) {
  return (
    <>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <DialogActions>
        <button
          type="button"
          className="button"
          onClick={onCancel}
          disabled={busy}
          data-autofocus={focusCancel || undefined}
        >
          {cancelLabel}
        </button>
        <button
          type={onAction ? 'button' : 'submit'}
          className={`button ${tone === 'danger' ? 'button-danger' : 'button-primary'}`}
          onClick={onAction}
          disabled={busy}
        >
          {actionLabel}
        </button>
      </DialogActions>
    </>
  )
}
