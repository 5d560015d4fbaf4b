import type { ReportWizardState } from '../use-report-wizard'

/** Props every step component takes. */
export interface WizardStepProps {
  /** The wizard state from {@link useReportWizard}. */
  readonly wizard: ReportWizardState
  readonly className?: string
}
