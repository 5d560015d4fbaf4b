import { useState } from 'react'
import type { ReactNode } from 'react'
import { DeliverySpecSchema } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import type { WizardStepProps } from './step-props'

const EmailSchema = DeliverySpecSchema.shape.recipients.element.shape.email

/** Email recipients as removable chips, added one at a time with immediate validation. */
export function RecipientList({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)('delivery.recipients')
  const [draft, setDraft] = useState('')
  const [problem, setProblem] = useState<string>()
  const recipients = wizard.definition.delivery?.recipients ?? []
  const full = recipients.length >= wizard.offered.maxRecipients
  const add = (): void => {
    const email = draft.trim()
    if (!EmailSchema.safeParse(email).success) {
      setProblem(t('wizard.error.email'))
      return
    }
    if (recipients.some((entry) => entry.email.toLowerCase() === email.toLowerCase())) {
      setProblem(t('wizard.delivery.duplicate', { email }))
      return
    }
    wizard.settings.addRecipient({ email })
    setDraft('')
    setProblem(undefined)
  }
  const message = problem ?? control.error
  const describedBy = [`${control.props.id}-hint`, message ? control.errorId : undefined]
    .filter(Boolean)
    .join(' ')
  return (
    <div className="rw-wizard__recipients">
      <div className="rw-wizard__control">
        <label htmlFor={control.props.id} className="rw-wizard__label">
          {t('wizard.delivery.recipient')}
        </label>
        <div className="rw-wizard__inline">
          <input
            id={control.props.id}
            type="email"
            className="rw-input"
            value={draft}
            disabled={full}
            autoComplete="off"
            aria-describedby={describedBy}
            {...(message ? { 'aria-invalid': true } : {})}
            onChange={(event) => {
              setDraft(event.target.value)
              setProblem(undefined)
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault()
                add()
              }
            }}
          />
          <button type="button" className="rw-button" disabled={full} onClick={add}>
            {t('wizard.delivery.addRecipient')}
          </button>
        </div>
        <p id={`${control.props.id}-hint`} className="rw-wizard__hint">
          {t('wizard.delivery.recipientHint', { max: wizard.offered.maxRecipients })}
        </p>
        <FieldError id={control.errorId} message={message} />
      </div>
      <ul className="rw-wizard__chips" aria-label={t('wizard.delivery.recipients')}>
        {recipients.map((recipient, index) => {
          const error = wizard.errorFor(`delivery.recipients.${index}.email`)
          return (
            <li key={recipient.email} className="rw-wizard__chip" data-invalid={Boolean(error)}>
              <span>
                {recipient.name ? `${recipient.name} <${recipient.email}>` : recipient.email}
              </span>
              <button
                type="button"
                className="rw-wizard__chip-remove"
                aria-label={t('wizard.delivery.removeRecipient', { email: recipient.email })}
                onClick={() => wizard.settings.removeRecipient(index)}
              >
                <span aria-hidden="true">×</span>
              </button>
              {error ? <span className="rw-error-text">{error}</span> : null}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
