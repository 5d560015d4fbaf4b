import { useCallback, useEffect, useRef, useState } from 'react'
import type { ReactElement, ReactNode } from 'react'
import * as Dialog from '@radix-ui/react-dialog'
import { useReportwright } from '../provider/reportwright-context'
import { ReportWizardView } from './report-wizard'
import { cx } from './ui/class-names'
import { useReportWizard } from './use-report-wizard'
import type { UseReportWizardOptions } from './use-report-wizard'

/** Props of {@link ReportWizardDialog}. */
export interface ReportWizardDialogProps extends UseReportWizardOptions {
  /** Controlled open state; leave out (with `defaultOpen`) to let the dialog keep its own. */
  readonly open?: boolean
  readonly defaultOpen?: boolean
  readonly onOpenChange?: (open: boolean) => void
  /**
   * The element that opens the dialog (a button). Without one, open it through `open`: focus
   * still returns on close to the element that had it when the dialog opened.
   */
  readonly trigger?: ReactElement
  /** Dialog title. Defaults to "New report" or "Edit report". */
  readonly title?: string
  readonly className?: string
}

function DialogWizard(props: {
  readonly options: UseReportWizardOptions
  readonly onDirtyChange: (dirty: boolean) => void
}): ReactNode {
  const { options, onDirtyChange } = props
  const wizard = useReportWizard(options)
  useEffect(() => {
    onDirtyChange(wizard.isDirty)
  }, [wizard.isDirty, onDirtyChange])
  useEffect(() => () => onDirtyChange(false), [onDirtyChange])
  return <ReportWizardView wizard={wizard} hideTitle />
}

/**
 * The wizard in a modal dialog (Radix Dialog): focus stays inside, Escape closes, and closing
 * with unsaved changes first asks whether to discard them. A fresh wizard starts on each open.
 */
export function ReportWizardDialog(props: ReportWizardDialogProps): ReactNode {
  const { open, defaultOpen = false, onOpenChange, trigger, title, className, ...options } = props
  const { t, theme } = useReportwright()
  const [ownOpen, setOwnOpen] = useState(defaultOpen)
  const isOpen = open ?? ownOpen
  const [confirming, setConfirming] = useState(false)
  const dirty = useRef(false)
  const setDirty = useCallback((value: boolean) => {
    dirty.current = value
  }, [])
  const setOpen = (next: boolean): void => {
    if (open === undefined) setOwnOpen(next)
    onOpenChange?.(next)
  }
  const requestOpenChange = (next: boolean): void => {
    if (!next && dirty.current) setConfirming(true)
    else setOpen(next)
  }
  // Radix gives focus back only to its Trigger; a dialog opened from elsewhere (an Edit button
  // in a list, a menu) gives it back to whatever had it when it opened.
  const returnFocusTo = useRef<HTMLElement | null>(null)
  const onOpenAutoFocus = (event: Event): void => {
    const active = document.activeElement
    returnFocusTo.current =
      active instanceof HTMLElement && active !== document.body ? active : null
    // Start at the step's heading, not on the Close button: the top of what there is to do.
    const heading = contentRef.current?.querySelector<HTMLElement>('.rw-wizard__step-title')
    if (!heading) return
    event.preventDefault()
    heading.focus()
  }
  const onCloseAutoFocus = (event: Event): void => {
    const previous = returnFocusTo.current
    returnFocusTo.current = null
    if (!previous?.isConnected) return
    event.preventDefault()
    previous.focus()
  }
  const contentRef = useRef<HTMLDivElement>(null)
  const heading = title ?? t(options.reportId ? 'wizard.titleEdit' : 'wizard.title')
  return (
    <Dialog.Root open={isOpen} onOpenChange={requestOpenChange}>
      {trigger ? <Dialog.Trigger asChild>{trigger}</Dialog.Trigger> : null}
      <Dialog.Portal>
        <Dialog.Overlay className="rw-wizard-dialog__overlay" data-rw-theme={theme} />
        <Dialog.Content
          ref={contentRef}
          className={cx('rw-root rw-wizard-dialog', className)}
          data-rw-theme={theme}
          aria-describedby={undefined}
          onOpenAutoFocus={onOpenAutoFocus}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <div className="rw-wizard-dialog__header">
            <Dialog.Title className="rw-wizard-dialog__title">{heading}</Dialog.Title>
            <Dialog.Close className="rw-button rw-wizard-dialog__close">
              {t('common.close')}
            </Dialog.Close>
          </div>
          <DialogWizard options={options} onDirtyChange={setDirty} />
          <Dialog.Root open={confirming} onOpenChange={setConfirming}>
            <Dialog.Portal>
              <Dialog.Overlay className="rw-wizard-dialog__overlay" data-rw-theme={theme} />
              <Dialog.Content
                role="alertdialog"
                className="rw-root rw-wizard-dialog rw-wizard-dialog--confirm"
                data-rw-theme={theme}
              >
                <Dialog.Title className="rw-wizard-dialog__title">
                  {t('wizard.discard.title')}
                </Dialog.Title>
                <Dialog.Description>{t('wizard.discard.text')}</Dialog.Description>
                <div className="rw-wizard__actions">
                  <Dialog.Close className="rw-button">{t('wizard.discard.keep')}</Dialog.Close>
                  <button
                    type="button"
                    className="rw-button"
                    data-variant="danger"
                    onClick={() => {
                      setConfirming(false)
                      dirty.current = false
                      setOpen(false)
                    }}
                  >
                    {t('wizard.discard.confirm')}
                  </button>
                </div>
              </Dialog.Content>
            </Dialog.Portal>
          </Dialog.Root>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
