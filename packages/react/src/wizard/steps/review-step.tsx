import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import { cx } from '../ui/class-names'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { DraftPreview, previewReady } from './draft-preview'
import type { WizardStepProps } from './step-props'

/** Step 5: name the report, look at real rows and the chart, save, run now. */
export function ReviewStep({ wizard, className }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)
  const name = control('name')
  const description = control('description')
  const { saveState, runState } = wizard
  // The preview needs valid fields and filters only: a name still being typed does not hide it.
  const ready = previewReady(wizard)
  return (
    <div className={cx('rw-wizard__review', className)}>
      <div className="rw-wizard__details">
        <div className="rw-wizard__control">
          <label htmlFor={name.props.id} className="rw-wizard__label">
            {t('wizard.review.name')}
          </label>
          <input
            {...name.props}
            className="rw-input"
            value={wizard.definition.name}
            onChange={(event) => wizard.details.setName(event.target.value)}
          />
          <FieldError id={name.errorId} message={name.error} />
        </div>
        <div className="rw-wizard__control">
          <label htmlFor={description.props.id} className="rw-wizard__label">
            {t('wizard.review.description')}
          </label>
          <textarea
            {...description.props}
            className="rw-textarea"
            rows={2}
            value={wizard.definition.description ?? ''}
            onChange={(event) => wizard.details.setDescription(event.target.value)}
          />
          <FieldError id={description.errorId} message={description.error} />
        </div>
      </div>
      {ready ? (
        <DraftPreview wizard={wizard} />
      ) : (
        <p className="rw-wizard__hint">{t('wizard.review.previewBlocked')}</p>
      )}
      <div className="rw-wizard__actions">
        <button
          type="button"
          className="rw-button"
          data-variant="primary"
          aria-disabled={saveState.status === 'pending' || undefined}
          onClick={() => {
            if (saveState.status !== 'pending') void wizard.save()
          }}
        >
          {saveState.status === 'pending' ? t('wizard.review.saving') : t('wizard.review.save')}
        </button>
        <button
          type="button"
          className="rw-button"
          aria-disabled={runState.status === 'pending' || undefined}
          onClick={() => {
            if (runState.status !== 'pending') void wizard.runNow()
          }}
        >
          {t('wizard.review.runNow')}
        </button>
      </div>
      <div role="status" className="rw-wizard__status">
        {wizard.saved ? <p className="rw-wizard__success">{t('wizard.review.saved')}</p> : null}
        {runState.status === 'done' ? (
          <p className="rw-wizard__success">{t('wizard.review.runStarted')}</p>
        ) : null}
      </div>
      <div role="alert" className="rw-wizard__request-error">
        {saveState.status === 'failed' ? (
          <p className="rw-error-text">
            {t('wizard.review.saveFailed', { reason: saveState.error ?? '' })}
          </p>
        ) : null}
        {runState.status === 'failed' ? (
          <p className="rw-error-text">
            {t('wizard.review.runFailed', { reason: runState.error ?? '' })}
          </p>
        ) : null}
      </div>
    </div>
  )
}
