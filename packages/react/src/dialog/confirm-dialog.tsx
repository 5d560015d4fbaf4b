import * as Dialog from '@radix-ui/react-dialog'
import { useRef, type ReactNode } from 'react'
import { useReportwright } from '../provider/reportwright-context'
import { classNames } from '../shared/root-props'

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly title: string
  readonly description: string
  /** Text of the confirming button. Defaults to the catalog's "Confirm". */
  readonly confirmLabel?: string
  /** `danger` styles the confirming button for destructive actions. Defaults to `danger`. */
  readonly tone?: 'danger' | 'primary'
  /** Called on confirm; close the dialog through `open` when the action is done. */
  readonly onConfirm: () => void | Promise<void>
  /** Disables the buttons while the confirmed action runs. */
  readonly busy?: boolean
  /** An error in words shown inside the dialog (e.g. when the action failed). */
  readonly error?: string
  /** Where focus goes on close when the element that opened the dialog is gone (e.g. deleted). */
  readonly returnFocus?: () => HTMLElement | null | undefined
  readonly className?: string
}

/**
 * A modal question built on Radix Dialog: focus is trapped inside, Escape and Cancel close it,
 * and focus returns to the button that opened it. Rendered in a portal with the theme applied.
 */
export function ConfirmDialog(props: ConfirmDialogProps): ReactNode {
  const { t, theme } = useReportwright()
  const { open, onOpenChange, title, description, busy = false, error } = props
  // Without a Radix Trigger the dialog would return focus to the body; remember the opener.
  const opener = useRef<HTMLElement | null>(null)
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (busy ? undefined : onOpenChange(next))}>
      <Dialog.Portal>
        <Dialog.Overlay className="rw-root rw-dialog-overlay" data-rw-theme={theme} />
        <Dialog.Content
          className={classNames('rw-root rw-dialog', props.className)}
          data-rw-theme={theme}
          role="alertdialog"
          onOpenAutoFocus={() => {
            const active = document.activeElement
            opener.current = active instanceof HTMLElement ? active : null
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            const target = opener.current?.isConnected ? opener.current : props.returnFocus?.()
            target?.focus()
          }}
        >
          <Dialog.Title className="rw-dialog__title">{title}</Dialog.Title>
          <Dialog.Description className="rw-dialog__description">{description}</Dialog.Description>
          {error ? (
            <p className="rw-error-text" role="alert">
              {error}
            </p>
          ) : null}
          <div className="rw-dialog__actions">
            <Dialog.Close asChild>
              <button type="button" className="rw-button" disabled={busy}>
                {t('common.cancel')}
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="rw-button"
              data-variant={props.tone ?? 'danger'}
              disabled={busy}
              aria-busy={busy}
              onClick={() => void props.onConfirm()}
            >
              {props.confirmLabel ?? t('common.confirm')}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
