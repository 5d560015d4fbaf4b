import type { Catalog } from '../catalog/catalog-types'
import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { OutputFormat } from '../model/output'
import type { ReportDefinition } from '../model/report-definition'
import { DELIVERY_CHANNELS, SCHEDULE_FREQUENCIES } from './api-schemas'
import type { ReportCapabilities, ReportRole, ResolvedCapabilities } from './api-schemas'
import { canCreateReports, canManageAllReports } from './report-roles'

const MAX_RECIPIENTS = 100

/** The host's capabilities intersected with the engine's formats and the visible datasets. */
export function resolveCapabilities(
  host: ReportCapabilities | undefined,
  parts: {
    readonly role: ReportRole
    readonly context: RequestContext
    readonly catalog: Catalog
    readonly formats: readonly OutputFormat[]
    readonly schedulePreview: boolean
  },
): ResolvedCapabilities {
  const visible = parts.catalog.describe(parts.context).datasets.map((dataset) => dataset.id)
  const within = <TValue>(all: readonly TValue[], allowed: readonly TValue[] | undefined) =>
    allowed ? all.filter((value) => allowed.includes(value)) : [...all]
  return {
    role: parts.role,
    permissions: {
      createReports: canCreateReports(parts.role),
      manageAllReports: canManageAllReports(parts.role),
    },
    datasets: within(visible, host?.datasets),
    formats: within(parts.formats, host?.formats),
    deliveryChannels: within(DELIVERY_CHANNELS, host?.deliveryChannels),
    scheduleFrequencies: within(SCHEDULE_FREQUENCIES, host?.scheduleFrequencies),
    maxRecipients: Math.min(host?.maxRecipients ?? MAX_RECIPIENTS, MAX_RECIPIENTS),
    canSchedule: host?.canSchedule ?? true,
    schedulePreview: parts.schedulePreview,
  }
}

function refuse(message: string, capability: string): never {
  throw new ReportwrightError({ code: 'FORBIDDEN', message, details: { capability } })
}

/** Throws `FORBIDDEN` when the dataset is outside the user's capabilities. */
export function assertDatasetAllowed(caps: ResolvedCapabilities, dataset: string): void {
  if (!caps.datasets.includes(dataset))
    refuse(`The dataset "${dataset}" is not available to you.`, 'datasets')
}

/** Throws `FORBIDDEN` when the format is outside the user's capabilities. */
export function assertFormatAllowed(caps: ResolvedCapabilities, format: OutputFormat): void {
  if (!caps.formats.includes(format))
    refuse(
      `The format "${format}" is not available to you (allowed: ${caps.formats.join(', ') || 'none'}).`,
      'formats',
    )
}

/** Throws `FORBIDDEN` when a schedule is outside the user's capabilities. */
export function assertScheduleAllowed(
  caps: ResolvedCapabilities,
  schedule: NonNullable<ReportDefinition['schedule']>,
): void {
  if (!caps.canSchedule) refuse('You may not schedule reports.', 'canSchedule')
  if (!caps.scheduleFrequencies.includes(schedule.frequency))
    refuse(
      `A ${schedule.frequency} schedule is not available to you (allowed: ${caps.scheduleFrequencies.join(', ') || 'none'}).`,
      'scheduleFrequencies',
    )
}

/** Checks a whole definition (dataset, formats, schedule, delivery) against the capabilities. */
export function assertDefinitionAllowed(
  caps: ResolvedCapabilities,
  definition: ReportDefinition,
): void {
  assertDatasetAllowed(caps, definition.dataset)
  assertFormatAllowed(caps, definition.output.format)
  if (definition.schedule?.enabled) assertScheduleAllowed(caps, definition.schedule)
  const delivery = definition.delivery
  if (delivery?.enabled) {
    if (!caps.deliveryChannels.includes('email'))
      refuse('You may not send reports by email.', 'deliveryChannels')
    if (delivery.recipients.length > caps.maxRecipients)
      refuse(
        `A report may have at most ${caps.maxRecipients} recipients; this one has ${delivery.recipients.length}.`,
        'maxRecipients',
      )
    if (delivery.attachFormat) assertFormatAllowed(caps, delivery.attachFormat)
  }
}
