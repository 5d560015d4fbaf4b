import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import type { ReportWizardState } from '../use-report-wizard'

/** Back and Next; Next is left out on the last step, whose own buttons save and run. */
export function WizardFooter(props: {
  readonly wizard: ReportWizardState
  readonly onBlocked: () => void
}): ReactNode {
  const { wizard, onBlocked } = props
  const { t } = useReportwright()
  const first = wizard.steps[0]?.id === wizard.currentStep
  const last = wizard.steps.at(-1)?.id === wizard.currentStep
  return (
    <div className="rw-wizard__footer">
      {first ? null : (
        <button type="button" className="rw-button" onClick={() => wizard.back()}>
          {t('wizard.back')}
        </button>
      )}
      {last ? null : (
        <button
          type="button"
          className="rw-button rw-wizard__next"
          data-variant="primary"
          onClick={() => {
            if (!wizard.next()) onBlocked()
          }}
        >
          {t('wizard.next')}
        </button>
      )}
    </div>
  )
}
