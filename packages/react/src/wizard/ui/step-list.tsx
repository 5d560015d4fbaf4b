import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import type { ReportWizardState } from '../use-report-wizard'
import { cx } from './class-names'

/** Props of {@link WizardStepList}. */
export interface WizardStepListProps {
  readonly wizard: ReportWizardState
  readonly className?: string
}

/** The ordered list of steps; the current one carries `aria-current="step"`. */
export function WizardStepList({ wizard, className }: WizardStepListProps): ReactNode {
  const { t } = useReportwright()
  return (
    <nav aria-label={t('wizard.steps')} className={cx('rw-wizard__steps', className)}>
      <ol className="rw-wizard__step-list">
        {wizard.steps.map((step) => (
          <li key={step.id} className="rw-wizard__step" data-status={step.status}>
            <button
              type="button"
              className="rw-wizard__step-button"
              {...(step.status === 'current' ? { 'aria-current': 'step' as const } : {})}
              onClick={() => wizard.goTo(step.id)}
            >
              <span className="rw-wizard__step-number" aria-hidden="true">
                {step.index + 1}
              </span>
              <span>{step.label}</span>
              {step.status === 'invalid' ? (
                <span className="rw-visually-hidden"> ({t('wizard.stepHasErrors')})</span>
              ) : step.status === 'complete' ? (
                <span className="rw-visually-hidden"> ({t('wizard.stepComplete')})</span>
              ) : null}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
