import { DELIVERY_CHANNELS, SCHEDULE_FREQUENCIES } from '@reportwright/core/client'
import type { ResolvedCapabilities, ScheduleFrequency } from '@reportwright/core/client'
import { OUTPUT_FORMATS } from '@reportwright/core/model'
import type { OutputFormat } from '@reportwright/core/model'

/** What the wizard's controls offer once the user's capabilities are known. */
export interface OfferedChoices {
  readonly formats: readonly OutputFormat[]
  readonly frequencies: readonly ScheduleFrequency[]
  readonly canSchedule: boolean
  /** Whether the email delivery channel is allowed. */
  readonly canEmail: boolean
  readonly maxRecipients: number
}

/** Narrows every choice to the capabilities; without them, the model's full range. */
export function offeredChoices(capabilities: ResolvedCapabilities | undefined): OfferedChoices {
  if (!capabilities) {
    return {
      formats: OUTPUT_FORMATS,
      frequencies: SCHEDULE_FREQUENCIES,
      canSchedule: true,
      canEmail: DELIVERY_CHANNELS.includes('email'),
      maxRecipients: 100,
    }
  }
  return {
    formats: OUTPUT_FORMATS.filter((format) => capabilities.formats.includes(format)),
    frequencies: SCHEDULE_FREQUENCIES.filter((frequency) =>
      capabilities.scheduleFrequencies.includes(frequency),
    ),
    canSchedule: capabilities.canSchedule && capabilities.scheduleFrequencies.length > 0,
    canEmail: capabilities.deliveryChannels.includes('email'),
    maxRecipients: capabilities.maxRecipients,
  }
}
