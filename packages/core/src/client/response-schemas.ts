import {
  ApiReportSchema,
  ApiRunSchema,
  DatasetsResponseSchema,
  ExecuteResponseSchema,
  FieldsResponseSchema,
  PreviewResponseSchema,
  ReportPageSchema,
  ResolvedCapabilitiesSchema,
  RunPageSchema,
  SchedulePreviewResponseSchema,
  TemplatePreviewResponseSchema,
  ValuesResponseSchema,
} from '../http/api-schemas'

/**
 * The schema of each response the client checks. Loaded on first use, and only when responses
 * are checked, so a production bundle does not carry them.
 */
export const RESPONSE_SCHEMAS = {
  capabilities: ResolvedCapabilitiesSchema,
  datasets: DatasetsResponseSchema,
  fields: FieldsResponseSchema,
  values: ValuesResponseSchema,
  preview: PreviewResponseSchema,
  reportPage: ReportPageSchema,
  report: ApiReportSchema,
  execute: ExecuteResponseSchema,
  runPage: RunPageSchema,
  run: ApiRunSchema,
  schedulePreview: SchedulePreviewResponseSchema,
  templatePreview: TemplatePreviewResponseSchema,
} as const
