import { useRef } from 'react'
import type { ReactNode } from 'react'
import { TEMPLATE_VARIABLES } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { RecipientList } from './recipient-list'
import type { WizardStepProps } from './step-props'
import { insertVariable } from './template-variables'
import { useTemplatePreview } from './use-template-preview'

type TemplateTarget = 'subject' | 'body'

/** Email delivery: recipients, subject and body with variables, and a rendered preview. */
export function DeliverySettings({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)
  const { delivery, name } = wizard.definition
  const enabled = control('delivery')
  const subject = control('delivery.subject')
  const body = control('delivery.body')
  const subjectRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  // Variables go where the person last typed; the body unless the subject was used last.
  const lastTarget = useRef<TemplateTarget>('body')
  const preview = useTemplatePreview(
    delivery ? { subject: delivery.subject, body: delivery.body, reportName: name } : undefined,
  )
  if (!wizard.offered.canEmail && !delivery) return null

  const insert = (variable: string): void => {
    if (!delivery) return
    const target = lastTarget.current
    const element = target === 'subject' ? subjectRef.current : bodyRef.current
    const selection = element
      ? {
          start: element.selectionStart ?? element.value.length,
          end: element.selectionEnd ?? element.value.length,
        }
      : undefined
    const next = insertVariable(delivery[target], variable, selection)
    wizard.settings.updateDelivery({ [target]: next.text })
    // Put the caret after the variable once React has written the new text.
    requestAnimationFrame(() => {
      element?.focus()
      element?.setSelectionRange(next.caret, next.caret)
    })
  }

  return (
    <section className="rw-wizard__section" aria-labelledby={`${enabled.props.id}-title`}>
      <h4 id={`${enabled.props.id}-title`} className="rw-wizard__section-title">
        {t('wizard.delivery.title')}
      </h4>
      <div className="rw-wizard__choice">
        <input
          {...enabled.props}
          type="checkbox"
          checked={delivery !== undefined}
          onChange={(event) => wizard.settings.enableDelivery(event.target.checked)}
        />
        <label htmlFor={enabled.props.id}>{t('wizard.delivery.enable')}</label>
      </div>
      <FieldError id={enabled.errorId} message={enabled.error} />
      {delivery ? (
        <>
          <RecipientList wizard={wizard} />
          <div className="rw-wizard__control">
            <label htmlFor={subject.props.id} className="rw-wizard__label">
              {t('wizard.delivery.subject')}
            </label>
            <input
              {...subject.props}
              ref={subjectRef}
              className="rw-input"
              value={delivery.subject}
              onFocus={() => (lastTarget.current = 'subject')}
              onChange={(event) => wizard.settings.updateDelivery({ subject: event.target.value })}
            />
            <FieldError id={subject.errorId} message={subject.error} />
          </div>
          <div className="rw-wizard__control">
            <label htmlFor={body.props.id} className="rw-wizard__label">
              {t('wizard.delivery.body')}
            </label>
            <textarea
              {...body.props}
              ref={bodyRef}
              className="rw-textarea"
              rows={5}
              value={delivery.body}
              onFocus={() => (lastTarget.current = 'body')}
              onChange={(event) => wizard.settings.updateDelivery({ body: event.target.value })}
            />
            <FieldError id={body.errorId} message={body.error} />
          </div>
          <div
            role="group"
            aria-label={t('wizard.delivery.variables')}
            className="rw-wizard__variables"
          >
            <span className="rw-wizard__label" aria-hidden="true">
              {t('wizard.delivery.variables')}
            </span>
            {TEMPLATE_VARIABLES.map((variable) => (
              <button
                key={variable}
                type="button"
                className="rw-button rw-wizard__variable"
                aria-label={t('wizard.delivery.insert', { variable: `{{${variable}}}` })}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => insert(variable)}
              >
                {`{{${variable}}}`}
              </button>
            ))}
          </div>
          <section
            className="rw-wizard__email-preview"
            aria-labelledby={`${enabled.props.id}-preview`}
            aria-live="polite"
          >
            <h5 id={`${enabled.props.id}-preview`} className="rw-wizard__label">
              {t('wizard.delivery.preview')}
            </h5>
            <p className="rw-wizard__hint">{t('wizard.delivery.previewExample')}</p>
            {preview.preview ? (
              <>
                <p className="rw-wizard__preview-subject">
                  <span className="rw-wizard__muted">{t('wizard.delivery.subject')}: </span>
                  {preview.preview.subject}
                </p>
                <p className="rw-wizard__preview-body">{preview.preview.body}</p>
                {preview.preview.unknownVariables.length > 0 ? (
                  <p className="rw-error-text">
                    {t('wizard.delivery.unknownVariables', {
                      names: preview.preview.unknownVariables.join(', '),
                    })}
                  </p>
                ) : null}
              </>
            ) : null}
            {preview.error ? <p className="rw-error-text">{preview.error}</p> : null}
          </section>
        </>
      ) : null}
    </section>
  )
}
