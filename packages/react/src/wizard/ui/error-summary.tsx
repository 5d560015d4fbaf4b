import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import type { WizardStep } from '../use-report-wizard'
import { useControlIds } from './control-ids'

/**
 * The current step's errors, announced as an alert when they appear; each links to its control.
 * The live region stays mounted so screen readers pick up every change.
 */
export function ErrorSummary(props: { readonly step: WizardStep }): ReactNode {
  const { t } = useReportwright()
  const idsFor = useControlIds()
  const errors = props.step.showErrors ? props.step.errors : []
  return (
    <div role="alert" className="rw-wizard__error-summary" data-empty={errors.length === 0}>
      {errors.length > 0 ? (
        <>
          <p className="rw-wizard__error-title">
            {t('wizard.errorSummary', { count: errors.length })}
          </p>
          <ul>
            {errors.map((error) => (
              <li key={error.path}>
                <a className="rw-error-text" href={`#${idsFor(error.path).id}`}>
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  )
}
