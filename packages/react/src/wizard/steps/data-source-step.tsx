import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import { cx } from '../ui/class-names'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import type { WizardStepProps } from './step-props'

/** Step 1: pick the dataset (radio group, arrow keys move between options). */
export function DataSourceStep({ wizard, className }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)('dataset')
  if (wizard.datasets.length === 0 && !wizard.loading) {
    return <p className={cx('rw-wizard__empty', className)}>{t('wizard.source.none')}</p>
  }
  return (
    <fieldset
      className={cx('rw-wizard__fieldset', className)}
      {...(control.error ? { 'aria-describedby': control.errorId } : {})}
    >
      <legend className="rw-wizard__legend">{t('wizard.source.legend')}</legend>
      <div className="rw-wizard__choices">
        {wizard.datasets.map((dataset, index) => {
          const optionId = `${control.props.id}-${dataset.id}`
          const descriptionId = `${optionId}-description`
          return (
            <div key={dataset.id} className="rw-wizard__choice">
              <input
                type="radio"
                name={control.props.id}
                id={index === 0 ? control.props.id : optionId}
                value={dataset.id}
                checked={wizard.definition.dataset === dataset.id}
                onChange={() => wizard.source.setDataset(dataset.id, dataset.label)}
                {...(dataset.description ? { 'aria-describedby': descriptionId } : {})}
                {...(control.error ? { 'aria-invalid': true } : {})}
              />
              <label htmlFor={index === 0 ? control.props.id : optionId}>{dataset.label}</label>
              {dataset.description ? (
                <span id={descriptionId} className="rw-wizard__choice-description">
                  {dataset.description}
                </span>
              ) : null}
            </div>
          )
        })}
      </div>
      <FieldError id={control.errorId} message={control.error} />
    </fieldset>
  )
}
