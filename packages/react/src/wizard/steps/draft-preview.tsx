import type { ReactNode } from 'react'
import { ReportPreview } from '../../preview/report-preview'
import type { WizardStepProps } from './step-props'

/** The first page of real rows and the chart of the draft, from `client.preview`. */
export function DraftPreview({ wizard, className }: WizardStepProps): ReactNode {
  return <ReportPreview definition={wizard.definition} limit={20} className={className} />
}
