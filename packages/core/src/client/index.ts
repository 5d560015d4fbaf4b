/**
 * `@reportwright/core/client`: the typed HTTP client, safe for browsers (no Node imports).
 *
 * @packageDocumentation
 */
export { createClient } from './create-client'
export type {
  ClientPageOptions,
  CreateClientOptions,
  DistinctValuesOptions,
  ExecuteReportOptions,
  ListReportsOptions,
  ReportwrightClient,
  RunFileDownload,
  TemplatePreviewInput,
} from './create-client'
export { ReportwrightError, isReportwrightError } from '../errors/reportwright-error'
export type { ReportwrightErrorCode, ReportwrightErrorDetails } from '../errors/reportwright-error'
export { DELIVERY_CHANNELS, REPORT_ROLES, SCHEDULE_FREQUENCIES } from '../http/api-constants'
export type {
  ApiErrorBody,
  ApiReport,
  ApiReportPage,
  ApiRun,
  ApiRunPage,
  DeliveryChannel,
  ExecuteResponse,
  PreviewResponse,
  ReportCapabilities,
  ReportRole,
  ResolvedCapabilities,
  ScheduleFrequency,
  TemplatePreviewResponse,
  ValuesResponse,
} from '../http/api-schemas'
