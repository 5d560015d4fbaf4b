import type { ReactNode } from 'react'
import { cx } from '../ui/class-names'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { FieldPicker } from './field-picker'
import { SelectedFields } from './selected-fields'
import type { WizardStepProps } from './step-props'

/** Step 2: choose the report's columns and how each one is shown. */
export function FieldsStep({ wizard, className }: WizardStepProps): ReactNode {
  const control = useControl(wizard)('fields')
  return (
    <div className={cx('rw-wizard__fields', className)}>
      <FieldError id={control.errorId} message={control.error} />
      <div className="rw-wizard__fields-columns">
        <FieldPicker wizard={wizard} />
        <SelectedFields wizard={wizard} />
      </div>
    </div>
  )
}
