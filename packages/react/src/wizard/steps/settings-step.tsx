import type { ReactNode } from 'react'
import { cx } from '../ui/class-names'
import { DeliverySettings } from './delivery-settings'
import { OutputSettings } from './output-settings'
import { ScheduleSettings } from './schedule-settings'
import { SortSettings } from './sort-settings'
import type { WizardStepProps } from './step-props'

/** Step 4: output, sort and limit, schedule, email. */
export function SettingsStep({ wizard, className }: WizardStepProps): ReactNode {
  return (
    <div className={cx('rw-wizard__settings', className)}>
      <OutputSettings wizard={wizard} />
      <SortSettings wizard={wizard} />
      <ScheduleSettings wizard={wizard} />
      <DeliverySettings wizard={wizard} />
    </div>
  )
}
