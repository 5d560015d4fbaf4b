import { useMemo } from 'react'
import type { ReactNode } from 'react'
import { ReportPreview } from '../../preview/report-preview'
import type { WizardDraft } from '../model/wizard-types'
import type { WizardStepProps } from './step-props'

// Parts of a draft that change its rows; the name, description, schedule and delivery do not.
const NOT_ROWS = /^(name|description|schedule|delivery)(\.|$)/

/** Whether the draft's row-shaping parts are valid, so a preview can be asked for. */
export function previewReady(wizard: WizardStepProps['wizard']): boolean {
  return wizard.errors.every((error) => NOT_ROWS.test(error.path))
}

/**
 * The first page of real rows and the chart of the draft, from `client.preview`. Only the parts
 * that shape the rows are sent, so typing the report's name does not reload the preview.
 */
export function DraftPreview({ wizard, className }: WizardStepProps): ReactNode {
  const {
    name,
    description: _description,
    schedule: _schedule,
    delivery: _delivery,
    ...rows
  } = wizard.definition
  const rowsKey = JSON.stringify(rows)
  const definition = useMemo(
    // The server wants a name; the caption shows the draft's own.
    () => ({ ...(JSON.parse(rowsKey) as Omit<WizardDraft, 'name'>), name: 'preview' }),
    [rowsKey],
  )
  return (
    <ReportPreview
      definition={definition}
      name={name.trim() || undefined}
      limit={20}
      className={className}
    />
  )
}
