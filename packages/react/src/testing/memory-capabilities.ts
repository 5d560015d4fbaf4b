import { DELIVERY_CHANNELS, SCHEDULE_FREQUENCIES } from '@reportwright/core/client'
import type { ReportRole, ResolvedCapabilities } from '@reportwright/core/client'
import { OUTPUT_FORMATS } from '@reportwright/core/model'
import type { ReportDefinition } from '@reportwright/core/model'
import { LISTED_DATASETS } from './sample-catalog'
import type { MemoryClientOptions } from './memory-client-types'
import { apiError } from './memory-errors'

/** The options' capabilities resolved the way the server's `GET /capabilities` does. */
export function resolveMemoryCapabilities(options: MemoryClientOptions): ResolvedCapabilities {
  const host = options.capabilities
  const role: ReportRole = options.role ?? 'user'
  const within = <TValue>(all: readonly TValue[], allowed: readonly TValue[] | undefined) =>
    allowed ? all.filter((value) => allowed.includes(value)) : [...all]
  return {
    role,
    permissions: {
      createReports: role !== 'readonly',
      manageAllReports: role === 'owner' || role === 'admin' || role === 'manager',
    },
    datasets: within(LISTED_DATASETS, host?.datasets),
    formats: within(OUTPUT_FORMATS, host?.formats),
    deliveryChannels: within(DELIVERY_CHANNELS, host?.deliveryChannels),
    scheduleFrequencies: within(SCHEDULE_FREQUENCIES, host?.scheduleFrequencies),
    maxRecipients: Math.min(host?.maxRecipients ?? 100, 100),
    canSchedule: host?.canSchedule ?? true,
    schedulePreview: true,
  }
}

const refuse = (message: string, capability: string) =>
  apiError('FORBIDDEN', message, { capability })

/** Throws `FORBIDDEN` when the dataset is outside the capabilities. */
export function assertDatasetAllowed(caps: ResolvedCapabilities, dataset: string): void {
  if (!caps.datasets.includes(dataset))
    throw refuse(`The dataset "${dataset}" is not available to you.`, 'datasets')
}

/** Throws `FORBIDDEN` when a saved definition uses something the capabilities leave out. */
export function assertDefinitionAllowed(
  caps: ResolvedCapabilities,
  definition: ReportDefinition,
): void {
  assertDatasetAllowed(caps, definition.dataset)
  if (!caps.formats.includes(definition.output.format))
    throw refuse(`The format "${definition.output.format}" is not available to you.`, 'formats')
  const schedule = definition.schedule
  if (schedule?.enabled) {
    if (!caps.canSchedule) throw refuse('You may not schedule reports.', 'canSchedule')
    if (!caps.scheduleFrequencies.includes(schedule.frequency))
      throw refuse(
        `A ${schedule.frequency} schedule is not available to you.`,
        'scheduleFrequencies',
      )
  }
  const delivery = definition.delivery
  if (delivery?.enabled) {
    if (!caps.deliveryChannels.includes('email'))
      throw refuse('You may not send reports by email.', 'deliveryChannels')
    if (delivery.recipients.length > caps.maxRecipients)
      throw refuse(`At most ${caps.maxRecipients} recipients are allowed.`, 'maxRecipients')
  }
}
